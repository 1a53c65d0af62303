#include "server/config.hpp"

#include <cstdlib>

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>

#include "core/text.hpp"
#include "server/middleware/rate_limiter.hpp"
#include "store/database_url.hpp"

extern char** environ;

namespace tessera::server {
namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

class Reader {
  public:
    explicit Reader(const std::map<std::string, std::string>& variables) : vars_(variables) {}

    std::optional<std::string> raw(const std::string& name) const {
        auto it = vars_.find(name);
        if (it == vars_.end()) return std::nullopt;
        return it->second;
    }
    void text(const std::string& name, std::string& target) const {
        if (auto value = raw(name)) target = *value;
    }
    void boolean(const std::string& name, bool& target) const {
        auto value = raw(name);
        if (!value) return;
        auto parsed = parseBooleanText(trim(*value));
        if (!parsed)
            throw ConfigError(name + ": expected a boolean (true/false), got '" + *value + "'");
        target = *parsed;
    }
    template <typename Int>
    void integer(const std::string& name, Int& target, long long min, long long max) const {
        auto value = raw(name);
        if (!value) return;
        const std::string text = trim(*value);
        size_t used = 0;
        long long parsed = 0;
        try {
            parsed = std::stoll(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (text.empty() || used != text.size()) {
            throw ConfigError(name + ": expected an integer, got '" + *value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ConfigError(name + ": " + text + " is outside " + std::to_string(min) + ".." +
                              std::to_string(max));
        }
        target = static_cast<Int>(parsed);
    }

  private:
    const std::map<std::string, std::string>& vars_;
};

}  // namespace

std::optional<bool> parseBooleanText(const std::string& text) {
    const std::string value = core::asciiLower(text);
    for (const char* yes : {"true", "1", "yes", "on", "t", "y"}) {
        if (value == yes) return true;
    }
    for (const char* no : {"false", "0", "no", "off", "f", "n"}) {
        if (value == no) return false;
    }
    return std::nullopt;
}

std::vector<std::string> parseListSetting(const std::string& name, const std::string& text) {
    const std::string trimmed = trim(text);
    std::vector<std::string> items;
    if (!trimmed.empty() && trimmed.front() == '[') {
        rapidjson::Document document;
        document.Parse(trimmed.c_str());
        if (document.HasParseError() || !document.IsArray()) {
            throw ConfigError(name +
                              ": expected a JSON array of strings or a comma-separated list");
        }
        for (const auto& item : document.GetArray()) {
            if (!item.IsString()) throw ConfigError(name + ": every list item must be a string");
            items.emplace_back(item.GetString(), item.GetStringLength());
        }
        return items;
    }
    size_t start = 0;
    while (start <= trimmed.size()) {
        size_t comma = trimmed.find(',', start);
        if (comma == std::string::npos) comma = trimmed.size();
        std::string item = trim(trimmed.substr(start, comma - start));
        if (!item.empty()) items.push_back(item);
        start = comma + 1;
    }
    return items;
}

std::map<std::string, std::string> parseNamespaceEnvironments(const std::string& text) {
    const char* name = "OPENLINEAGE_ENVIRONMENTS";
    std::map<std::string, std::string> environments;
    const auto add = [&](std::string ns, std::string environment) {
        if (ns.empty() || environment.empty() || environment.size() > 50) {
            throw ConfigError(std::string(name) +
                              ": every namespace needs an environment of 1 to 50 characters");
        }
        environments[std::move(ns)] = std::move(environment);
    };
    const std::string trimmed = trim(text);
    if (!trimmed.empty() && trimmed.front() == '{') {
        rapidjson::Document document;
        document.Parse(trimmed.c_str());
        if (document.HasParseError() || !document.IsObject()) {
            throw ConfigError(std::string(name) +
                              ": expected a JSON object or namespace=environment pairs");
        }
        for (const auto& member : document.GetObject()) {
            if (!member.value.IsString()) {
                throw ConfigError(std::string(name) + ": every environment must be a string");
            }
            add(member.name.GetString(), member.value.GetString());
        }
        return environments;
    }
    for (const std::string& pair : parseListSetting(name, trimmed)) {
        const size_t equals = pair.rfind('=');
        if (equals == std::string::npos) {
            throw ConfigError(std::string(name) + ": expected namespace=environment, got '" + pair +
                              "'");
        }
        add(trim(pair.substr(0, equals)), trim(pair.substr(equals + 1)));
    }
    return environments;
}

std::map<std::string, std::string> collectEnvironment(const std::string& dotenvPath) {
    std::map<std::string, std::string> variables;
    std::ifstream dotenv(dotenvPath);
    for (std::string line; std::getline(dotenv, line);) {
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
        const size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string value = trim(line.substr(equals + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        variables[upper(trim(line.substr(0, equals)))] = value;
    }
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string pair = *entry;
        const size_t equals = pair.find('=');
        if (equals == std::string::npos) continue;
        variables[upper(pair.substr(0, equals))] = pair.substr(equals + 1);
    }
    return variables;
}

namespace {

// The optional read replica (server/replica/).
void readReplicaSettings(Reader& env, Config& config) {
    if (auto replicaUrl = env.raw("DATABASE_REPLICA_URL");
        replicaUrl && !trim(*replicaUrl).empty()) {
        std::string urlError;
        auto libpq = store::toLibpqUri(trim(*replicaUrl), &urlError);
        if (!libpq) throw ConfigError("DATABASE_REPLICA_URL: " + urlError);
        config.replicaDatabaseUrl = *libpq;
    }
    env.integer("REPLICA_MAX_LAG_MS", config.replicaMaxLagMs, 1, 3600000);
    env.integer("REPLICA_CHECK_INTERVAL_MS", config.replicaCheckIntervalMs, 10, 600000);
}

// Where to listen, which database, who may call (read first: the order decides which of several
// bad settings is reported).
void readServerSettings(Reader& env, Config& config) {
    env.text("ENVIRONMENT", config.environment);
    std::string databaseUrl = "postgresql://tessera:tessera@localhost:5432/tessera";
    env.text("DATABASE_URL", databaseUrl);
    std::string urlError;
    auto libpq = store::toLibpqUri(trim(databaseUrl), &urlError);
    if (!libpq) throw ConfigError("DATABASE_URL: " + urlError);
    config.databaseUrl = *libpq;
    readReplicaSettings(env, config);

    env.text("API_HOST", config.apiHost);
    // PORT is the common platform convention; API_PORT (the original's name) wins when both
    // are set.
    env.integer("PORT", config.apiPort, 0, 65535);
    env.integer("API_PORT", config.apiPort, 0, 65535);
    if (auto origins = env.raw("CORS_ORIGINS")) {
        config.corsOrigins = parseListSetting("CORS_ORIGINS", *origins);
    }
    if (auto methods = env.raw("CORS_ALLOW_METHODS")) {
        config.corsAllowMethods = parseListSetting("CORS_ALLOW_METHODS", *methods);
    }
    env.boolean("AUTH_DISABLED", config.authDisabled);
    env.text("BOOTSTRAP_API_KEY", config.bootstrapApiKey);
    env.text("SESSION_SECRET_KEY", config.sessionSecretKey);
    if (config.sessionSecretKey.empty()) throw ConfigError("SESSION_SECRET_KEY: must not be empty");
    env.boolean("SESSION_COOKIE_SECURE", config.sessionCookieSecure);
}

// Rate limits and the bounds of request values.
void readLimits(Reader& env, Config& config) {
    env.boolean("RATE_LIMIT_ENABLED", config.rateLimitEnabled);
    for (const auto& [name, value] :
         {std::pair<const char*, std::string*>{"RATE_LIMIT_READ", &config.rateLimitRead},
          {"RATE_LIMIT_WRITE", &config.rateLimitWrite},
          {"RATE_LIMIT_ADMIN", &config.rateLimitAdmin},
          {"RATE_LIMIT_GLOBAL", &config.rateLimitGlobal},
          {"LOGIN_RATE_LIMIT_ADDRESS", &config.loginRateLimitAddress},
          {"LOGIN_RATE_LIMIT_EMAIL", &config.loginRateLimitEmail}}) {
        env.text(name, *value);
        std::string error;
        if (!core::parseRateLimits(*value, &error)) {
            throw ConfigError(std::string(name) + ": " + error);
        }
    }
    env.integer("PAGINATION_LIMIT_DEFAULT", config.paginationLimitDefault, 1, 1000000);
    env.integer("PAGINATION_LIMIT_MAX", config.paginationLimitMax, 1, 1000000);
    if (config.paginationLimitDefault > config.paginationLimitMax) {
        throw ConfigError("PAGINATION_LIMIT_DEFAULT: must not exceed PAGINATION_LIMIT_MAX");
    }
    env.integer("MAX_SCHEMA_SIZE_BYTES", config.maxSchemaSizeBytes, 1, 1LL << 40);
    env.integer("MAX_SCHEMA_PROPERTIES", config.maxSchemaProperties, 1, 100000000);
    env.integer("MAX_FQN_LENGTH", config.maxFqnLength, 3, 1000);
    env.integer("MAX_TEAM_NAME_LENGTH", config.maxTeamNameLength, 1, 255);
    env.text("DEFAULT_ENVIRONMENT", config.defaultEnvironment);
    env.integer("IMPACT_DEPTH_DEFAULT", config.impactDepthDefault, 1, 1000);
    env.integer("IMPACT_DEPTH_MAX", config.impactDepthMax, 1, 1000);
}

std::vector<double> parseRetryDelays(const std::string& text) {
    std::vector<double> delays;
    for (const auto& item : parseListSetting("WEBHOOK_RETRY_DELAYS", text)) {
        char* end = nullptr;
        const double seconds = std::strtod(item.c_str(), &end);
        if (end == item.c_str() || *end != '\0' || !(seconds >= 0) || seconds > 3600) {
            throw ConfigError("WEBHOOK_RETRY_DELAYS: expected seconds between 0 and 3600, got '" +
                              item + "'");
        }
        delays.push_back(seconds);
    }
    if (delays.size() > 10) throw ConfigError("WEBHOOK_RETRY_DELAYS: at most 10 retries");
    return delays;
}

// Git sync, the docs assets, webhooks, Slack, Redis.
void readIntegrations(Reader& env, Config& config) {
    env.text("GIT_SYNC_PATH", config.gitSyncPath);
    config.docsAssetsDir = TESSERA_DEFAULT_DOCS_ASSETS_DIR;
    env.text("DOCS_ASSETS_DIR", config.docsAssetsDir);
    env.text("WEBHOOK_URL", config.webhookUrl);
    env.text("WEBHOOK_SECRET", config.webhookSecret);
    env.text("SLACK_WEBHOOK_URL", config.slackWebhookUrl);
    env.text("REDIS_URL", config.redisUrl);
    if (auto environments = env.raw("OPENLINEAGE_ENVIRONMENTS")) {
        config.openLineageEnvironments = parseNamespaceEnvironments(*environments);
    }
    env.integer("CACHE_TTL", config.cacheTtl, 1, 100000000);
    env.integer("CACHE_TTL_CONTRACT", config.cacheTtlContract, 1, 100000000);
    env.integer("CACHE_TTL_ASSET", config.cacheTtlAsset, 1, 100000000);
    env.integer("CACHE_TTL_TEAM", config.cacheTtlTeam, 1, 100000000);
    env.integer("CACHE_TTL_SCHEMA", config.cacheTtlSchema, 1, 100000000);
}

// The web UI's files: the source tree's web/ unless told otherwise.
void readWebSettings(Reader& env, Config& config) {
    config.webStaticDir = std::string(TESSERA_SOURCE_WEB_DIR) + "/static";
    config.webVendorDir = std::string(TESSERA_SOURCE_WEB_DIR) + "/node_modules";
    env.text("WEB_STATIC_DIR", config.webStaticDir);
    env.text("WEB_VENDOR_DIR", config.webVendorDir);
}

// The process's own resources: pool, threads, request limits, logging, delivery workers.
void readRuntime(Reader& env, Config& config) {
    env.integer("DB_POOL_SIZE", config.dbPoolSize, 1, 10000);
    env.integer("DB_MAX_OVERFLOW", config.dbMaxOverflow, 0, 10000);
    env.integer("DB_POOL_TIMEOUT", config.dbPoolTimeoutSeconds, 1, 3600);
    env.integer("DB_POOL_RECYCLE", config.dbPoolRecycleSeconds, 1, 1000000);
    env.integer("DB_LOCK_TIMEOUT_MS", config.dbLockTimeoutMs, 0, 3600000);
    env.integer("TESSERA_THREADS", config.workerThreads, 0, 1024);
    env.integer("MAX_REQUEST_BODY_BYTES", config.maxRequestBodyBytes, 1024, 1LL << 31);
    env.integer("SYNC_MAX_BODY_BYTES", config.syncMaxBodyBytes, 1024, 1LL << 31);
    env.integer("MAX_JSON_DEPTH", config.maxJsonDepth, 2, 10000);
    env.text("LOG_LEVEL", config.logLevel);
    for (char& c : config.logLevel)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (config.logLevel != "debug" && config.logLevel != "info" && config.logLevel != "warning" &&
        config.logLevel != "warn" && config.logLevel != "error") {
        throw ConfigError("LOG_LEVEL: expected debug, info, warning or error, got '" +
                          config.logLevel + "'");
    }
    env.text("LOG_FORMAT", config.logFormat);
    if (!config.logFormat.empty() && config.logFormat != "json" && config.logFormat != "text") {
        throw ConfigError("LOG_FORMAT: expected json or text, got '" + config.logFormat + "'");
    }
    env.integer("SLOW_REQUEST_MS", config.slowRequestMs, 1, 3600000);
    env.boolean("RESPONSE_GZIP", config.responseGzip);
    env.integer("GZIP_MIN_BYTES", config.gzipMinBytes, 0, 1LL << 31);
    env.integer("GZIP_LEVEL", config.gzipLevel, 1, 9);
    env.integer("BLAST_RADIUS_CACHE_MB", config.blastRadiusCacheMb, 0, 1 << 20);
    env.integer("DELIVERY_WORKERS", config.deliveryWorkers, 1, 64);
    if (auto delays = env.raw("WEBHOOK_RETRY_DELAYS")) {
        config.webhookRetryDelays = parseRetryDelays(*delays);
    }
}

}  // namespace

Config loadConfig(const std::map<std::string, std::string>& variables) {
    Config config;
    Reader env(variables);
    readServerSettings(env, config);
    readLimits(env, config);
    readIntegrations(env, config);
    readWebSettings(env, config);
    readRuntime(env, config);
    return config;
}

}  // namespace tessera::server
