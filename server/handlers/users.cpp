#include "server/handlers/users.hpp"

#include "core/api_enums.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "core/user_rules.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/middleware/credentials.hpp"
#include "server/services/write_effects.hpp"
#include "store/audit_repository.hpp"
#include "store/coherence_notices.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

core::ApiError userNotFound() {
    return core::notFound(core::code::kNotFound, "User not found");
}

// The original's text-only 409 carried DUPLICATE_TEAM here (spec 01 §2.2 quirk); 00-decisions
// overrides it: DUPLICATE_USER.
core::ApiError duplicateEmail(const std::string& email) {
    return core::conflict(core::code::kDuplicateUser,
                          "User with email '" + email + "' already exists");
}

void requireActiveTeam(RequestContext& context, const std::optional<std::string>& teamId) {
    if (!teamId) return;
    store::TeamRepository teams(context.db);
    if (!teams.findActive(*teamId)) throw core::notFound(core::code::kNotFound, "Team not found");
}

void writeTeamName(JsonWriter& w, const store::UserRecord& user) {
    w.Key("team_name");
    core::writeNullableString(w, user.teamName);
}

HttpResponse userResponse(int status, const store::UserRecord& user) {
    return jsonResponseWith(status, [&](JsonWriter& w) {
        w.StartObject();
        writeUserFields(w, user);
        w.EndObject();
    });
}

void recordUserEvent(RequestContext& context, const std::string& userId, const char* action,
                     std::string payloadJson = "{}") {
    services::recordEvent(context, "user", userId, action, std::move(payloadJson));
    // Cached asset reads show owner user names and e-mails; a new user owns nothing yet.
    if (std::string_view(action) != "user.created") services::namesChanged(context);
}

}  // namespace

void writeUserFields(JsonWriter& w, const store::UserRecord& user) {
    w.Key("id");
    core::writeString(w, user.id);
    w.Key("email");
    core::writeString(w, user.email);
    w.Key("name");
    core::writeString(w, user.name);
    w.Key("role");
    core::writeString(w, user.role);
    w.Key("team_id");
    core::writeNullableString(w, user.teamId);
    w.Key("metadata");
    core::writeStoredJson(w, user.metadataJson);
    w.Key("notification_preferences");
    core::writeStoredJson(w, user.notificationPreferencesJson);
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(user.createdAt));
    w.Key("deactivated_at");
    if (user.deactivatedAt) {
        core::writeString(w, core::formatTimestamp(*user.deactivatedAt));
    } else {
        w.Null();
    }
}

HttpResponse createUser(RequestContext& context) {
    RequestValidator validate(context);
    store::NewUser user;
    std::optional<std::string> password;
    if (const rapidjson::Value* body = validate.modelBody()) {
        auto email = validate.emailField(*body, "email", {}, Presence::Required);
        auto name = validate.stringField(*body, "name", {}, {Presence::Required, 1, 255});
        if (name) {
            const std::string trimmed = core::trimWhitespace(*name);
            if (auto violation = core::userNameRuleViolation(trimmed)) {
                validate.valueError(RequestValidator::bodyLoc({}, "name"), *violation,
                                    core::jsonQuote(*name));
            }
            user.name = trimmed;
        }
        auto metadata = validate.objectField(*body, "metadata", {}, Presence::Optional);
        user.teamId = validate.uuidField(*body, "team_id", {}, Presence::Nullable);
        password = validate.stringField(*body, "password", {}, {Presence::Nullable, 4, 128});
        auto role = validate.enumField(*body, "role", {}, Presence::Optional, core::kUserRoles);
        user.email = email.value_or("");
        user.metadataJson = metadata.value_or("{}");
        user.role = role.value_or("user");
    }
    validate.finish();

    requireActiveTeam(context, user.teamId);
    if (password) user.passwordHash = hashPassword(*password);
    store::UserRepository users(context.db);
    store::UserRecord created;
    try {
        created = users.insert(user);
    } catch (const store::UniqueViolation&) {
        throw duplicateEmail(user.email);
    }
    recordUserEvent(context, created.id, "user.created", buildJson([&](JsonWriter& w) {
                        w.StartObject();
                        w.Key("email");
                        core::writeString(w, created.email);
                        w.Key("role");
                        core::writeString(w, created.role);
                        w.EndObject();
                    }));
    return userResponse(core::status::kCreated, created);
}

HttpResponse listUsers(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    store::UserFilter filter;
    filter.teamId = validate.queryUuid("team_id");
    if (auto email = validate.queryText("email"))
        filter.emailPattern = store::containsPattern(*email);
    if (auto name = validate.queryText("name")) filter.namePattern = store::containsPattern(*name);
    filter.includeDeactivated = validate.queryBool("include_deactivated", false);
    validate.finish();

    store::UserRepository users(context.db);
    const auto result = users.list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::UserRecord& user) {
                            w.StartObject();
                            writeUserFields(w, user);
                            writeTeamName(w, user);
                            w.Key("asset_count");
                            w.Int64(user.assetCount);
                            w.EndObject();
                        });
}

HttpResponse getUser(RequestContext& context) {
    RequestValidator validate(context);
    const std::string userId = validate.pathUuid("user_id");
    validate.finish();

    store::UserRepository users(context.db);
    auto user = users.findActive(userId);
    if (!user) throw userNotFound();
    // Quirk kept for existing clients: this response always shows empty metadata (01 §11.3).
    user->metadataJson = "{}";
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        writeUserFields(w, *user);
        writeTeamName(w, *user);
        w.EndObject();
    });
}

HttpResponse updateUser(RequestContext& context) {
    RequestValidator validate(context);
    const std::string userId = validate.pathUuid("user_id");
    store::UserChanges changes;
    std::optional<std::string> password;
    if (const rapidjson::Value* body = validate.modelBody()) {
        changes.email = validate.emailField(*body, "email", {}, Presence::Nullable);
        changes.name = validate.stringField(*body, "name", {}, {Presence::Nullable, 1, 255});
        changes.teamId = validate.uuidField(*body, "team_id", {}, Presence::Nullable);
        password = validate.stringField(*body, "password", {}, {Presence::Nullable, 4, 128});
        changes.role = validate.enumField(*body, "role", {}, Presence::Nullable, core::kUserRoles);
        changes.notificationPreferencesJson =
            validate.objectField(*body, "notification_preferences", {}, Presence::Nullable);
        changes.metadataJson = validate.objectField(*body, "metadata", {}, Presence::Nullable);
    }
    validate.finish();

    store::UserRepository users(context.db);
    if (!users.findActive(userId)) throw userNotFound();
    requireActiveTeam(context, changes.teamId);
    if (password) changes.passwordHash = hashPassword(*password);
    std::optional<store::UserRecord> updated;
    try {
        updated = users.update(userId, changes);
    } catch (const store::UniqueViolation&) {
        throw duplicateEmail(*changes.email);
    }
    if (!updated) throw userNotFound();
    recordUserEvent(context, userId, "user.updated");
    return userResponse(core::status::kOk, *updated);
}

HttpResponse deactivateUser(RequestContext& context) {
    RequestValidator validate(context);
    const std::string userId = validate.pathUuid("user_id");
    validate.finish();

    store::UserRepository users(context.db);
    if (!users.deactivate(userId)) throw userNotFound();
    recordUserEvent(context, userId, "user.deactivated");
    store::announceUserDeactivated(context.db, userId);
    return emptyResponse(core::status::kNoContent);
}

HttpResponse reactivateUser(RequestContext& context) {
    RequestValidator validate(context);
    const std::string userId = validate.pathUuid("user_id");
    validate.finish();

    store::UserRepository users(context.db);
    const bool wasActive = users.findActive(userId).has_value();
    auto user = users.reactivate(userId);
    if (!user) throw userNotFound();
    if (!wasActive) recordUserEvent(context, userId, "user.reactivated");
    return userResponse(core::status::kOk, *user);
}

}  // namespace tessera::server
