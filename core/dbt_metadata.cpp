#include "core/dbt_metadata.hpp"

#include "core/json.hpp"

namespace tessera::core {
namespace {

void raw(JsonWriter& w, const char* key, const std::string& json, rapidjson::Type type) {
    w.Key(key);
    w.RawValue(json.data(), json.size(), type);
}

// The members both routes start with, in the spec's order up to `columns`.
void writeIdentity(JsonWriter& w, const DbtAsset& asset) {
    const bool source = asset.resourceType == "source";
    w.Key(source ? "dbt_source_id" : "dbt_node_id");
    writeString(w, asset.uniqueId);
    w.Key("resource_type");
    writeString(w, asset.resourceType);
    w.Key("description");
    writeString(w, asset.description);
    if (!source) raw(w, "tags", asset.tagsJson, rapidjson::kArrayType);
}

}  // namespace

std::string dbtSyncMetadata(const DbtAsset& asset) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeIdentity(w, asset);
    raw(w, "columns", asset.columnsJson, rapidjson::kObjectType);
    if (asset.guaranteesJson) raw(w, "guarantees", *asset.guaranteesJson, rapidjson::kObjectType);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string dbtUploadMetadata(const DbtAsset& asset, const std::vector<std::string>& parentFqns,
                              const std::optional<std::string>& guarantees) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeIdentity(w, asset);
    if (asset.resourceType != "source") {
        raw(w, "dbt_fqn", asset.dbtFqnJson, rapidjson::kArrayType);
        w.Key("path");
        writeString(w, asset.path);
        w.Key("depends_on");
        w.StartArray();
        for (const std::string& fqn : parentFqns) writeString(w, fqn);
        w.EndArray();
    }
    raw(w, "columns", asset.columnsJson, rapidjson::kObjectType);
    if (guarantees) raw(w, "guarantees", *guarantees, rapidjson::kObjectType);
    if (asset.tessera.consumersJson) {
        raw(w, "tessera_consumers", *asset.tessera.consumersJson, rapidjson::kArrayType);
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<std::string> dbtUploadGuarantees(const DbtAsset& asset) {
    const auto& meta = asset.tessera;
    if (!meta.freshnessJson && !meta.volumeJson) return asset.guaranteesJson;
    // The test-derived object is never empty: its members, then the meta's.
    std::string out = asset.guaranteesJson
                          ? asset.guaranteesJson->substr(0, asset.guaranteesJson->size() - 1) + ","
                          : std::string("{");
    if (meta.freshnessJson) out += "\"freshness\":" + *meta.freshnessJson + ",";
    if (meta.volumeJson) out += "\"volume\":" + *meta.volumeJson + ",";
    out.back() = '}';
    return out;
}

}  // namespace tessera::core
