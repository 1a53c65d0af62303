// What gzip costs and saves on blast-radius listings (issue 19 item 4): bodies shaped like
// GET …/blast-radius (one object per reached asset: UUIDs, FQN, depth, dependency type, owner
// team) for 1 to 18,000 assets, compressed at zlib levels 1, 6 and 9 by the server's own
// gzipCompress. Prints bytes before and after, the CPU per response, and the bytes saved per
// microsecond of CPU — the numbers behind the defaults of RESPONSE_GZIP / GZIP_MIN_BYTES /
// GZIP_LEVEL. In-process: the wire itself is measured by the HTTP benchmarks.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "server/http/response_compression.hpp"

using Clock = std::chrono::steady_clock;

namespace {

std::string uuid(std::mt19937_64& random) {
    static const char* hex = "0123456789abcdef";
    std::string text(36, '-');
    for (size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        text[i] = hex[random() & 15];
    }
    return text;
}

// The listing's shape (server/handlers/blast_radius.cpp): 20 teams, FQNs of 3 parts.
std::string listing(size_t assets, std::mt19937_64& random) {
    std::vector<std::string> teams;
    for (int t = 0; t < 20; ++t) teams.push_back(uuid(random));
    std::string body = "{\"asset_id\":\"" + uuid(random) +
                       "\",\"fqn\":\"warehouse.core.orders\",\"direction\":\"downstream\","
                       "\"depth\":10,\"assets\":[";
    for (size_t i = 0; i < assets; ++i) {
        const size_t team = random() % teams.size();
        if (i) body += ',';
        body += "{\"asset_id\":\"" + uuid(random) + "\",\"fqn\":\"warehouse.schema_" +
                std::to_string(random() % 50) + ".table_" + std::to_string(i) +
                "\",\"depth\":" + std::to_string(1 + random() % 10) +
                ",\"dependency_type\":\"transforms\",\"owner_team_id\":\"" + teams[team] +
                "\",\"owner_team_name\":\"team-" + std::to_string(team) + "\",\"deleted\":false}";
    }
    body += "],\"consumers\":[],\"totals\":{\"assets\":" + std::to_string(assets) + "}}";
    return body;
}

double microsPerCompression(const std::string& body, int level) {
    const int repetitions = static_cast<int>(std::clamp<size_t>(4'000'000 / body.size(), 3, 2000));
    std::vector<double> samples;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = Clock::now();
        const std::string compressed = tessera::server::gzipCompress(body, level);
        samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (compressed.empty()) std::abort();
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

}  // namespace

int main() {
    std::mt19937_64 random(19);
    std::printf("%7s %10s %5s %10s %7s %10s %12s\n", "assets", "bytes", "level", "gzipped", "ratio",
                "cpu_us", "saved_B/us");
    for (size_t assets : {1, 5, 50, 350, 1092, 5000, 18000}) {
        const std::string body = listing(assets, random);
        for (int level : {1, 6, 9}) {
            const size_t gzipped = tessera::server::gzipCompress(body, level).size();
            const double micros = microsPerCompression(body, level);
            std::printf("%7zu %10zu %5d %10zu %6.1f%% %10.1f %12.0f\n", assets, body.size(), level,
                        gzipped, 100.0 * static_cast<double>(gzipped) / body.size(), micros,
                        (static_cast<double>(body.size()) - gzipped) / micros);
        }
    }
    return 0;
}
