#include "server/pipeline/request_pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/json.hpp"
#include "core/text.hpp"
#include "server/cache/cache_invalidation.hpp"
#include "server/cache/redis_cache.hpp"
#include "server/http/request_context.hpp"
#include "server/http/response_compression.hpp"
#include "server/http/responses.hpp"
#include "server/index/graph_service.hpp"
#include "server/logger.hpp"
#include "server/pipeline/replica_routing.hpp"
#include "server/pipeline/request_head_guard.hpp"
#include "server/pipeline/request_id.hpp"
#include "store/connection_pool.hpp"
#include "store/db_session.hpp"

namespace tessera::server {
namespace {

// Spec 01 §1.2: JSON when Content-Type is absent, application/json or application/<x>+json.
bool isJsonContentType(const std::optional<std::string>& header) {
    if (!header) return true;
    std::string media = core::asciiLower(header->substr(0, header->find(';')));
    media.erase(0, media.find_first_not_of(" \t"));
    media.erase(media.find_last_not_of(" \t") + 1);
    if (media.empty() || media == "application/json") return true;
    return media.rfind("application/", 0) == 0 && media.size() > 17 &&
           media.compare(media.size() - 5, 5, "+json") == 0;
}

// The position of byte `offset` of UTF-8 `text` in characters, as Python's json module counts
// (spec 01 §1.2: `loc` is a 0-based char offset): the bytes before it that start a character.
long long characterOffset(std::string_view text, size_t offset) {
    long long characters = 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
    }
    return characters;
}

// A 429 is not the standard envelope: no request_id or timestamp (spec 01 §6).
struct RateLimitExceeded {
    RateLimiter::Decision decision;
};

HttpResponse rateLimitResponse(const RateLimiter::Decision& decision) {
    HttpResponse response =
        jsonResponseWith(core::status::kTooManyRequests, [&](core::JsonWriter& w) {
            w.StartObject();
            w.Key("error");
            w.StartObject();
            w.Key("code");
            w.String(core::code::kRateLimitExceeded);
            w.Key("message");
            w.String("Too Many Requests");
            w.Key("detail");
            core::writeString(w, decision.exceededLimit);
            w.EndObject();
            w.EndObject();
        });
    response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
    return response;
}

// Postgres is unreachable (or every pooled connection is busy): the server itself is fine and
// reconnects on the next request once Postgres is back, so the client is told when to retry.
HttpResponse databaseUnavailableResponse(const std::string& requestId) {
    HttpResponse response = errorResponse(
        core::ApiError(core::status::kServiceUnavailable, core::code::kDatabaseUnavailable,
                       "Database unavailable, try again shortly"),
        requestId);
    response.setHeader("Retry-After", "1");
    return response;
}

HttpResponse concurrentChangeResponse(const std::string& requestId) {
    return errorResponse(core::ApiError(core::status::kConflict, core::code::kConflict,
                                        "The change conflicts with a concurrent change; "
                                        "retry the request"),
                         requestId);
}

}  // namespace

void addSecurityHeaders(HttpResponse& response) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
}

RequestPipeline::RequestPipeline(App& app, std::vector<Route> routes)
    : app_(app),
      router_(std::move(routes)),
      httpMetrics_(app.metrics, router_.routes()),
      databaseUnavailable_(app.metrics.counter(
          "tessera_db_unavailable_responses_total", {},
          "503 DATABASE_UNAVAILABLE responses served (Postgres unreachable or the pool full).")),
      cors_(app.config),
      authenticator_(app) {}

HttpResponse RequestPipeline::handle(const HttpRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    RequestTrace trace;
    HttpResponse response = respond(request, trace);
    // Once per request, whatever the outcome (preflights and unmatched paths: no route).
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    httpMetrics_.record(trace.route, request.method, response.status, elapsed.count());
    logAccess(request, response, trace, elapsed.count());
    return response;
}

void RequestPipeline::logAccess(const HttpRequest& request, const HttpResponse& response,
                                const RequestTrace& trace, double seconds) const {
    const double millis = seconds * 1000.0;
    const LogLevel level = millis > app_.config.slowRequestMs ? LogLevel::Warning : LogLevel::Info;
    if (!logEnabled(level)) return;
    // The route template, never the path: ids in paths would make every line unique.
    std::vector<LogField> fields = {
        {"request_id",
         trace.requestId.empty() ? std::string_view("-") : std::string_view(trace.requestId)},
        {"method", std::string_view(request.method)},
        {"route",
         trace.route ? std::string_view(trace.route->pathTemplate) : std::string_view("unmatched")},
        {"status", static_cast<int64_t>(response.status)},
        {"duration_ms", millis},
        {"bytes", static_cast<int64_t>(response.bodyBytes().size())},
        {"client", std::string_view(request.clientIp)},
    };
    if (!trace.keyId.empty()) fields.push_back({"key_id", std::string_view(trace.keyId)});
    log(level, level == LogLevel::Warning ? "slow request" : "request", fields);
}

HttpResponse RequestPipeline::respond(const HttpRequest& request, RequestTrace& trace) {
    if (CorsPolicy::isPreflight(request)) {
        HttpResponse response = cors_.preflight(request);
        addSecurityHeaders(response);
        return response;
    }
    const std::string requestId = requestIdFor(request.header("x-request-id"));
    trace.requestId = requestId;
    HttpResponse response;
    try {
        response = process(request, requestId, trace);
    } catch (const std::exception& error) {
        // process() handles everything it knows; this is the last line of defence.
        logError("request " + requestId + ": " + request.method + " " + request.path +
                 " unhandled error: " + error.what());
        response = errorResponse(
            core::ApiError(core::status::kInternalServerError, core::code::kInternalError,
                           "An unexpected error occurred"),
            requestId);
    }
    response.setHeader("X-Request-ID", requestId);
    cors_.decorate(request, response);
    addSecurityHeaders(response);
    const Config& config = app_.config;
    try {
        compressResponse(request, response,
                         {config.responseGzip, config.gzipMinBytes, config.gzipLevel});
    } catch (const std::exception& error) {
        logError("request " + requestId + ": gzip failed, sent uncompressed: " + error.what());
    }
    return response;
}

HttpResponse RequestPipeline::resolveUnmatched(const HttpRequest& request,
                                               const std::string& requestId,
                                               bool methodNotAllowed) {
    if (methodNotAllowed) {
        return errorResponse(core::ApiError(core::status::kMethodNotAllowed,
                                            core::code::kBadRequest, "Method Not Allowed"),
                             requestId);
    }
    if (auto target = router_.redirectTarget(request.path)) {
        HttpResponse response = emptyResponse(core::status::kTemporaryRedirect);
        const std::string host = request.header("host").value_or(
            app_.config.apiHost + ":" + std::to_string(app_.config.apiPort));
        std::string location = "http://" + host + *target;
        if (!request.rawQuery.empty()) location += "?" + request.rawQuery;
        response.setHeader("Location", location);
        return response;
    }
    return errorResponse(
        core::ApiError(core::status::kNotFound, core::code::kNotFound, "Not Found"), requestId);
}

HttpResponse RequestPipeline::process(const HttpRequest& request, const std::string& requestId,
                                      RequestTrace& trace) {
    RouteMatch match = router_.match(request.method, request.path);
    if (match.kind != RouteMatch::Kind::Found) {
        return resolveUnmatched(request, requestId,
                                match.kind == RouteMatch::Kind::MethodNotAllowed);
    }
    trace.route = match.route;

    if (app_.config.rateLimitEnabled) {
        // Global limit per client address and route (step 4; 01 §6, 00-decisions).
        auto decision = app_.rateLimiter.hit(
            "ip:" + request.clientIp + "|" + match.route->pathTemplate, app_.rateLimits.global);
        if (!decision.allowed) return rateLimitResponse(decision);
    }

    RequestContext context(app_, request, requestId);
    context.route = match.route;
    context.pathParams = std::move(match.pathParams);
    // Whatever the way out (an error, a refusal), the access log names the key.
    struct KeyOnExit {
        RequestTrace& trace;
        const RequestContext& context;
        ~KeyOnExit() { trace.keyId = context.auth.apiKeyId; }
    } keyOnExit{trace, context};
    if (app_.config.rateLimitEnabled && context.route->bucket != RateBucket::None) {
        context.setOnValidated([this](RequestContext& validated) { applyScopeLimit(validated); });
    }

    if (auto failure = checkParameterText(context)) return *failure;
    if (auto failure = parseBody(context)) return *failure;
    try {
        HttpResponse response = runHandler(context);
        noteReplicaOutcome(context);
        return response;
    } catch (const RateLimitExceeded& exceeded) {
        return rateLimitResponse(exceeded.decision);
    }
}

void RequestPipeline::applyScopeLimit(RequestContext& context) {
    const App::RateLimits& limits = app_.rateLimits;
    const std::vector<core::RateLimit>* bucket = nullptr;
    switch (context.route->bucket) {
        case RateBucket::Read:
            bucket = &limits.read;
            break;
        case RateBucket::Write:
            bucket = &limits.write;
            break;
        case RateBucket::Admin:
            bucket = &limits.admin;
            break;
        case RateBucket::None:
            return;
    }
    // Per whole API key (00-decisions), web UI sessions per user; other credentials by their
    // token, anonymous callers by address. Per route template, so /teams/{id} is one counter
    // whatever the id; not per method (01 §6: GET and PATCH of one path share a counter when
    // their limits are the same, the limit being part of the counter's identity).
    std::string caller;
    if (!context.auth.apiKeyId.empty()) {
        caller = "key:" + context.auth.apiKeyId;
    } else if (!context.auth.sessionUserId.empty()) {
        caller = "user:" + context.auth.sessionUserId;
    } else if (auto credential = readCredential(context.request);
               credential.kind == Credential::Kind::Token) {
        caller = "token:" + credential.token;
    } else {
        caller = "ip:" + context.request.clientIp;
    }
    auto decision = app_.rateLimiter.hit(caller + "|" + context.route->pathTemplate, *bucket);
    if (!decision.allowed) throw RateLimitExceeded{std::move(decision)};
}

// Percent-decoded path and query values reach SQL as text: malformed UTF-8 or NUL would make
// Postgres fail the statement (a 500); they are a 422 here, as for a non-string value.
std::optional<HttpResponse> RequestPipeline::checkParameterText(const RequestContext& context) {
    std::vector<core::ValidationIssue> issues;
    const auto check = [&](const char* where, const std::string& name, const std::string& value) {
        if (core::isStorableText(value)) return;
        issues.push_back(core::ValidationIssue{
            "string_unicode",
            {std::string(where), name},
            "Input should be a valid string, unable to parse raw data as a unicode string",
            core::jsonQuote(core::sanitizedUtf8Prefix(value, 200)),
            ""});
    };
    for (const auto& [name, value] : context.pathParams) check("path", name, value);
    for (const auto& [name, value] : context.request.query) check("query", name, value);
    if (issues.empty()) return std::nullopt;
    return validationResponse(issues);
}

std::optional<HttpResponse> RequestPipeline::parseBody(RequestContext& context) {
    if (context.route->body != BodyKind::Json) return std::nullopt;
    const HttpRequest& request = context.request;
    const size_t limit = isSyncTarget(context.route->pathTemplate)
                             ? app_.config.syncMaxBodyBytes
                             : app_.config.maxRequestBodyBytes;
    if (request.body.size() > limit) {
        return errorResponse(
            core::ApiError(
                core::status::kPayloadTooLarge, core::code::kPayloadTooLarge,
                "Request body exceeds the maximum size of " + std::to_string(limit) + " bytes"),
            context.requestId);
    }
    // Only an empty body is absent (spec 01 §1.2): whitespace alone is malformed JSON, 422.
    if (request.body.empty()) return std::nullopt;
    if (!isJsonContentType(request.header("content-type"))) {
        // Not JSON: the body is a plain string, which fails model validation later.
        context.bodyDocument.SetString(request.body.data(),
                                       static_cast<rapidjson::SizeType>(request.body.size()),
                                       context.bodyDocument.GetAllocator());
        context.body = &context.bodyDocument;
        return std::nullopt;
    }
    core::JsonParseResult parsed = core::parseJson(request.body, app_.config.maxJsonDepth);
    if (!parsed.ok) {
        core::ValidationIssue issue{
            "json_invalid",
            {std::string("body"), characterOffset(request.body, parsed.errorOffset)},
            "JSON decode error",
            "{}",
            "{\"error\":" + core::jsonQuote(parsed.errorMessage) + "}"};
        return validationResponse({issue});
    }
    context.bodyDocument = std::move(parsed.document);
    if (!context.bodyDocument.IsNull()) context.body = &context.bodyDocument;
    return std::nullopt;
}

void RequestPipeline::recordGraphChange(RequestContext& context) {
    if (context.graphChange.empty()) return;
    const int64_t generation = store::markGraphChanged(context.db, context.graphChange);
    if (GraphService* graph = app_.graph.get()) {
        // The writer's own replica re-reads the rows at once, so its next read sees the write;
        // other replicas follow through the notification.
        context.db.afterCommit([graph, change = context.graphChange, generation,
                                token = graph->expectLocalCommit(generation)] {
            graph->refreshAfterCommit(change, generation);
        });
    }
}

void RequestPipeline::scheduleCacheInvalidation(RequestContext& context) {
    RedisCache* cache = app_.cache.get();
    if (!cache || !cache->enabled() || context.cacheChange.empty()) return;
    // After commit and after the index refresh above (it finds the neighbours), before the
    // response leaves: a client that saw the write acknowledged never reads the old value.
    GraphService* graph = app_.graph.get();
    context.db.afterCommit([cache, graph, change = context.cacheChange] {
        const InvalidationPlan plan = planInvalidation(change, graph ? &graph->index() : nullptr);
        cache->invalidate(plan.keys, plan.patterns);
    });
}

HttpResponse RequestPipeline::runHandler(RequestContext& context, bool replicaAllowed) {
    try {
        authenticator_.authenticate(context);
        routeReadToReplica(context, replicaAllowed);
        HttpResponse response = context.route->handler(context);
        // Routes whose handler validated nothing still count against their bucket.
        context.markValidated();
        if (response.status < core::status::kBadRequest) {
            recordGraphChange(context);
            scheduleCacheInvalidation(context);
            context.db.commit();
            noteCommittedWrite(context);
            if (context.auth.verifiedDuringOutage) {
                // Answered from memory while Postgres is down (the blast radius from the index).
                response.setHeader("X-Tessera-Stale", "database-unavailable");
            }
        } else {
            context.db.rollback();
        }
        return response;
    } catch (const core::ApiError& error) {
        context.db.rollback();
        return errorResponse(error, context.requestId);
    } catch (const core::RequestValidationError& error) {
        context.db.rollback();
        return validationResponse(error.issues());
    } catch (const store::ReplicaUnavailable& error) {
        // Only reads run there, so running the request again on the primary is safe.
        context.db.rollback();
        logWarning("request " + context.requestId + ": " + error.what() +
                   "; answering from the primary");
        noteReplicaFailure(context);
        return runHandler(context, false);
    } catch (const core::ServiceUnavailable& error) {
        context.db.rollback();
        logWarning("request " + context.requestId + ": " + error.what());
        databaseUnavailable_.increment();
        return databaseUnavailableResponse(context.requestId);
    } catch (const store::UniqueViolation&) {
        // A write raced another one past the handler's own checks (e.g. two creates at once).
        context.db.rollback();
        return concurrentChangeResponse(context.requestId);
    } catch (const store::ConcurrentChange& error) {
        context.db.rollback();
        logInfo("request " + context.requestId + ": " + error.what());
        return concurrentChangeResponse(context.requestId);
    } catch (const RateLimitExceeded&) {
        context.db.rollback();
        throw;
    } catch (const std::exception& error) {
        // Includes store::UnexpectedResult (a result without the rows its statement promises).
        context.db.rollback();
        logError("request " + context.requestId + ": " + context.request.method + " " +
                 context.request.path + " failed: " + error.what());
        return errorResponse(
            core::ApiError(core::status::kInternalServerError, core::code::kInternalError,
                           "An unexpected error occurred"),
            context.requestId);
    }
}

}  // namespace tessera::server
