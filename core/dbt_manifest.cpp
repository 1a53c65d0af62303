#include "core/dbt_manifest.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "core/json.hpp"
#include "core/text.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;

const Value* member(const Value& object, const char* key) {
    if (!object.IsObject()) return nullptr;
    const auto found = object.FindMember(key);
    return found == object.MemberEnd() ? nullptr : &found->value;
}

std::string_view view(const Value& text) {
    return std::string_view(text.GetString(), text.GetStringLength());
}

// A string member: missing or null reads as "", any other type is malformed.
std::string textMember(const Value& node, const char* key, const std::string& nodePath) {
    const Value* value = member(node, key);
    if (!value || value->IsNull()) return {};
    if (!value->IsString()) {
        throw DbtManifestError(nodePath + "." + key, std::string(key) + " must be a string");
    }
    return std::string(view(*value));
}

std::optional<std::string> optionalText(const Value& object, const char* key) {
    const Value* value = member(object, key);
    if (!value || !value->IsString()) return std::nullopt;
    return std::string(view(*value));
}

std::optional<std::string> optionalObjectJson(const Value& object, const char* key) {
    const Value* value = member(object, key);
    if (!value || !value->IsObject()) return std::nullopt;
    return toJson(*value);
}

// depends_on.nodes, each id once (manifests before v10 repeat parents).
std::vector<std::string> dependsOn(const Value& node) {
    std::vector<std::string> ids;
    const Value* depends = member(node, "depends_on");
    const Value* nodes = depends ? member(*depends, "nodes") : nullptr;
    if (!nodes || !nodes->IsArray()) return ids;
    for (const Value& id : nodes->GetArray()) {
        if (!id.IsString()) continue;
        std::string text(view(id));
        if (std::find(ids.begin(), ids.end(), text) == ids.end()) ids.push_back(std::move(text));
    }
    return ids;
}

// A list member as JSON; anything but a list reads as [].
std::string listJson(const Value& node, const char* key) {
    const Value* value = member(node, key);
    return value && value->IsArray() ? toJson(*value) : std::string("[]");
}

// node.columns as the metadata keeps them: every column's description ("" when absent) and
// its data_type as written (null when absent or not a string).
std::string columnsMetadata(const Value& node) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    if (const Value* columns = member(node, "columns"); columns && columns->IsObject()) {
        for (const auto& column : columns->GetObject()) {
            writeKey(w, view(column.name));
            w.StartObject();
            w.Key("description");
            writeString(w, optionalText(column.value, "description").value_or(""));
            w.Key("data_type");
            writeNullableString(w, optionalText(column.value, "data_type"));
            w.EndObject();
        }
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string columnsToSchema(const Value& node) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("type");
    w.String("object");
    w.Key("properties");
    w.StartObject();
    if (const Value* columns = member(node, "columns"); columns && columns->IsObject()) {
        for (const auto& column : columns->GetObject()) {
            writeKey(w, view(column.name));
            const std::optional<std::string> dataType = optionalText(column.value, "data_type");
            const std::optional<std::string> description =
                optionalText(column.value, "description");
            w.StartObject();
            w.Key("type");
            writeString(w, jsonTypeForDbtType(dataType.value_or("string")));
            if (description && !description->empty()) {
                w.Key("description");
                writeString(w, *description);
            }
            w.EndObject();
        }
    }
    w.EndObject();
    w.Key("required");
    w.StartArray();
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

// One dbt test turned into part of a guarantees object (04 §4.4 rules 1–7).
class GuaranteeCollector {
  public:
    void add(const std::string& testId, const Value& test) {
        static const Value kEmpty(rapidjson::kObjectType);
        const Value* metadata = member(test, "test_metadata");
        const bool noMetadata = !metadata || !metadata->IsObject() || metadata->MemberCount() == 0;
        const Value& tm = noMetadata ? kEmpty : *metadata;
        const std::string name = optionalText(tm, "name").value_or("");
        const Value* kwargs = member(tm, "kwargs");
        if (kwargs && !kwargs->IsObject()) kwargs = nullptr;
        std::optional<std::string> column =
            kwargs ? optionalText(*kwargs, "column_name") : std::nullopt;
        if (!column) column = optionalText(test, "column_name");
        if (column && column->empty()) column.reset();

        if (name == "not_null" && column) {
            if (std::find(nullOrder_.begin(), nullOrder_.end(), *column) == nullOrder_.end()) {
                nullOrder_.push_back(*column);
            }
        } else if (name == "accepted_values" && column) {
            const Value* values = kwargs ? member(*kwargs, "values") : nullptr;
            if (values && values->IsArray() && !values->Empty()) {
                if (!acceptedValues_.count(*column)) acceptedOrder_.push_back(*column);
                acceptedValues_[*column] = toJson(*values);
            }
        } else if (name == "unique" || name == "relationships" ||
                   name.rfind("dbt_expectations.", 0) == 0 || name.rfind("dbt_utils.", 0) == 0) {
            custom_.push_back(customTest(name, column, kwargs));
        } else if (const auto ns = optionalText(tm, "namespace"); ns && !ns->empty()) {
            custom_.push_back(customTest(*ns + "." + name, column, kwargs));
        } else if (noMetadata) {
            custom_.push_back(singularTest(testId, test));
        }
    }

    // {"nullability":…, "accepted_values":…, "custom":[…]} with the empty ones left out; none
    // when all are empty.
    std::optional<std::string> json() const {
        if (nullOrder_.empty() && acceptedOrder_.empty() && custom_.empty()) return std::nullopt;
        std::string out = "{";
        const auto separate = [&] {
            if (out.size() > 1) out += ',';
        };
        if (!nullOrder_.empty()) {
            out += "\"nullability\":{";
            for (size_t i = 0; i < nullOrder_.size(); ++i) {
                if (i > 0) out += ',';
                out += jsonQuote(nullOrder_[i]) + ":\"never\"";
            }
            out += '}';
        }
        if (!acceptedOrder_.empty()) {
            separate();
            out += "\"accepted_values\":{";
            for (size_t i = 0; i < acceptedOrder_.size(); ++i) {
                if (i > 0) out += ',';
                out += jsonQuote(acceptedOrder_[i]) + ":" + acceptedValues_.at(acceptedOrder_[i]);
            }
            out += '}';
        }
        if (!custom_.empty()) {
            separate();
            out += "\"custom\":[";
            for (size_t i = 0; i < custom_.size(); ++i) {
                if (i > 0) out += ',';
                out += custom_[i];
            }
            out += ']';
        }
        return out + "}";
    }

  private:
    static std::string customTest(const std::string& type, const std::optional<std::string>& column,
                                  const Value* kwargs) {
        return "{\"type\":" + jsonQuote(type) +
               ",\"column\":" + (column ? jsonQuote(*column) : std::string("null")) +
               ",\"config\":" + (kwargs ? toJson(*kwargs) : std::string("{}")) + "}";
    }

    static std::string singularTest(const std::string& testId, const Value& test) {
        const size_t dot = testId.rfind('.');
        const std::string name = dot == std::string::npos ? testId : testId.substr(dot + 1);
        std::optional<std::string> sql = optionalText(test, "compiled_code");
        if (!sql || sql->empty()) sql = optionalText(test, "raw_code");
        return "{\"type\":\"singular\",\"name\":" + jsonQuote(name) +
               ",\"description\":" + jsonQuote(optionalText(test, "description").value_or("")) +
               ",\"sql\":" + (sql ? jsonQuote(*sql) : std::string("null")) + "}";
    }

    std::vector<std::string> nullOrder_;
    std::map<std::string, std::string> acceptedValues_;
    std::vector<std::string> acceptedOrder_;
    std::vector<std::string> custom_;
};

DbtTesseraMeta readTesseraMeta(const Value& node) {
    DbtTesseraMeta meta;
    const Value* nodeMeta = member(node, "meta");
    const Value* tessera = nodeMeta ? member(*nodeMeta, "tessera") : nullptr;
    if (!tessera || !tessera->IsObject()) return meta;
    meta.ownerTeam = optionalText(*tessera, "owner_team");
    meta.ownerUser = optionalText(*tessera, "owner_user");
    meta.compatibilityMode = optionalText(*tessera, "compatibility_mode");
    meta.freshnessJson = optionalObjectJson(*tessera, "freshness");
    meta.volumeJson = optionalObjectJson(*tessera, "volume");
    if (const Value* consumers = member(*tessera, "consumers"); consumers && consumers->IsArray()) {
        meta.consumersDeclared = consumers->Size();
        for (const Value& consumer : consumers->GetArray()) {
            if (auto team = optionalText(consumer, "team")) meta.consumerTeams.push_back(*team);
        }
        if (!consumers->Empty()) meta.consumersJson = toJson(*consumers);
    }
    return meta;
}

const Value& objectSection(const Value& manifest, const char* key) {
    static const Value kEmpty(rapidjson::kObjectType);
    const Value* section = member(manifest, key);
    if (!section || section->IsNull()) return kEmpty;
    if (!section->IsObject()) throw DbtManifestError(key, std::string(key) + " must be an object");
    return *section;
}

bool isAssetType(std::string_view type) {
    return type == "model" || type == "seed" || type == "snapshot";
}

}  // namespace

std::string_view jsonTypeForDbtType(std::string_view dataType) {
    std::string base = asciiLower(dataType.substr(0, dataType.find('(')));
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    base.erase(base.begin(), std::find_if(base.begin(), base.end(), notSpace));
    base.erase(std::find_if(base.rbegin(), base.rend(), notSpace).base(), base.end());
    static const std::unordered_map<std::string, std::string_view> kTypes = {
        {"string", "string"},
        {"text", "string"},
        {"varchar", "string"},
        {"char", "string"},
        {"character varying", "string"},
        {"date", "string"},
        {"datetime", "string"},
        {"timestamp", "string"},
        {"timestamp_ntz", "string"},
        {"timestamp_tz", "string"},
        {"time", "string"},
        {"integer", "integer"},
        {"int", "integer"},
        {"bigint", "integer"},
        {"smallint", "integer"},
        {"int64", "integer"},
        {"int32", "integer"},
        {"number", "number"},
        {"numeric", "number"},
        {"decimal", "number"},
        {"float", "number"},
        {"double", "number"},
        {"real", "number"},
        {"float64", "number"},
        {"boolean", "boolean"},
        {"bool", "boolean"},
        {"json", "object"},
        {"jsonb", "object"},
        {"variant", "object"},
        {"object", "object"},
        {"array", "array"},
    };
    const auto found = kTypes.find(base);
    return found == kTypes.end() ? std::string_view("string") : found->second;
}

DbtManifest readDbtManifest(const Value& manifest) {
    if (!manifest.IsObject()) throw DbtManifestError("manifest", "manifest must be an object");
    const Value& nodes = objectSection(manifest, "nodes");
    const Value& sources = objectSection(manifest, "sources");
    // `disabled` only tells known ids apart from unknown ones; any other shape is ignored.
    static const Value kNothing(rapidjson::kObjectType);
    const Value* disabledSection = member(manifest, "disabled");
    const Value& disabled =
        disabledSection && disabledSection->IsObject() ? *disabledSection : kNothing;

    // Every node's type first: asset selection, and the tests of each target in manifest order.
    std::vector<const Value*> selected;
    std::vector<std::string> selectedIds;
    std::unordered_map<std::string, std::vector<std::pair<std::string, const Value*>>> testsOf;
    for (const auto& entry : nodes.GetObject()) {
        const std::string id(view(entry.name));
        const std::string path = "nodes." + id;
        if (!entry.value.IsObject()) throw DbtManifestError(path, "a node must be an object");
        const Value* type = member(entry.value, "resource_type");
        if (!type || !type->IsString()) {
            throw DbtManifestError(path + ".resource_type", "resource_type is missing");
        }
        if (isAssetType(view(*type))) {
            selected.push_back(&entry.value);
            selectedIds.push_back(id);
        } else if (view(*type) == "test") {
            for (const std::string& target : dependsOn(entry.value)) {
                testsOf[target].emplace_back(id, &entry.value);
            }
        }
    }
    const size_t nodeAssets = selected.size();
    for (const auto& entry : sources.GetObject()) {
        if (!entry.value.IsObject()) {
            throw DbtManifestError("sources." + std::string(view(entry.name)),
                                   "a source must be an object");
        }
        selected.push_back(&entry.value);
        selectedIds.push_back(std::string(view(entry.name)));
    }
    const std::set<std::string> assetIds(selectedIds.begin(), selectedIds.end());

    // FQNs: a source declared over the table of a seed, model or earlier source (real projects
    // declare their seeds as sources) is the same table, and so the same asset; two nodes that
    // build one table cannot be told apart.
    DbtManifest result;
    std::map<std::string, std::string> fqnOwner;  // FQN → the first entry with it
    for (size_t i = 0; i < selected.size(); ++i) {
        const Value& node = *selected[i];
        const bool source = i >= nodeAssets;
        DbtAsset asset;
        asset.uniqueId = selectedIds[i];
        const std::string path = (source ? "sources." : "nodes.") + asset.uniqueId;
        asset.resourceType = source ? "source" : std::string(view(node["resource_type"]));
        asset.fqn =
            asciiLower(textMember(node, "database", path) + "." + textMember(node, "schema", path) +
                       "." + textMember(node, "name", path));
        if (const auto [owner, inserted] = fqnOwner.emplace(asset.fqn, asset.uniqueId); !inserted) {
            if (!source) {
                throw DbtManifestError(
                    path, "FQN '" + asset.fqn + "' is also the FQN of " + owner->second);
            }
            asset.sameTableAs = owner->second;
        }
        asset.schemaJson = columnsToSchema(node);
        asset.columnsJson = columnsMetadata(node);
        asset.description = optionalText(node, "description").value_or("");
        asset.path = optionalText(node, "path").value_or("");
        if (!source) asset.tagsJson = listJson(node, "tags");
        asset.dbtFqnJson = listJson(node, "fqn");
        if (const Value* columns = member(node, "columns"); columns && columns->IsObject()) {
            asset.columnCount = columns->MemberCount();
        }
        GuaranteeCollector guarantees;
        if (const auto tests = testsOf.find(asset.uniqueId); tests != testsOf.end()) {
            for (const auto& [testId, test] : tests->second) guarantees.add(testId, *test);
        }
        asset.guaranteesJson = guarantees.json();
        if (asset.guaranteesJson) ++result.guaranteesExtracted;
        asset.tessera = readTesseraMeta(node);
        for (const std::string& parent : dependsOn(node)) {
            if (assetIds.count(parent)) {
                asset.parents.push_back(parent);
            } else if (!nodes.HasMember(parent.c_str()) && !disabled.HasMember(parent.c_str())) {
                throw DbtManifestError(
                    path + ".depends_on.nodes",
                    "depends_on names '" + parent + "', which the manifest does not have");
            }
        }
        result.assets.push_back(std::move(asset));
    }
    return result;
}

}  // namespace tessera::core
