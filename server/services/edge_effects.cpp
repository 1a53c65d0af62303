#include "server/services/edge_effects.hpp"

#include <string>
#include <utility>

#include "core/json.hpp"
#include "server/http/responses.hpp"
#include "server/services/write_effects.hpp"

namespace tessera::server::services {
namespace {

using core::JsonWriter;

std::string edgePayload(const store::DbtEdgeRow& edge) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("dependent_asset_id");
        core::writeString(w, edge.dependentId);
        w.Key("dependency_asset_id");
        core::writeString(w, edge.dependencyId);
        w.Key("dependency_type");
        w.String("transforms");
        w.Key("sync_source");
        core::writeNullableString(w, edge.syncSource);
        w.EndObject();
    });
}

}  // namespace

void recordEdgeEffects(RequestContext& context, store::DbtSyncWrites& writes,
                       const std::vector<store::DbtEdgeRow>& created,
                       const std::vector<store::DbtEdgeRow>& deleted) {
    std::vector<std::pair<std::string, std::string>> createdEvents, deletedEvents;
    const auto touched = [&](const store::DbtEdgeRow& edge) {
        assetChanged(context, edge.dependentId);  // its upstream edges are re-read
        lineageChanged(context, edge.dependencyId);
    };
    for (const auto& edge : created) {
        createdEvents.emplace_back(edge.id, edgePayload(edge));
        touched(edge);
    }
    for (const auto& edge : deleted) {
        deletedEvents.emplace_back(edge.id, edgePayload(edge));
        touched(edge);
    }
    writes.recordEvents("dependency", "dependency.created", context.auth.teamId, createdEvents);
    writes.recordEvents("dependency", "dependency.deleted", context.auth.teamId, deletedEvents);
}

}  // namespace tessera::server::services
