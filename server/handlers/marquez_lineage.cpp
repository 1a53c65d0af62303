#include "server/handlers/marquez_lineage.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/response_writer.hpp"
#include "server/services/lineage_graph.hpp"

namespace tessera::server {
namespace {

using core::LineageNodeKind;
using services::LineageGraphNode;

// Two names of the longest FQN and the prefix: anything longer names nothing.
constexpr size_t kMaxNodeIdBytes = 4096;
constexpr const char* kNodeIdForm = "dataset:<namespace>:<name> or job:<namespace>:<name>";

core::LineageNodeId parseNodeId(const std::optional<std::string>& text) {
    if (!text) {
        throw core::badRequest(core::code::kBadRequest,
                               std::string("nodeId is required: ") + kNodeIdForm);
    }
    std::optional<core::LineageNodeId> id;
    if (text->size() <= kMaxNodeIdBytes) id = core::parseLineageNodeId(*text);
    if (!id) {
        throw core::badRequest(core::code::kBadRequest,
                               std::string("nodeId must be ") + kNodeIdForm);
    }
    return *id;
}

void writeEmptyArray(ResponseWriter& w) {
    w.StartArray();
    w.EndArray();
}

void writeEmptyObject(ResponseWriter& w) {
    w.StartObject();
    w.EndObject();
}

void writeNameId(ResponseWriter& w, const core::LineageName& name) {
    w.StartObject();
    w.key("namespace");
    w.text(name.ns);
    w.key("name");
    w.text(name.name);
    w.EndObject();
}

// metadata.columns ({"<field>": {"description", "data_type"}}, the schema facet's top-level
// fields) as Marquez's fields, by name: jsonb does not keep the facet's order.
void writeFields(ResponseWriter& w, const std::optional<std::string>& columnsJson) {
    w.StartArray();
    const rapidjson::Document columns = core::parseStoredJson(columnsJson.value_or("{}"));
    if (columns.IsObject()) {
        std::vector<const rapidjson::Value::Member*> fields;
        for (const auto& member : columns.GetObject()) fields.push_back(&member);
        std::sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) {
            return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
                   std::string_view(b->name.GetString(), b->name.GetStringLength());
        });
        for (const auto* field : fields) {
            w.StartObject();
            w.key("name");
            w.text(std::string_view(field->name.GetString(), field->name.GetStringLength()));
            w.key("type");
            core::writeNullableString(w, core::nonEmptyStringMember(field->value, "data_type"));
            w.key("tags");
            writeEmptyArray(w);
            w.key("description");
            core::writeNullableString(w, core::nonEmptyStringMember(field->value, "description"));
            w.EndObject();
        }
    }
    w.EndArray();
}

// Marquez's Dataset, in its schema's key order.
void writeDatasetData(ResponseWriter& w, const LineageGraphNode& node) {
    const store::LineageAssetRow& asset = *node.asset;
    w.StartObject();
    w.key("id");
    writeNameId(w, node.name);
    w.key("type");
    w.text("DB_TABLE");
    w.key("name");
    w.text(node.name.name);
    w.key("physicalName");
    w.text(node.name.name);
    w.key("createdAt");
    w.text(core::formatTimestamp(asset.createdAt));
    w.key("updatedAt");
    w.Null();
    w.key("namespace");
    w.text(node.name.ns);
    w.key("sourceName");
    w.text(node.name.ns);
    w.key("fields");
    writeFields(w, asset.columnsJson);
    w.key("tags");
    writeEmptyArray(w);
    w.key("lastModifiedAt");
    w.Null();
    w.key("lastLifecycleState");
    w.Null();
    w.key("description");
    core::writeNullableString(w, asset.description);
    w.key("facets");
    writeEmptyObject(w);
    w.key("currentVersion");
    w.Null();
    w.key("deleted");
    w.Bool(asset.deleted);
    w.EndObject();
}

void writeNameIds(ResponseWriter& w, const std::vector<core::LineageName>& names) {
    w.StartArray();
    for (const auto& name : names) writeNameId(w, name);
    w.EndArray();
}

// Marquez's Job, in its schema's key order.
void writeJobData(ResponseWriter& w, const LineageGraphNode& node) {
    w.StartObject();
    w.key("id");
    writeNameId(w, node.name);
    w.key("type");
    w.Null();
    w.key("name");
    w.text(node.name.name);
    w.key("simpleName");
    w.text(node.name.name);
    w.key("parentJobName");
    w.Null();
    w.key("parentJobUuid");
    w.Null();
    w.key("createdAt");
    w.Null();
    w.key("updatedAt");
    core::writeNullableTimestamp(w, node.latestCompleteAt);
    w.key("namespace");
    w.text(node.name.ns);
    w.key("inputs");
    writeNameIds(w, node.inputs);
    w.key("outputs");
    writeNameIds(w, node.outputs);
    w.key("location");
    w.Null();
    w.key("description");
    w.Null();
    w.key("latestRun");
    w.Null();
    w.key("latestRuns");
    writeEmptyArray(w);
    w.key("facets");
    writeEmptyObject(w);
    w.key("currentVersion");
    w.Null();
    w.EndObject();
}

void writeEdges(ResponseWriter& w, const std::vector<services::LineageGraphEdge>& edges) {
    w.StartArray();
    for (const auto& [origin, destination] : edges) {
        w.StartObject();
        w.key("origin");
        w.text(origin);
        w.key("destination");
        w.text(destination);
        w.EndObject();
    }
    w.EndArray();
}

void writeNode(ResponseWriter& w, const LineageGraphNode& node) {
    const bool dataset = node.kind == LineageNodeKind::kDataset;
    w.StartObject();
    w.key("id");
    w.text(node.id);
    w.key("type");
    w.text(dataset ? "DATASET" : "JOB");
    w.key("data");
    if (dataset) {
        writeDatasetData(w, node);
    } else {
        writeJobData(w, node);
    }
    w.key("inEdges");
    writeEdges(w, node.inEdges);
    w.key("outEdges");
    writeEdges(w, node.outEdges);
    w.EndObject();
}

}  // namespace

HttpResponse getLineageGraph(RequestContext& context) {
    RequestValidator validate(context);
    const std::optional<std::string> nodeId = validate.queryText("nodeId");
    const int depth = static_cast<int>(
        validate.queryInt("depth", kLineageGraphDepthDefault, 1, kLineageGraphDepthMax)
            .value_or(kLineageGraphDepthDefault));
    validate.finish();
    const core::LineageNodeId start = parseNodeId(nodeId);

    const auto nodes = services::lineageGraph(context, start, depth);
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("graph");
        w.StartArray();
        for (const auto& node : nodes) writeNode(w, node);
        w.EndArray();
        w.EndObject();
    });
}

}  // namespace tessera::server
