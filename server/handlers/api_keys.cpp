#include "server/handlers/api_keys.hpp"

#include "core/api_enums.hpp"
#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/middleware/credentials.hpp"
#include "server/services/write_effects.hpp"
#include "store/api_key_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/coherence_notices.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// The fields APIKey and APIKeyCreated share, in spec order; the raw key (shown once, on
// creation) goes right after the id.
void writeKeyFields(JsonWriter& w, const store::ApiKeyRecord& key, const std::string* rawKey) {
    w.Key("id");
    core::writeString(w, key.id);
    if (rawKey) {
        w.Key("key");
        core::writeString(w, *rawKey);
    }
    w.Key("key_prefix");
    core::writeString(w, key.keyPrefix);
    w.Key("name");
    core::writeString(w, key.name);
    w.Key("team_id");
    core::writeString(w, key.teamId);
    w.Key("scopes");
    core::writeStoredJson(w, key.scopesJson);
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(key.createdAt));
    w.Key("expires_at");
    core::writeNullableTimestamp(w, key.expiresAt);
}

// APIKey object (spec 01 §12).
void writeApiKey(JsonWriter& w, const store::ApiKeyRecord& key) {
    w.StartObject();
    writeKeyFields(w, key, nullptr);
    w.Key("last_used_at");
    core::writeNullableTimestamp(w, key.lastUsedAt);
    w.Key("revoked_at");
    core::writeNullableTimestamp(w, key.revokedAt);
    w.EndObject();
}

core::ApiError keyNotFound(const std::string& id) {
    return core::notFound(core::code::kApiKeyNotFound, "API key " + id + " not found");
}

std::string scopesJson(const std::vector<std::string>& scopes) {
    return buildJson([&](JsonWriter& w) {
        w.StartArray();
        for (const auto& scope : scopes) core::writeString(w, scope);
        w.EndArray();
    });
}

void recordKeyEvent(RequestContext& context, const store::ApiKeyRecord& key, const char* action,
                    bool withScopes) {
    const std::string payload = buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("name");
        core::writeString(w, key.name);
        w.Key("team_id");
        core::writeString(w, key.teamId);
        if (withScopes) {
            w.Key("scopes");
            core::writeStoredJson(w, key.scopesJson);
        }
        w.EndObject();
    });
    services::recordEvent(context, "api_key", key.id, action, payload);
}

}  // namespace

HttpResponse createApiKey(RequestContext& context) {
    RequestValidator validate(context);
    std::optional<std::string> name, teamId;
    std::optional<std::vector<std::string>> scopes;
    std::optional<int64_t> expiresAt;
    if (const rapidjson::Value* body = validate.modelBody()) {
        name = validate.stringField(*body, "name", {}, {Presence::Required, 1, 255});
        teamId = validate.uuidField(*body, "team_id", {}, Presence::Required);
        scopes =
            validate.enumListField(*body, "scopes", {}, Presence::Optional, core::kApiKeyScopes);
        expiresAt = validate.datetimeField(*body, "expires_at", {}, Presence::Nullable);
    }
    validate.finish();

    store::TeamRepository teams(context.db);
    if (!teams.findIncludingDeleted(*teamId)) {
        throw core::notFound(core::code::kTeamNotFound, "Team " + *teamId + " not found");
    }
    const std::string rawKey = generateApiKey();
    store::ApiKeyRepository keys(context.db);
    const store::ApiKeyRecord key = keys.insert(
        sha256Hex(rawKey), apiKeyDisplayPrefix(rawKey), *name, *teamId,
        scopesJson(scopes.value_or(std::vector<std::string>{"read", "write"})), expiresAt);
    recordKeyEvent(context, key, "api_key.created", true);

    return jsonResponseWith(core::status::kCreated, [&](JsonWriter& w) {
        w.StartObject();
        writeKeyFields(w, key, &rawKey);
        w.EndObject();
    });
}

HttpResponse listApiKeys(RequestContext& context) {
    RequestValidator validate(context);
    auto teamId = validate.queryUuid("team_id");
    const bool includeRevoked = validate.queryBool("include_revoked", false);
    validate.finish();

    // R14: a non-admin caller sees only its own team's keys.
    if (!context.auth.isAdmin()) teamId = context.auth.teamId;
    store::ApiKeyRepository keys(context.db);
    const auto rows = keys.list(teamId, includeRevoked);
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("keys");
        w.StartArray();
        for (const auto& key : rows) writeApiKey(w, key);
        w.EndArray();
        w.EndObject();
    });
}

HttpResponse getApiKey(RequestContext& context) {
    RequestValidator validate(context);
    const std::string keyId = validate.pathUuid("key_id");
    validate.finish();

    store::ApiKeyRepository keys(context.db);
    auto key = keys.find(keyId);
    if (!key) throw keyNotFound(keyId);
    // R15
    if (!context.auth.isAdmin() && key->teamId != context.auth.teamId) {
        throw core::forbidden(core::code::kForbidden, "Cannot view keys for other teams");
    }
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) { writeApiKey(w, *key); });
}

HttpResponse revokeApiKey(RequestContext& context) {
    RequestValidator validate(context);
    const std::string keyId = validate.pathUuid("key_id");
    validate.finish();

    store::ApiKeyRepository keys(context.db);
    auto key = keys.revoke(keyId);
    if (!key) throw keyNotFound(keyId);
    // Recorded on every call, repeats included (spec 01 §12.4).
    recordKeyEvent(context, *key, "api_key.revoked", false);
    // Every replica forgets the key when this commits (server/coherence/); this one at once,
    // before the response leaves.
    store::announceApiKeyRevoked(context.db, key->id);
    context.db.afterCommit([&app = context.app, id = key->id] { app.credentials.forgetKey(id); });
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) { writeApiKey(w, *key); });
}

}  // namespace tessera::server
