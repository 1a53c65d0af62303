// Two replicas on one database: a key revoked on A is refused on B within 100 ms, although B
// had just verified it (and would otherwise trust its credential cache for 5 s).
#include <algorithm>
#include <cstdio>

#include "tests/support/catch.hpp"
#include "tests/support/database_tampering.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

TEST_CASE("a key revoked on one replica is refused on another within 100 ms",
          "[fault][replicas][auth]") {
    SecuredServer replicaA;
    TestServer replicaB({{"AUTH_DISABLED", "false"}, {"BOOTSTRAP_API_KEY", kBootstrapKey}},
                        replicaA.server().databaseUrl());
    const auto& a = replicaA.http();
    const auto& b = replicaB.client();
    const std::string team = replicaA.createTeam("replicas-" + uniqueSuffix());

    std::vector<std::chrono::milliseconds> delays;
    for (int round = 0; round < 5; ++round) {
        const auto [keyId, key] = replicaA.createKeyRecord(team, R"(["read"])");
        REQUIRE(b.get("/api/v1/teams", bearer(key)).status == 200);  // B caches it

        REQUIRE(a.del("/api/v1/api-keys/" + keyId, bearer(kBootstrapKey)).status == 200);
        const auto refused =
            waitFor([&] { return b.get("/api/v1/teams", bearer(key)).status == 401; }, 6s);
        REQUIRE(refused >= 0ms);
        delays.push_back(refused);
    }
    std::sort(delays.begin(), delays.end());
    std::printf("revocation: refused on the other replica after %lld ms (slowest of 5)\n",
                static_cast<long long>(delays.back().count()));
    CHECK(delays.back() <= 100ms);
}
