#include "server/cache/redis_cache.hpp"

#include <hiredis/hiredis.h>

#include <cctype>

#include "server/logger.hpp"

namespace tessera::server {
namespace {

// Spec 02 §10.1: 50 ms to connect. Commands get a little more, so a busy machine does not trip
// the breaker on a healthy Redis; either way a request never waits longer than this.
constexpr timeval kConnectTimeout{0, 50000};
constexpr timeval kCommandTimeout{0, 100000};
constexpr size_t kMaxIdleConnections = 10;
constexpr auto kProbeInterval = std::chrono::milliseconds(250);
constexpr const char* kEpochKey = "tessera:epoch";
// Values larger than this are not worth a round trip of their size.
constexpr size_t kMaxCachedBytes = 4 * 1024 * 1024;

// SETEX only if no invalidation happened since the reader noted the epoch.
constexpr const char* kStoreIfCurrent =
    "if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then "
    "return redis.call('SETEX', KEYS[1], ARGV[2], ARGV[3]) end return 0";

struct ReplyDeleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

bool isBlank(const std::string& text) {
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// A hit needs a stored, non-empty JSON object (spec 02 §10.1): braces around at least one
// member, whose key is the first thing after the opening brace. Not a full parse (the value is
// the response body, sent as it is), but `{}`, arrays, strings and numbers are misses.
bool looksLikeJsonObject(const char* data, size_t length) {
    if (length < 2 || data[0] != '{' || data[length - 1] != '}') return false;
    size_t first = 1;
    while (first < length - 1 && std::isspace(static_cast<unsigned char>(data[first]))) ++first;
    return data[first] == '"';
}

}  // namespace

std::optional<RedisEndpoint> parseRedisUrl(const std::string& url, std::string* error) {
    const std::string scheme = "redis://";
    if (url.rfind(scheme, 0) != 0) {
        if (error) *error = "expected redis://[:password@]host[:port][/db]";
        return std::nullopt;
    }
    RedisEndpoint endpoint;
    std::string rest = url.substr(scheme.size());
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        const std::string credentials = rest.substr(0, at);
        const auto colon = credentials.find(':');
        endpoint.password =
            colon == std::string::npos ? credentials : credentials.substr(colon + 1);
        rest = rest.substr(at + 1);
    }
    std::string hostPort = rest;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        hostPort = rest.substr(0, slash);
        const std::string db = rest.substr(slash + 1);
        if (!db.empty()) {
            try {
                size_t used = 0;
                endpoint.database = std::stoi(db, &used);
                if (used != db.size() || endpoint.database < 0) throw std::invalid_argument(db);
            } catch (const std::exception&) {
                if (error) *error = "database number '" + db + "' is not a number";
                return std::nullopt;
            }
        }
    }
    if (const auto colon = hostPort.rfind(':'); colon != std::string::npos) {
        const std::string port = hostPort.substr(colon + 1);
        try {
            size_t used = 0;
            endpoint.port = std::stoi(port, &used);
            if (used != port.size() || endpoint.port <= 0 || endpoint.port > 65535) {
                throw std::invalid_argument(port);
            }
        } catch (const std::exception&) {
            if (error) *error = "port '" + port + "' is not a port number";
            return std::nullopt;
        }
        hostPort = hostPort.substr(0, colon);
    }
    if (!hostPort.empty()) endpoint.host = hostPort;
    return endpoint;
}

// One hiredis connection; any transport error makes it unusable (hiredis sets c->err).
class RedisCache::Connection {
  public:
    explicit Connection(redisContext* context) : context_(context) {}
    ~Connection() { redisFree(context_); }

    static std::unique_ptr<Connection> open(const RedisEndpoint& endpoint, std::string* error) {
        redisContext* context =
            redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, kConnectTimeout);
        if (!context || context->err) {
            if (error) *error = context ? context->errstr : "cannot allocate a Redis context";
            if (context) redisFree(context);
            return nullptr;
        }
        redisSetTimeout(context, kCommandTimeout);
        auto connection = std::make_unique<Connection>(context);
        if (!endpoint.password.empty() && !connection->ok({"AUTH", endpoint.password}, error)) {
            return nullptr;
        }
        if (endpoint.database != 0 &&
            !connection->ok({"SELECT", std::to_string(endpoint.database)}, error)) {
            return nullptr;
        }
        return connection;
    }

    // One command; nullptr on a transport error (the connection is then broken).
    Reply command(const std::vector<std::string>& arguments) {
        std::vector<const char*> argv;
        std::vector<size_t> lengths;
        for (const auto& argument : arguments) {
            argv.push_back(argument.data());
            lengths.push_back(argument.size());
        }
        return Reply(static_cast<redisReply*>(redisCommandArgv(
            context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
    }

    // Several commands in one round trip; empty on a transport error.
    std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands) {
        for (const auto& arguments : commands) {
            std::vector<const char*> argv;
            std::vector<size_t> lengths;
            for (const auto& argument : arguments) {
                argv.push_back(argument.data());
                lengths.push_back(argument.size());
            }
            if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                                       lengths.data()) != REDIS_OK) {
                return {};
            }
        }
        std::vector<Reply> replies;
        for (size_t i = 0; i < commands.size(); ++i) {
            void* reply = nullptr;
            if (redisGetReply(context_, &reply) != REDIS_OK || !reply) return {};
            replies.emplace_back(static_cast<redisReply*>(reply));
        }
        return replies;
    }

    bool ok(const std::vector<std::string>& arguments, std::string* error) {
        Reply reply = command(arguments);
        if (!reply || reply->type == REDIS_REPLY_ERROR) {
            if (error) *error = reply ? std::string(reply->str, reply->len) : errorText();
            return false;
        }
        return true;
    }

    bool broken() const { return context_->err != 0; }
    std::string errorText() const { return context_->errstr; }

  private:
    redisContext* context_;
};

RedisCache::RedisCache(const std::string& url, MetricsRegistry& metrics)
    : hits_(metrics.counter("tessera_cache_requests_total", {{"result", "hit"}},
                            "Cached reads by outcome")),
      misses_(metrics.counter("tessera_cache_requests_total", {{"result", "miss"}})),
      errors_(metrics.counter("tessera_cache_requests_total", {{"result", "error"}})),
      skipped_(metrics.counter("tessera_cache_invalidations_lost_total", {},
                               "Invalidations Redis could not take (the cache is flushed before "
                               "it is used again)")) {
    if (isBlank(url)) return;
    std::string error;
    endpoint_ = parseRedisUrl(url, &error);
    if (!endpoint_) {
        logWarning("REDIS_URL: " + error + "; caching disabled");
        return;
    }
    prober_ = std::thread([this] { probeWhileOpen(); });
}

RedisCache::~RedisCache() {
    stopping_ = true;
    probeWake_.notify_all();
    if (prober_.joinable()) prober_.join();
}

std::unique_ptr<RedisCache::Connection> RedisCache::acquire() {
    if (!enabled() || breakerOpen()) return nullptr;
    {
        std::lock_guard<std::mutex> lock(poolMutex_);
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            return connection;
        }
    }
    std::string error;
    auto connection = Connection::open(*endpoint_, &error);
    if (!connection) tripBreaker(error);
    return connection;
}

void RedisCache::release(std::unique_ptr<Connection> connection) {
    if (!connection || connection->broken()) return;
    std::lock_guard<std::mutex> lock(poolMutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
}

void RedisCache::tripBreaker(const std::string& reason) {
    if (open_.exchange(true)) return;
    logWarning("Redis unavailable (" + reason + "); serving from Postgres until it is back");
    {
        std::lock_guard<std::mutex> lock(poolMutex_);
        idle_.clear();
    }
    probeWake_.notify_all();
}

RedisCache::Lookup RedisCache::lookup(const std::string& key) {
    Lookup result;
    auto connection = acquire();
    if (!connection) {
        if (enabled()) errors_.increment();
        return result;
    }
    // The value and the epoch in one round trip; the epoch is read before Postgres is.
    std::vector<Reply> replies = connection->pipeline({{"GET", key}, {"GET", kEpochKey}});
    if (replies.size() != 2) {
        errors_.increment();
        tripBreaker(connection->errorText());
        return result;
    }
    release(std::move(connection));
    const redisReply* value = replies[0].get();
    const redisReply* epoch = replies[1].get();
    if (value->type == REDIS_REPLY_STRING && looksLikeJsonObject(value->str, value->len)) {
        hits_.increment();
        result.value = std::string(value->str, value->len);
        return result;
    }
    if (value->type == REDIS_REPLY_ERROR || epoch->type == REDIS_REPLY_ERROR) {
        errors_.increment();
        return result;
    }
    misses_.increment();
    result.epoch = epoch->type == REDIS_REPLY_STRING ? std::string(epoch->str, epoch->len) : "0";
    result.usable = true;
    return result;
}

void RedisCache::storeIfCurrent(const std::string& key, int ttlSeconds, const std::string& value,
                                const std::string& epoch) {
    if (value.size() > kMaxCachedBytes) return;
    auto connection = acquire();
    if (!connection) return;
    Reply reply = connection->command(
        {"EVAL", kStoreIfCurrent, "2", key, kEpochKey, epoch, std::to_string(ttlSeconds), value});
    if (!reply) {
        errors_.increment();
        tripBreaker(connection->errorText());
        return;
    }
    if (reply->type == REDIS_REPLY_ERROR) errors_.increment();
    release(std::move(connection));
}

bool RedisCache::deletePattern(Connection& connection, const std::string& pattern) {
    std::string cursor = "0";
    do {
        Reply page = connection.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
        if (!page || page->type != REDIS_REPLY_ARRAY || page->elements != 2) return false;
        cursor = std::string(page->element[0]->str, page->element[0]->len);
        const redisReply* keys = page->element[1];
        if (keys->elements > 0) {
            std::vector<std::string> command = {"DEL"};
            for (size_t i = 0; i < keys->elements; ++i) {
                command.emplace_back(keys->element[i]->str, keys->element[i]->len);
            }
            if (!connection.command(command)) return false;
        }
    } while (cursor != "0");
    return true;
}

void RedisCache::invalidate(const std::vector<std::string>& keys,
                            const std::vector<std::string>& patterns) {
    if (!enabled() || (keys.empty() && patterns.empty())) return;
    auto connection = acquire();
    bool done = false;
    if (connection) {
        // The epoch first: a reader that read Postgres before this write cannot store after
        // the deletes below.
        std::vector<std::vector<std::string>> commands = {{"INCR", kEpochKey}};
        if (!keys.empty()) {
            std::vector<std::string> del = {"DEL"};
            del.insert(del.end(), keys.begin(), keys.end());
            commands.push_back(std::move(del));
        }
        done = connection->pipeline(commands).size() == commands.size();
        for (const auto& pattern : patterns) done = done && deletePattern(*connection, pattern);
        if (done) {
            release(std::move(connection));
        } else {
            tripBreaker(connection->errorText());
        }
    }
    if (!done) {
        dirty_ = true;
        skipped_.increment();
        tripBreaker("an invalidation failed");
    }
}

void RedisCache::probeWhileOpen() {
    while (!stopping_) {
        {
            std::unique_lock<std::mutex> lock(probeMutex_);
            probeWake_.wait_for(lock, kProbeInterval, [&] { return stopping_ || breakerOpen(); });
        }
        if (stopping_ || !breakerOpen()) continue;
        std::this_thread::sleep_for(kProbeInterval);
        std::string error;
        auto connection = Connection::open(*endpoint_, &error);
        if (!connection || !connection->ok({"PING"}, &error)) continue;
        // Entries written before a lost invalidation may be stale: drop every Tessera key
        // before anyone reads from Redis again.
        bool flushed = true;
        while (flushed && dirty_.exchange(false)) {
            flushed = deletePattern(*connection, "tessera:*");
            if (!flushed) dirty_ = true;
        }
        if (!flushed) continue;
        open_ = false;
        logInfo("Redis is available again; caching resumed");
        release(std::move(connection));
    }
}

}  // namespace tessera::server
