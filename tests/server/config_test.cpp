#include "server/config.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::server;
using tessera::testing::textContains;
using tessera::testing::textStartsWith;

TEST_CASE("defaults match spec 01 §14", "[config]") {
    Config config = loadConfig({});
    CHECK(config.apiPort == 8000);
    CHECK(config.paginationLimitDefault == 50);
    CHECK(config.paginationLimitMax == 100);
    CHECK(config.rateLimitEnabled);
    CHECK_FALSE(config.authDisabled);
    CHECK(config.corsOrigins.size() == 4);
    CHECK(config.databaseUrl.rfind("postgresql://", 0) == 0);
}

TEST_CASE("DATABASE_URL accepts the SQLAlchemy driver form", "[config]") {
    Config config = loadConfig({{"DATABASE_URL", "postgresql+asyncpg://u:p@db:5432/tessera"}});
    CHECK(config.databaseUrl == "postgresql://u:p@db:5432/tessera");
    Config ssl = loadConfig({{"DATABASE_URL", "postgresql+asyncpg://u@db/t?ssl=require"}});
    CHECK(ssl.databaseUrl == "postgresql://u@db/t?sslmode=require");
    CHECK_THROWS_WITH(loadConfig({{"DATABASE_URL", "sqlite+aiosqlite:///x.db"}}),
                      textContains("DATABASE_URL"));
}

TEST_CASE("DATABASE_REPLICA_URL: the same forms, off when unset or blank", "[config]") {
    CHECK(loadConfig({}).replicaDatabaseUrl.empty());
    CHECK(loadConfig({{"DATABASE_REPLICA_URL", "  "}}).replicaDatabaseUrl.empty());
    Config config = loadConfig({{"DATABASE_REPLICA_URL", "postgresql+asyncpg://u@replica/t"},
                                {"REPLICA_MAX_LAG_MS", "2500"},
                                {"REPLICA_CHECK_INTERVAL_MS", "200"}});
    CHECK(config.replicaDatabaseUrl == "postgresql://u@replica/t");
    CHECK(config.replicaMaxLagMs == 2500);
    CHECK(config.replicaCheckIntervalMs == 200);
    CHECK(loadConfig({}).replicaMaxLagMs == 5000);
    CHECK_THROWS_WITH(loadConfig({{"DATABASE_REPLICA_URL", "mysql://x/y"}}),
                      textStartsWith("DATABASE_REPLICA_URL"));
    CHECK_THROWS_WITH(loadConfig({{"REPLICA_MAX_LAG_MS", "0"}}),
                      textStartsWith("REPLICA_MAX_LAG_MS"));
    CHECK_THROWS_WITH(loadConfig({{"REPLICA_CHECK_INTERVAL_MS", "soon"}}),
                      textStartsWith("REPLICA_CHECK_INTERVAL_MS"));
}

TEST_CASE("a bad value names the variable", "[config]") {
    CHECK_THROWS_WITH(loadConfig({{"AUTH_DISABLED", "maybe"}}), textStartsWith("AUTH_DISABLED"));
    CHECK_THROWS_WITH(loadConfig({{"API_PORT", "eighty"}}), textStartsWith("API_PORT"));
    CHECK_THROWS_WITH(loadConfig({{"API_PORT", "70000"}}), textStartsWith("API_PORT"));
    CHECK_THROWS_WITH(loadConfig({{"CORS_ORIGINS", "[1,2]"}}), textStartsWith("CORS_ORIGINS"));
}

TEST_CASE("booleans accept the spec spellings", "[config]") {
    CHECK(loadConfig({{"AUTH_DISABLED", "yes"}}).authDisabled);
    CHECK(loadConfig({{"AUTH_DISABLED", "ON"}}).authDisabled);
    CHECK_FALSE(loadConfig({{"RATE_LIMIT_ENABLED", "0"}}).rateLimitEnabled);
}

TEST_CASE("PORT and API_PORT both set the port; API_PORT wins", "[config]") {
    CHECK(loadConfig({{"PORT", "9000"}}).apiPort == 9000);
    CHECK(loadConfig({{"PORT", "9000"}, {"API_PORT", "9001"}}).apiPort == 9001);
}

TEST_CASE("lists are JSON arrays or comma-separated", "[config]") {
    CHECK(parseListSetting("X", R"(["https://a.example","https://b.example"])") ==
          std::vector<std::string>{"https://a.example", "https://b.example"});
    CHECK(parseListSetting("X", " https://a.example , ,https://b.example ") ==
          std::vector<std::string>{"https://a.example", "https://b.example"});
}

TEST_CASE("logging settings are checked at start-up", "[config]") {
    CHECK(loadConfig({{"LOG_LEVEL", "WARNING"}}).logLevel == "warning");
    CHECK(loadConfig({{"LOG_FORMAT", "json"}}).logFormat == "json");
    CHECK(loadConfig({}).logFormat.empty());  // by terminal
    CHECK(loadConfig({}).slowRequestMs == 1000);
    CHECK_THROWS_WITH(loadConfig({{"LOG_LEVEL", "loud"}}), textStartsWith("LOG_LEVEL"));
    CHECK_THROWS_WITH(loadConfig({{"LOG_FORMAT", "xml"}}), textStartsWith("LOG_FORMAT"));
    CHECK_THROWS_WITH(loadConfig({{"SLOW_REQUEST_MS", "0"}}), textStartsWith("SLOW_REQUEST_MS"));
}

TEST_CASE("web UI settings: session secret, Secure cookies, file roots, login limits", "[config]") {
    Config defaults = loadConfig({});
    CHECK(defaults.sessionSecretKey == kDevelopmentSessionSecret);
    CHECK_FALSE(defaults.sessionCookieSecure);
    CHECK(defaults.webStaticDir.size() > std::string("/web/static").size());
    CHECK(defaults.webStaticDir.compare(defaults.webStaticDir.size() - 11, 11, "/web/static") == 0);
    CHECK(defaults.webVendorDir.compare(defaults.webVendorDir.size() - 17, 17,
                                        "/web/node_modules") == 0);
    CHECK(defaults.loginRateLimitAddress == "30/minute");
    CHECK(defaults.loginRateLimitEmail == "10/minute");

    Config set = loadConfig({{"SESSION_SECRET_KEY", "s3cret"},
                             {"SESSION_COOKIE_SECURE", "true"},
                             {"WEB_STATIC_DIR", "/srv/static"},
                             {"WEB_VENDOR_DIR", "/srv/vendor"},
                             {"LOGIN_RATE_LIMIT_EMAIL", "3 per 10 seconds"}});
    CHECK(set.sessionSecretKey == "s3cret");
    CHECK(set.sessionCookieSecure);
    CHECK(set.webStaticDir == "/srv/static");
    CHECK(set.webVendorDir == "/srv/vendor");
    CHECK(set.loginRateLimitEmail == "3 per 10 seconds");

    CHECK_THROWS_WITH(loadConfig({{"SESSION_SECRET_KEY", ""}}),
                      textStartsWith("SESSION_SECRET_KEY"));
    CHECK_THROWS_WITH(loadConfig({{"SESSION_COOKIE_SECURE", "sometimes"}}),
                      textStartsWith("SESSION_COOKIE_SECURE"));
    CHECK_THROWS_WITH(loadConfig({{"LOGIN_RATE_LIMIT_ADDRESS", "lots"}}),
                      textStartsWith("LOGIN_RATE_LIMIT_ADDRESS"));
}

TEST_CASE("OPENLINEAGE_ENVIRONMENTS maps namespaces to environments", "[config]") {
    CHECK(loadConfig({}).openLineageEnvironments.empty());
    const auto json =
        loadConfig({{"OPENLINEAGE_ENVIRONMENTS",
                     R"({"postgres://prod:5432":"production","s3://stg":"staging"})"}})
            .openLineageEnvironments;
    CHECK(json.size() == 2);
    CHECK(json.at("s3://stg") == "staging");
    const auto pairs = loadConfig({{"OPENLINEAGE_ENVIRONMENTS",
                                    " postgres://prod:5432 = production , s3://stg=staging"}})
                           .openLineageEnvironments;
    CHECK(pairs == json);
    for (const char* bad : {"no-equals", "ns=", R"({"ns":1})", "{not json",
                            "ns=012345678901234567890123456789012345678901234567890"}) {
        INFO(bad);
        CHECK_THROWS_WITH(loadConfig({{"OPENLINEAGE_ENVIRONMENTS", bad}}),
                          textStartsWith("OPENLINEAGE_ENVIRONMENTS"));
    }
}
