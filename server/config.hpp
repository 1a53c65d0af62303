// Configuration, read once at start-up from the environment (names of spec 01 §14, matched
// case-insensitively) and an optional `.env` file in the working directory; real environment
// variables win. A bad value stops start-up with a one-line message naming the variable.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::server {

// The SESSION_SECRET_KEY of development set-ups; `tessera serve` warns when it is in use.
inline constexpr std::string_view kDevelopmentSessionSecret = "tessera-development-session-secret";

class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Config {
    std::string environment = "development";
    std::string databaseUrl;  // libpq URI (converted from DATABASE_URL)
    // DATABASE_REPLICA_URL (same forms): a streaming replica for reads; empty = none.
    std::string replicaDatabaseUrl;
    int replicaMaxLagMs = 5000;         // REPLICA_MAX_LAG_MS: beyond this, reads use the primary
    int replicaCheckIntervalMs = 1000;  // REPLICA_CHECK_INTERVAL_MS: how often the lag is measured
    std::string apiHost = "0.0.0.0";
    int apiPort = 8000;
    std::vector<std::string> corsOrigins = {"http://localhost:3000", "http://localhost:5173",
                                            "http://127.0.0.1:3000", "http://127.0.0.1:5173"};
    std::vector<std::string> corsAllowMethods = {"GET", "POST", "PATCH", "DELETE", "OPTIONS"};
    bool authDisabled = false;
    std::string bootstrapApiKey;
    std::string sessionSecretKey = std::string(kDevelopmentSessionSecret);
    // SESSION_COOKIE_SECURE: the session cookie carries `Secure` on every response, not only on
    // requests that came over TLS (X-Forwarded-Proto: https).
    bool sessionCookieSecure = false;
    bool rateLimitEnabled = true;
    std::string rateLimitRead = "1000/minute";
    std::string rateLimitWrite = "100/minute";
    std::string rateLimitAdmin = "50/minute";
    std::string rateLimitGlobal = "5000/minute";
    // POST /login attempts per client address and per e-mail (issue 17), counted whatever the
    // outcome; RATE_LIMIT_ENABLED=false turns them off with the others.
    std::string loginRateLimitAddress = "30/minute";
    std::string loginRateLimitEmail = "10/minute";
    int paginationLimitDefault = 50;
    int paginationLimitMax = 100;
    long long maxSchemaSizeBytes = 1000000;
    int maxSchemaProperties = 1000;
    int maxFqnLength = 1000;
    int maxTeamNameLength = 255;
    std::string defaultEnvironment = "production";
    int impactDepthDefault = 5;
    int impactDepthMax = 10;
    std::string gitSyncPath;
    // DOCS_ASSETS_DIR: where `npm ci` in web/docs put swagger-ui-dist (GET /docs); by default
    // the checkout's web/docs/node_modules/swagger-ui-dist.
    std::string docsAssetsDir;
    std::string webhookUrl;
    std::string webhookSecret;
    std::string slackWebhookUrl;
    std::string redisUrl;
    int cacheTtl = 300;
    int cacheTtlContract = 600;
    int cacheTtlAsset = 300;
    int cacheTtlTeam = 300;
    int cacheTtlSchema = 3600;
    int dbPoolSize = 20;
    int dbMaxOverflow = 10;
    int dbPoolTimeoutSeconds = 30;
    int dbPoolRecycleSeconds = 3600;
    int dbLockTimeoutMs = 5000;  // DB_LOCK_TIMEOUT_MS; 0 = wait for locks without a bound

    // Tessera's own knobs (not in the original service).
    int workerThreads = 0;                          // TESSERA_THREADS; 0 = one per core
    size_t maxRequestBodyBytes = 16 * 1024 * 1024;  // MAX_REQUEST_BODY_BYTES
    // SYNC_MAX_BODY_BYTES: bodies of the /api/v1/sync routes (dbt manifests are big) and the
    // largest manifest file POST /sync/dbt reads.
    size_t syncMaxBodyBytes = 64 * 1024 * 1024;
    int maxJsonDepth = 128;         // MAX_JSON_DEPTH
    std::string logLevel = "info";  // LOG_LEVEL: debug, info, warning, error
    std::string logFormat;          // LOG_FORMAT: json, text; empty = by tty
    int slowRequestMs = 1000;       // SLOW_REQUEST_MS: access line at warning
    // Gzip for responses that ask for it (benchmarks/gzip_bench chose the defaults).
    bool responseGzip = true;    // RESPONSE_GZIP
    size_t gzipMinBytes = 1400;  // GZIP_MIN_BYTES: smaller bodies fit one packet anyway
    int gzipLevel = 1;           // GZIP_LEVEL: zlib 1-9
    // BLAST_RADIUS_CACHE_MB: blast-radius bodies kept per graph revision
    // (server/cache/rendered_body_cache.hpp); 0 turns the cache off.
    size_t blastRadiusCacheMb = 64;
    int deliveryWorkers = 2;  // DELIVERY_WORKERS (webhook/Slack senders)
    // WEBHOOK_RETRY_DELAYS: seconds to wait after each failed attempt (spec 04 §3.4: 1 s, then
    // 5 s, three attempts in all); a list, so tests can shorten the waits.
    std::vector<double> webhookRetryDelays = {1.0, 5.0};
    // The web UI's files (spec 04 §5): WEB_STATIC_DIR is served under /static/, WEB_VENDOR_DIR
    // (where npm installed the graph library) under /static/vendor/. Defaults: web/static and
    // web/node_modules of the source tree the binary was built from.
    std::string webStaticDir;
    std::string webVendorDir;
    // OPENLINEAGE_ENVIRONMENTS: dataset namespace → asset environment for POST /lineage
    // (docs/openlineage.md); namespaces not listed get DEFAULT_ENVIRONMENT.
    std::map<std::string, std::string> openLineageEnvironments;

    bool isProduction() const { return environment == "production"; }
};

// Variables as a case-insensitive map (upper-cased names): the process environment over the
// `.env` file at `dotenvPath` (ignored when missing).
std::map<std::string, std::string> collectEnvironment(const std::string& dotenvPath);

Config loadConfig(const std::map<std::string, std::string>& variables);

// Boolean spellings of spec 01 §1.3; nullopt when the text is none of them.
std::optional<bool> parseBooleanText(const std::string& text);

// A JSON array of strings or a comma-separated list (items trimmed, empties dropped).
std::vector<std::string> parseListSetting(const std::string& name, const std::string& text);

// OPENLINEAGE_ENVIRONMENTS: a JSON object {"<namespace>": "<environment>"} or comma-separated
// `<namespace>=<environment>` pairs; environments of 1..50 characters.
std::map<std::string, std::string> parseNamespaceEnvironments(const std::string& text);

}  // namespace tessera::server
