// Cost of one schema diff (core/schema_diff) as the schemas grow: N properties all renamed and
// an N-value enum shifted by one, for N = 2k, 20k and 200k. Linear time shows as a flat cost per
// property across the sizes (a quadratic walk would grow tenfold per step).
#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/schema_diff.hpp"

using Clock = std::chrono::steady_clock;

namespace {

std::string objectSchema(const std::string& prefix, int count, int enumOffset) {
    std::string properties, values;
    for (int i = 0; i < count; ++i) {
        properties += (i ? ",\"" : "\"") + prefix + std::to_string(i) + "\":{}";
        values += (i ? "," : "") + std::to_string(i + enumOffset);
    }
    return R"({"type":"object","properties":{)" + properties + R"(},"enum":[)" + values + "]}";
}

}  // namespace

int main() {
    for (int count : {2000, 20000, 200000}) {
        rapidjson::Document before, after;
        before.Parse(objectSchema("o", count, 0).c_str());
        after.Parse(objectSchema("n", count, 1).c_str());
        const auto start = Clock::now();
        const auto result = tessera::core::diffSchemas(before, after);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf("%7d properties: %zu changes in %8.2f ms, %6.1f ns per property\n", count,
                    result.changes.size(), seconds * 1e3, seconds * 1e9 / count);
    }
    return 0;
}
