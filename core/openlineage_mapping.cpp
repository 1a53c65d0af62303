#include "core/openlineage_mapping.hpp"

#include "core/json.hpp"

namespace tessera::core {
namespace {

bool keeps(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

}  // namespace

std::string openLineageFqn(std::string_view ns, std::string_view name) {
    std::string joined;
    joined.reserve(ns.size() + name.size() + 1);
    for (std::string_view part : {ns, std::string_view("."), name}) {
        for (const char raw : part) {
            const auto c = static_cast<unsigned char>(raw);
            if (c >= 0x80 && c < 0xC0) continue;  // continues a UTF-8 sequence already mapped
            joined.push_back(keeps(c) ? raw : '_');
        }
    }
    std::string fqn;
    size_t segments = 0;
    size_t start = 0;
    while (start <= joined.size()) {
        size_t dot = joined.find('.', start);
        if (dot == std::string::npos) dot = joined.size();
        if (dot > start) {
            if (!fqn.empty()) fqn.push_back('.');
            if (joined[start] >= '0' && joined[start] <= '9') fqn.push_back('_');
            fqn.append(joined, start, dot - start);
            ++segments;
        }
        start = dot + 1;
    }
    return segments >= 2 ? fqn : std::string();
}

std::string openLineageMetadata(const OpenLineageDataset& dataset) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("openlineage");
    w.StartObject();
    w.Key("namespace");
    writeString(w, dataset.ns);
    w.Key("name");
    writeString(w, dataset.name);
    w.EndObject();
    if (dataset.columns) {
        w.Key("columns");
        w.StartObject();
        for (const OpenLineageColumn& column : *dataset.columns) {
            writeKey(w, column.name);
            w.StartObject();
            w.Key("description");
            writeString(w, column.description.value_or(""));
            w.Key("data_type");
            writeNullableString(w, column.type);
            w.EndObject();
        }
        w.EndObject();
    }
    if (dataset.description) {
        w.Key("description");
        writeString(w, *dataset.description);
    }
    if (dataset.owners) {
        w.Key("owners");
        w.StartArray();
        for (const OpenLineageOwner& owner : *dataset.owners) {
            w.StartObject();
            w.Key("name");
            writeString(w, owner.name);
            w.Key("type");
            writeNullableString(w, owner.type);
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tessera::core
