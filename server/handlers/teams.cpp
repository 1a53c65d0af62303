#include "server/handlers/teams.hpp"

#include "core/errors.hpp"
#include "core/team_rules.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "server/handlers/users.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/write_effects.hpp"
#include "store/audit_repository.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// Team object, key order of spec 01 §10.
void writeTeamFields(JsonWriter& w, const store::TeamRecord& team) {
    w.Key("id");
    core::writeString(w, team.id);
    w.Key("name");
    core::writeString(w, team.name);
    w.Key("metadata");
    core::writeStoredJson(w, team.metadataJson);
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(team.createdAt));
}

HttpResponse teamResponse(int status, const store::TeamRecord& team) {
    return jsonResponseWith(status, [&](JsonWriter& w) {
        w.StartObject();
        writeTeamFields(w, team);
        w.EndObject();
    });
}

core::ApiError teamNotFound() {
    return core::notFound(core::code::kTeamNotFound, "Team not found");
}

core::ApiError duplicateName(const std::string& name) {
    return core::conflict(core::code::kDuplicateTeam,
                          "Team with name '" + name + "' already exists");
}

void recordTeamEvent(RequestContext& context, const std::string& teamId, const char* action,
                     std::string payloadJson) {
    services::recordEvent(context, "team", teamId, action, std::move(payloadJson));
    services::teamChanged(context, teamId);  // the index shows team names
    // So do cached asset reads; a new team is in none of them yet.
    if (std::string_view(action) != "team.created") services::namesChanged(context);
}

}  // namespace

HttpResponse createTeam(RequestContext& context) {
    RequestValidator validate(context);
    std::optional<std::string> name;
    std::optional<std::string> metadata;
    if (const rapidjson::Value* body = validate.modelBody()) {
        const size_t maxLength = static_cast<size_t>(context.config().maxTeamNameLength);
        name = validate.stringField(*body, "name", {}, {Presence::Required, 1, maxLength});
        if (name) {
            const std::string trimmed = core::trimWhitespace(*name);
            if (auto violation = core::teamNameRuleViolation(trimmed)) {
                validate.valueError(RequestValidator::bodyLoc({}, "name"), *violation,
                                    core::jsonQuote(*name));
            }
            name = trimmed;
        }
        metadata = validate.objectField(*body, "metadata", {}, Presence::Optional);
    }
    validate.finish();

    store::TeamRepository teams(context.db);
    store::TeamRecord team;
    try {
        team = teams.insert(*name, metadata.value_or("{}"));
    } catch (const store::UniqueViolation&) {
        throw duplicateName(*name);
    }
    recordTeamEvent(context, team.id, "team.created", buildJson([&](JsonWriter& w) {
                        w.StartObject();
                        w.Key("name");
                        core::writeString(w, team.name);
                        w.EndObject();
                    }));
    return teamResponse(core::status::kCreated, team);
}

HttpResponse listTeams(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const auto nameFilter = validate.queryText("name");
    validate.finish();

    std::optional<std::string> pattern;
    if (nameFilter) pattern = store::containsPattern(*nameFilter);
    store::TeamRepository teams(context.db);
    const auto result = teams.list(pattern, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::TeamListRow& row) {
                            w.StartObject();
                            writeTeamFields(w, row.team);
                            w.Key("asset_count");
                            w.Int64(row.assetCount);
                            w.EndObject();
                        });
}

HttpResponse getTeam(RequestContext& context) {
    RequestValidator validate(context);
    const std::string teamId = validate.pathUuid("team_id");
    validate.finish();

    store::TeamRepository teams(context.db);
    auto team = teams.findActive(teamId);
    if (!team) throw teamNotFound();
    return teamResponse(core::status::kOk, *team);
}

HttpResponse updateTeam(RequestContext& context) {
    RequestValidator validate(context);
    const std::string teamId = validate.pathUuid("team_id");
    std::optional<std::string> name;
    std::optional<std::string> metadata;
    if (const rapidjson::Value* body = validate.modelBody()) {
        // Updates check length only: no trimming, no pattern (spec 01 §10.4).
        name = validate.stringField(*body, "name", {}, {Presence::Nullable, 1, 255});
        metadata = validate.objectField(*body, "metadata", {}, Presence::Nullable);
    }
    validate.finish();

    store::TeamRepository teams(context.db);
    std::optional<store::TeamRecord> team;
    try {
        team = teams.update(teamId, name, metadata);
    } catch (const store::UniqueViolation&) {
        throw duplicateName(*name);
    }
    if (!team) throw teamNotFound();
    recordTeamEvent(context, team->id, "team.updated", buildJson([&](JsonWriter& w) {
                        w.StartObject();
                        w.Key("changed");
                        w.StartArray();
                        if (name) w.String("name");
                        if (metadata) w.String("metadata");
                        w.EndArray();
                        w.EndObject();
                    }));
    return teamResponse(core::status::kOk, *team);
}

HttpResponse deleteTeam(RequestContext& context) {
    RequestValidator validate(context);
    const std::string teamId = validate.pathUuid("team_id");
    const bool force = validate.queryBool("force", false);
    validate.finish();

    store::TeamRepository teams(context.db);
    if (!teams.findActive(teamId)) throw teamNotFound();
    const long long assetCount = teams.countActiveAssets(teamId);
    if (assetCount > 0 && !force) {
        throw core::conflict(
            core::code::kTeamHasAssets,
            "Team owns " + std::to_string(assetCount) + " asset(s). Reassign or use force=true.");
    }
    teams.softDelete(teamId);
    recordTeamEvent(context, teamId, "team.deleted", buildJson([&](JsonWriter& w) {
                        w.StartObject();
                        w.Key("force");
                        w.Bool(force);
                        w.Key("asset_count");
                        w.Int64(assetCount);
                        w.EndObject();
                    }));
    return emptyResponse(core::status::kNoContent);
}

HttpResponse restoreTeam(RequestContext& context) {
    RequestValidator validate(context);
    const std::string teamId = validate.pathUuid("team_id");
    validate.finish();

    store::TeamRepository teams(context.db);
    const bool wasActive = teams.findActive(teamId).has_value();
    auto team = teams.restore(teamId);
    if (!team) throw teamNotFound();
    // Restoring a team that is not deleted is a no-op and records nothing.
    if (!wasActive) recordTeamEvent(context, team->id, "team.restored", "{}");
    return teamResponse(core::status::kOk, *team);
}

HttpResponse listTeamMembers(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string teamId = validate.pathUuid("team_id");
    validate.finish();

    store::TeamRepository teams(context.db);
    if (!teams.findActive(teamId)) throw core::notFound(core::code::kNotFound, "Team not found");
    store::UserRepository users(context.db);
    const auto result = users.members(teamId, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::UserRecord& user) {
                            w.StartObject();
                            writeUserFields(w, user);
                            w.EndObject();
                        });
}

HttpResponse reassignTeamAssets(RequestContext& context) {
    RequestValidator validate(context);
    const std::string sourceId = validate.pathUuid("team_id");
    std::optional<std::string> targetId;
    std::optional<std::vector<std::string>> assetIds;
    if (const rapidjson::Value* body = validate.modelBody()) {
        targetId = validate.uuidField(*body, "target_team_id", {}, Presence::Required);
        assetIds = validate.uuidListField(*body, "asset_ids", {}, Presence::Nullable);
    }
    validate.finish();

    store::TeamRepository teams(context.db);
    auto source = teams.findActive(sourceId);
    if (!source) throw core::notFound(core::code::kNotFound, "Source team not found");
    auto target = teams.findActive(*targetId);
    if (!target) throw core::notFound(core::code::kNotFound, "Target team not found");
    if (source->id == target->id) {
        throw core::badRequest(core::code::kBadRequest,
                               "Source and target team cannot be the same");
    }
    // An empty list means "all assets", like an absent one (spec 01 §10.8).
    if (assetIds && assetIds->empty()) assetIds.reset();
    const std::vector<std::string> moved = teams.reassignAssets(source->id, target->id, assetIds);
    for (const auto& assetId : moved) services::assetChanged(context, assetId);
    if (!moved.empty()) {
        recordTeamEvent(context, source->id, "team.assets_reassigned",
                        buildJson([&](JsonWriter& w) {
                            w.StartObject();
                            w.Key("target_team_id");
                            core::writeString(w, target->id);
                            w.Key("asset_ids");
                            w.StartArray();
                            for (const auto& id : moved) core::writeString(w, id);
                            w.EndArray();
                            w.EndObject();
                        }));
    }
    auto writeTeamRef = [](JsonWriter& w, const store::TeamRecord& team) {
        w.StartObject();
        w.Key("id");
        core::writeString(w, team.id);
        w.Key("name");
        core::writeString(w, team.name);
        w.EndObject();
    };
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("reassigned");
        w.Int64(static_cast<int64_t>(moved.size()));
        w.Key("source_team");
        writeTeamRef(w, *source);
        w.Key("target_team");
        writeTeamRef(w, *target);
        if (!moved.empty()) {
            w.Key("asset_ids");
            w.StartArray();
            for (const auto& id : moved) core::writeString(w, id);
            w.EndArray();
        }
        w.EndObject();
    });
}

}  // namespace tessera::server
