#include "server/handlers/assets.hpp"

#include "core/api_enums.hpp"
#include "server/services/write_effects.hpp"

#include <set>

#include "core/asset_rules.hpp"
#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "server/cache/cached_read.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/permissions.hpp"
#include "store/asset_repository.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// AssetBase, key order of spec 02 §2.1.
void writeAssetFields(JsonWriter& w, const store::AssetRecord& asset) {
    w.Key("id");
    core::writeString(w, asset.id);
    w.Key("fqn");
    core::writeString(w, asset.fqn);
    w.Key("owner_team_id");
    core::writeString(w, asset.ownerTeamId);
    w.Key("owner_user_id");
    core::writeNullableString(w, asset.ownerUserId);
    w.Key("environment");
    core::writeString(w, asset.environment);
    w.Key("guarantee_mode");
    core::writeString(w, asset.guaranteeMode);
    w.Key("metadata");
    core::writeStoredJson(w, asset.metadataJson);
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(asset.createdAt));
}

void writeOwnerNames(JsonWriter& w, const store::AssetDetail& detail) {
    w.Key("owner_team_name");
    core::writeNullableString(w, detail.ownerTeamName);
    w.Key("owner_user_name");
    core::writeNullableString(w, detail.ownerUserName);
    w.Key("owner_user_email");
    core::writeNullableString(w, detail.ownerUserEmail);
}

// Audit payload of asset writes: the fields the dependency index and people care about.
std::string assetEventPayload(const store::AssetRecord& asset) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("fqn");
        core::writeString(w, asset.fqn);
        w.Key("environment");
        core::writeString(w, asset.environment);
        w.Key("owner_team_id");
        core::writeString(w, asset.ownerTeamId);
        w.EndObject();
    });
}

HttpResponse assetResponse(int status, const store::AssetRecord& asset) {
    return jsonResponseWith(status, [&](JsonWriter& w) {
        w.StartObject();
        writeAssetFields(w, asset);
        w.EndObject();
    });
}

core::ApiError duplicateAsset(const std::string& fqn, const std::string& environment) {
    return core::conflict(
        core::code::kDuplicateAsset,
        "Asset '" + fqn + "' already exists in environment '" + environment + "'");
}

// The owner user must exist and not be deactivated; returns its team.
std::optional<std::string> requireOwnerUserTeam(RequestContext& context,
                                                const std::string& userId) {
    store::UserRepository users(context.db);
    auto user = users.findActive(userId);
    if (!user) throw core::notFound(core::code::kNotFound, "Owner user not found");
    return user->teamId;
}

void requireUserInTeam(const std::optional<std::string>& userTeamId, const std::string& teamId) {
    if (userTeamId != teamId) {
        throw core::badRequest(core::code::kBadRequest, "Owner user must belong to the owner team");
    }
}

void requireTeamExists(RequestContext& context, const std::string& teamId) {
    store::TeamRepository teams(context.db);
    if (!teams.findIncludingDeleted(teamId)) {
        throw core::notFound(core::code::kTeamNotFound, "Owner team not found");
    }
}

store::AssetSort parseSort(const std::optional<std::string>& sortBy) {
    if (sortBy == "owner") return store::AssetSort::OwnerTeamName;
    if (sortBy == "owner_user") return store::AssetSort::OwnerUserName;
    if (sortBy == "created_at") return store::AssetSort::CreatedAt;
    return store::AssetSort::Fqn;  // `fqn`, absent and unknown values alike
}

std::optional<std::string> likePattern(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return store::containsPattern(*text);
}

}  // namespace

HttpResponse createAsset(RequestContext& context) {
    RequestValidator validate(context);
    store::AssetInsert asset;
    if (const rapidjson::Value* body = validate.modelBody()) {
        const size_t maxFqn = static_cast<size_t>(context.config().maxFqnLength);
        auto fqn = validate.stringField(*body, "fqn", {}, {Presence::Required, 3, maxFqn});
        if (fqn && !core::isValidFqn(*fqn)) {
            validate.valueError(RequestValidator::bodyLoc({}, "fqn"),
                                std::string(core::kFqnPatternMessage), core::jsonQuote(*fqn));
        }
        asset.fqn = fqn.value_or("");
        asset.ownerTeamId =
            validate.uuidField(*body, "owner_team_id", {}, Presence::Required).value_or("");
        asset.ownerUserId = validate.uuidField(*body, "owner_user_id", {}, Presence::Nullable);
        asset.environment = validate
                                .stringField(*body, "environment", {},
                                             {Presence::Optional, 1, kMaxEnvironmentLength})
                                .value_or(context.config().defaultEnvironment);
        // Stored (the original validated and dropped it, spec 02 §11 A1).
        asset.guaranteeMode =
            validate
                .enumField(*body, "guarantee_mode", {}, Presence::Optional, core::kGuaranteeModes)
                .value_or("notify");
        asset.metadataJson =
            validate.objectField(*body, "metadata", {}, Presence::Optional).value_or("{}");
    }
    validate.finish();

    services::requireActingTeam(context.auth, asset.ownerTeamId, core::code::kUnauthorizedTeam,
                                "You can only create assets for teams you belong to");
    requireTeamExists(context, asset.ownerTeamId);
    store::AssetRepository assets(context.db);
    if (asset.ownerUserId) {
        requireUserInTeam(requireOwnerUserTeam(context, *asset.ownerUserId), asset.ownerTeamId);
    }
    if (auto holderDeleted = assets.holderOfName(asset.fqn, asset.environment)) {
        // The unique key covers soft-deleted rows too (spec 02 §11 A5).
        if (*holderDeleted) {
            throw core::conflict(core::code::kDuplicateAsset,
                                 "Asset with FQN '" + asset.fqn + "' already exists");
        }
        throw duplicateAsset(asset.fqn, asset.environment);
    }
    store::AssetRecord created;
    try {
        created = assets.insert(asset);
    } catch (const store::UniqueViolation&) {
        throw duplicateAsset(asset.fqn, asset.environment);  // a concurrent create won
    }
    services::recordEvent(context, "asset", created.id, "asset.created",
                          assetEventPayload(created));
    services::assetChanged(context, created.id);
    return assetResponse(core::status::kCreated, created);
}

HttpResponse listAssets(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    store::AssetFilter filter;
    filter.ownerTeamId = validate.queryUuid("owner");
    filter.ownerUserId = validate.queryUuid("owner_user");
    filter.unownedOnly = validate.queryBool("unowned", false);
    filter.fqnPattern = likePattern(validate.queryText("fqn"));
    filter.environment = validate.queryText("environment");
    const store::AssetSort sort = parseSort(validate.queryText("sort_by"));
    const bool descending = validate.queryText("sort_order") == "desc";
    validate.finish();

    store::AssetRepository assets(context.db);
    const auto result = assets.list(filter, sort, descending, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::AssetDetail& row) {
                            w.StartObject();
                            writeAssetFields(w, row.asset);
                            writeOwnerNames(w, row);
                            w.Key("active_contract_version");
                            core::writeNullableString(w, row.activeContractVersion);
                            w.EndObject();
                        });
}

HttpResponse searchAssets(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const auto query = validate.queryString("q", true, 1);
    const auto owner = validate.queryUuid("owner");
    const auto environment = validate.queryText("environment");
    validate.finish();

    const auto respond = [&] {
        store::AssetRepository assets(context.db);
        const auto result = assets.search(store::containsPattern(*query), owner, environment,
                                          page.limit, page.offset);
        return pageResponse(result.rows, result.total, page,
                            [](JsonWriter& w, const store::AssetSearchRow& row) {
                                w.StartObject();
                                w.Key("id");
                                core::writeString(w, row.id);
                                w.Key("fqn");
                                core::writeString(w, row.fqn);
                                w.Key("owner_team_id");
                                core::writeString(w, row.ownerTeamId);
                                w.Key("owner_team_name");
                                core::writeNullableString(w, row.ownerTeamName);
                                w.Key("environment");
                                core::writeString(w, row.environment);
                                w.EndObject();
                            });
    };
    return cachedFirstPage(context, page, assetSearchKey(*query, owner, environment),
                           context.config().cacheTtlAsset, respond);
}

HttpResponse getAsset(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    return cachedRead(context, assetKey(assetId), context.config().cacheTtlAsset, [&] {
        store::AssetRepository assets(context.db);
        auto detail = assets.findActiveDetail(assetId);
        if (!detail) throw core::assetNotFound();
        return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
            w.StartObject();
            writeAssetFields(w, detail->asset);
            writeOwnerNames(w, *detail);
            w.EndObject();
        });
    });
}

HttpResponse updateAsset(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    store::AssetUpdate changes;
    if (const rapidjson::Value* body = validate.modelBody()) {
        // No FQN pattern on update (spec 02 §11 A2).
        const size_t maxFqn = static_cast<size_t>(context.config().maxFqnLength);
        changes.fqn = validate.stringField(*body, "fqn", {}, {Presence::Nullable, 1, maxFqn});
        changes.ownerTeamId = validate.uuidField(*body, "owner_team_id", {}, Presence::Nullable);
        changes.ownerUserId = validate.uuidField(*body, "owner_user_id", {}, Presence::Nullable);
        changes.environment = validate.stringField(*body, "environment", {},
                                                   {Presence::Nullable, 1, kMaxEnvironmentLength});
        changes.guaranteeMode = validate.enumField(*body, "guarantee_mode", {}, Presence::Nullable,
                                                   core::kGuaranteeModes);
        changes.metadataJson = validate.objectField(*body, "metadata", {}, Presence::Nullable);
    }
    validate.finish();

    store::AssetRepository assets(context.db);
    auto asset = assets.findActive(assetId);
    if (!asset) throw core::assetNotFound();
    services::requireActingTeam(context.auth, asset->ownerTeamId, core::code::kUnauthorizedTeam,
                                "You can only update assets belonging to your team");
    // The original stored an unknown team and failed later; a missing team is a 404 here.
    if (changes.ownerTeamId) requireTeamExists(context, *changes.ownerTeamId);
    const std::string effectiveTeam = changes.ownerTeamId.value_or(asset->ownerTeamId);
    if (const auto effectiveUser = changes.ownerUserId ? changes.ownerUserId : asset->ownerUserId) {
        requireUserInTeam(requireOwnerUserTeam(context, *effectiveUser), effectiveTeam);
    }
    std::optional<store::AssetRecord> updated;
    try {
        updated = assets.update(assetId, changes);
    } catch (const store::UniqueViolation&) {
        throw duplicateAsset(changes.fqn.value_or(asset->fqn),
                             changes.environment.value_or(asset->environment));
    }
    if (!updated) throw core::assetNotFound();
    services::recordEvent(context, "asset", updated->id, "asset.updated",
                          assetEventPayload(*updated));
    services::assetChanged(context, updated->id);
    return assetResponse(core::status::kOk, *updated);
}

HttpResponse deleteAsset(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    store::AssetRepository assets(context.db);
    auto asset = assets.findActive(assetId);
    if (!asset) throw core::assetNotFound();
    services::requireActingTeam(context.auth, asset->ownerTeamId, core::code::kUnauthorizedTeam,
                                "You can only delete assets belonging to your team");
    assets.softDelete(assetId);
    services::recordEvent(context, "asset", assetId, "asset.deleted", assetEventPayload(*asset));
    services::assetChanged(context, assetId);
    return emptyResponse(core::status::kNoContent);
}

HttpResponse restoreAsset(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    store::AssetRepository assets(context.db);
    auto asset = assets.findIncludingDeleted(assetId);
    if (!asset) throw core::assetNotFound();
    if (!asset->deleted) return assetResponse(core::status::kOk, *asset);  // idempotent
    // Gone since the lookup (no lock is held in between): as if it had never been found.
    const auto back = assets.restore(assetId);
    if (!back) throw core::assetNotFound();
    const store::AssetRecord& restored = *back;
    services::recordEvent(context, "asset", assetId, "asset.restored", assetEventPayload(restored));
    services::assetChanged(context, assetId);
    return assetResponse(core::status::kOk, restored);
}

HttpResponse bulkAssignAssets(RequestContext& context) {
    RequestValidator validate(context);
    std::vector<std::string> assetIds;
    std::optional<std::string> ownerUserId;
    if (const rapidjson::Value* body = validate.modelBody()) {
        assetIds = validate.uuidListField(*body, "asset_ids", {}, Presence::Required, 1)
                       .value_or(std::vector<std::string>{});
        ownerUserId = validate.uuidField(*body, "owner_user_id", {}, Presence::Nullable);
    }
    validate.finish();

    store::AssetRepository assets(context.db);
    // No owner-team membership check here (spec 02 §11 A8).
    if (ownerUserId) requireOwnerUserTeam(context, *ownerUserId);
    const std::vector<std::string> updated = assets.assignOwnerUser(assetIds, ownerUserId);
    const std::set<std::string> updatedSet(updated.begin(), updated.end());
    // One event per asset whose owner changed, so each asset's history shows it.
    const std::string payload = buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("owner_user_id");
        core::writeNullableString(w, ownerUserId);
        w.Key("bulk_assign");
        w.Bool(true);
        w.EndObject();
    });
    for (const auto& id : updated) {
        services::recordEvent(context, "asset", id, "asset.updated", payload);
        services::assetChanged(context, id);
    }
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("updated");
        w.Uint64(updated.size());
        w.Key("not_found");
        w.StartArray();
        for (const auto& id : assetIds) {
            if (!updatedSet.count(id)) core::writeString(w, id);  // request order, repeats kept
        }
        w.EndArray();
        w.Key("owner_user_id");
        core::writeNullableString(w, ownerUserId);
        w.EndObject();
    });
}

}  // namespace tessera::server
