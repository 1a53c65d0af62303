#include "server/handlers/impact.hpp"

#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "server/handlers/column_radius.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/handlers/traversal_depth.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/response_writer.hpp"
#include "server/services/impact_analysis.hpp"

namespace tessera::server {
namespace {

void writeEmptyArray(ResponseWriter& w) {
    w.StartArray();
    w.EndArray();
}

// The asset has no active contract: nothing to diff, nobody to break.
HttpResponse withoutContract(const std::string& assetId) {
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("change_type");
        w.String("minor");
        w.key("breaking_changes");
        writeEmptyArray(w);
        w.key("impacted_consumers");
        writeEmptyArray(w);
        w.key("impacted_assets");
        writeEmptyArray(w);
        w.key("safe_to_publish");
        w.Bool(true);
        w.key("asset_id");
        w.text(assetId);
        w.EndObject();
    });
}

void writeImpactedAssets(ResponseWriter& w, const std::optional<graph::ImpactResult>& impact) {
    w.StartArray();
    if (impact) {
        for (const auto& reached : impact->lineage.assets) {
            w.StartObject();
            w.key("asset_id");
            QuotedUuid(reached.id).write(w);
            w.key("fqn");
            w.text(reached.fqn);
            w.key("dependency_type");
            w.text(graph::toString(reached.dependencyType));
            w.key("depth");
            w.Uint(reached.depth);
            w.EndObject();
        }
    }
    w.EndArray();
}

// The published Python SDK wraps the schema as {"proposed_schema": {…}} (04 §7.2). A body of
// exactly that one key with an object value is the wrapper, never a schema of its own (no JSON
// Schema has a `proposed_schema` keyword), so its value is the proposed schema; anything else
// is the schema itself, as in the reference (02 §9.5).
const rapidjson::Value* unwrapProposedSchema(const rapidjson::Value* body) {
    if (!body || body->MemberCount() != 1) return body;
    const auto member = body->FindMember("proposed_schema");
    if (member == body->MemberEnd() || !member->value.IsObject()) return body;
    return &member->value;
}

}  // namespace

HttpResponse analyzeImpact(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const int depth = traversalDepth(validate, context.config());
    const rapidjson::Value* proposed = unwrapProposedSchema(validate.objectBody());
    // The body is the schema itself (02 §9.5), so proposed guarantees come as a query value.
    const auto guarantees = validate.queryJsonObject("guarantees");
    validate.finish();

    const services::ImpactAnalysis analysis =
        services::analyzeImpact(context, assetId, *proposed, depth, guarantees);
    if (!analysis.hasContract) return withoutContract(assetId);

    const auto& impact = analysis.impact;
    TeamTexts teams(*context.app.graph, impact ? teamsOf(*impact) : std::vector<graph::Uuid>());
    // Only with breaking changes: an impact without them stays the original's body byte for byte.
    const auto columnImpact =
        impact ? services::columnImpactOf(*context.app.graph, assetId, analysis.breaking, depth)
               : std::nullopt;
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("change_type");
        w.text(core::changeTypeName(analysis.diff.changeType));
        w.key("breaking_changes");
        services::writeBreakingRecords(w, analysis.breaking, analysis.guarantees);
        w.key("impacted_consumers");
        if (impact) {
            writeConsumers(w, teams, impact->consumers);
        } else {
            writeEmptyArray(w);
        }
        w.key("impacted_assets");
        writeImpactedAssets(w, impact);
        w.key("safe_to_publish");
        w.Bool(analysis.safeToPublish());
        w.key("traversal_depth");
        w.Int(depth);
        w.key("asset_id");
        w.text(assetId);
        if (analysis.guarantees) services::writeGuaranteeFields(w, *analysis.guarantees);
        // Additive (issue 20): the radius through the columns the breaking changes name.
        if (columnImpact) writeColumnImpactMember(w, *context.app.graph, *columnImpact);
        w.EndObject();
    });
}

}  // namespace tessera::server
