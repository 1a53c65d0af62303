#include "server/handlers/dependencies.hpp"

#include <algorithm>
#include "core/api_enums.hpp"

#include "core/column_mappings.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "server/cache/cached_read.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/permissions.hpp"
#include "server/services/write_effects.hpp"
#include "store/asset_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/dependency_repository.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

const std::vector<std::string> kMappingKinds = {"DIRECT", "INDIRECT"};
constexpr size_t kMaxColumnMappings = 10000;
constexpr size_t kMaxColumnNameLength = 1000;
constexpr const char* kOwnerOnly = "You can only add dependencies to assets belonging to your team";

void writeDependency(JsonWriter& w, const store::DependencyRecord& dependency) {
    w.StartObject();
    w.Key("id");
    core::writeString(w, dependency.id);
    w.Key("dependent_asset_id");
    core::writeString(w, dependency.dependentAssetId);
    w.Key("dependency_asset_id");
    core::writeString(w, dependency.dependencyAssetId);
    w.Key("dependency_type");
    core::writeString(w, dependency.dependencyType);
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(dependency.createdAt));
    // Additive (issue 20): only edges that have mappings carry the key, each mapping's keys in
    // the documented order (jsonb keeps its own).
    if (dependency.columnMappingsJson) {
        const std::string mappings = core::columnMappingsToJson(
            core::columnMappingsFromJson(core::parseStoredJson(*dependency.columnMappingsJson)));
        w.Key("column_mappings");
        w.RawValue(mappings.data(), mappings.size(), rapidjson::kArrayType);
    }
    w.EndObject();
}

// `column_mappings` (issue 20): at most 10,000 of {target_column (a column of this asset, or
// null: every column), source_column (of the dependency), kind DIRECT | INDIRECT (default
// DIRECT), subtype}. Absent, null or empty: none (the edge counts as "all columns").
std::optional<std::string> columnMappingsField(RequestValidator& validate,
                                               const rapidjson::Value& body) {
    const rapidjson::Value* list =
        validate.arrayField(body, "column_mappings", {}, Presence::Nullable);
    if (!list) return std::nullopt;
    const Loc loc = RequestValidator::bodyLoc({}, "column_mappings");
    if (list->Size() > kMaxColumnMappings) {
        validate.valueError(loc, "at most 10000 column mappings", "[]");
        return std::nullopt;
    }
    std::vector<core::ColumnMapping> mappings;
    const StringRule column{Presence::Required, 1, kMaxColumnNameLength};
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        Loc itemLoc = loc;
        itemLoc.emplace_back(static_cast<long long>(i));
        const rapidjson::Value& item = (*list)[i];
        if (!validate.modelValue(item, itemLoc)) continue;
        core::ColumnMapping mapping;
        mapping.targetColumn = validate.stringField(item, "target_column", itemLoc,
                                                    {Presence::Nullable, 1, kMaxColumnNameLength});
        mapping.sourceColumn =
            validate.stringField(item, "source_column", itemLoc, column).value_or("");
        mapping.kind = validate.enumField(item, "kind", itemLoc, Presence::Optional, kMappingKinds)
                           .value_or("DIRECT");
        mapping.subtype = validate.stringField(item, "subtype", itemLoc,
                                               {Presence::Nullable, 1, kMaxColumnNameLength});
        mappings.push_back(std::move(mapping));
    }
    if (mappings.empty()) return std::nullopt;
    return core::columnMappingsToJson(core::canonicalMappings(std::move(mappings)));
}

void writeLineageAssets(JsonWriter& w, const std::vector<store::LineageAsset>& assets) {
    w.StartArray();
    for (const auto& asset : assets) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset.assetId);
        w.Key("asset_fqn");
        core::writeString(w, asset.fqn);
        w.Key("dependency_type");
        core::writeString(w, asset.dependencyType);
        w.Key("owner_team");
        core::writeString(w, asset.ownerTeamName);
        w.EndObject();
    }
    w.EndArray();
}

// Asset lookups here include soft-deleted assets (spec 02 §11).
store::AssetRecord requireAsset(RequestContext& context, const std::string& id,
                                const char* message = "Asset not found") {
    store::AssetRepository assets(context.db);
    auto asset = assets.findIncludingDeleted(id);
    if (!asset) throw core::notFound(core::code::kAssetNotFound, message);
    return *asset;
}

void recordDependencyEvent(RequestContext& context, const store::DependencyRecord& dependency,
                           const char* action) {
    const std::string payload = buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("dependent_asset_id");
        core::writeString(w, dependency.dependentAssetId);
        w.Key("dependency_asset_id");
        core::writeString(w, dependency.dependencyAssetId);
        w.Key("dependency_type");
        core::writeString(w, dependency.dependencyType);
        w.EndObject();
    });
    services::recordEvent(context, "dependency", dependency.id, action, payload);
    // Refreshing the dependent asset re-reads its upstream edges, this one included.
    services::assetChanged(context, dependency.dependentAssetId);
    // The other end's lineage lists this edge too (and a deleted edge is no longer in the
    // index to find it by).
    services::lineageChanged(context, dependency.dependencyAssetId);
}

}  // namespace

HttpResponse createDependency(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    std::optional<std::string> targetId, type, columnMappings;
    if (const rapidjson::Value* body = validate.modelBody()) {
        targetId = validate.uuidField(*body, "depends_on_asset_id", {}, Presence::Required);
        type = validate.enumField(*body, "dependency_type", {}, Presence::Optional,
                                  core::kDependencyTypes);
        columnMappings = columnMappingsField(validate, *body);
    }
    validate.finish();

    const store::AssetRecord asset = requireAsset(context, assetId);
    services::requireActingTeam(context.auth, asset.ownerTeamId,
                                core::code::kInsufficientPermissions, kOwnerOnly);
    requireAsset(context, *targetId, "Dependency asset not found");
    if (*targetId == assetId) {
        throw core::badRequest(core::code::kSelfDependency, "Asset cannot depend on itself");
    }
    store::DependencyRepository dependencies(context.db);
    const auto duplicate = [] {
        return core::conflict(core::code::kDuplicateDependency, "Dependency already exists");
    };
    if (dependencies.pairExists(assetId, *targetId)) throw duplicate();
    store::DependencyRecord created;
    try {
        created =
            dependencies.insert(assetId, *targetId, type.value_or("consumes"), columnMappings);
    } catch (const store::UniqueViolation&) {
        throw duplicate();  // a concurrent request added the same pair
    }
    recordDependencyEvent(context, created, "dependency.created");
    return jsonResponseWith(core::status::kCreated,
                            [&](JsonWriter& w) { writeDependency(w, created); });
}

HttpResponse listDependencies(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    requireAsset(context, assetId);
    store::DependencyRepository dependencies(context.db);
    const auto result = dependencies.upstreamOf(assetId, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page, writeDependency);
}

HttpResponse deleteDependency(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const std::string dependencyId = validate.pathUuid("dependency_id");
    validate.finish();

    store::DependencyRepository dependencies(context.db);
    auto dependency = dependencies.find(dependencyId, assetId);
    if (!dependency) throw core::notFound(core::code::kDependencyNotFound, "Dependency not found");
    // Hardening the spec permits (02 §9.3): only the owner team (or an admin) removes edges.
    const store::AssetRecord asset = requireAsset(context, assetId);
    services::requireActingTeam(
        context.auth, asset.ownerTeamId, core::code::kInsufficientPermissions,
        "You can only remove dependencies from assets belonging to your team");
    dependencies.remove(dependency->id);
    recordDependencyEvent(context, *dependency, "dependency.deleted");
    return emptyResponse(core::status::kNoContent);
}

namespace {
constexpr int kLineageTtlSeconds = 300;
HttpResponse computeLineage(RequestContext& context, const std::string& assetId);
}  // namespace

HttpResponse getLineage(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    // Lineage changes with edges, registrations, and names around the asset; every such write
    // invalidates it (the original never did, spec 02 §11 C3). The TTL is fixed at 300 s.
    return cachedRead(context, assetLineageKey(assetId), kLineageTtlSeconds,
                      [&] { return computeLineage(context, assetId); });
}

namespace {

HttpResponse computeLineage(RequestContext& context, const std::string& assetId) {
    const store::AssetRecord asset = requireAsset(context, assetId);
    store::TeamRepository teams(context.db);
    auto owner = teams.findIncludingDeleted(asset.ownerTeamId);
    if (!owner) throw core::assetNotFound();
    store::DependencyRepository dependencies(context.db);
    const auto upstream = dependencies.upstreamAssets(assetId);
    const auto downstreamAssets = dependencies.downstreamAssets(assetId);
    const auto registrations = dependencies.registrationsOnAnyContract(assetId);

    // Consumer teams in first-seen order, each with all its registrations.
    std::vector<std::string> teamOrder;
    for (const auto& registration : registrations) {
        if (std::find(teamOrder.begin(), teamOrder.end(), registration.teamId) == teamOrder.end()) {
            teamOrder.push_back(registration.teamId);
        }
    }
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset.id);
        w.Key("asset_fqn");
        core::writeString(w, asset.fqn);
        w.Key("owner_team_id");
        core::writeString(w, asset.ownerTeamId);
        w.Key("owner_team_name");
        core::writeString(w, owner->name);
        w.Key("upstream");
        writeLineageAssets(w, upstream);
        w.Key("downstream");
        w.StartArray();
        for (const auto& teamId : teamOrder) {
            w.StartObject();
            bool named = false;
            for (const auto& registration : registrations) {
                if (registration.teamId != teamId) continue;
                if (!named) {
                    w.Key("team_id");
                    core::writeString(w, teamId);
                    w.Key("team_name");
                    core::writeString(w, registration.teamName);
                    w.Key("registrations");
                    w.StartArray();
                    named = true;
                }
                w.StartObject();
                w.Key("contract_id");
                core::writeString(w, registration.contractId);
                w.Key("status");
                core::writeString(w, registration.status);
                w.Key("pinned_version");
                core::writeNullableString(w, registration.pinnedVersion);
                w.EndObject();
            }
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.Key("downstream_assets");
        writeLineageAssets(w, downstreamAssets);
        w.EndObject();
    });
}

}  // namespace

}  // namespace tessera::server
