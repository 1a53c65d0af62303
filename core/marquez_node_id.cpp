#include "core/marquez_node_id.hpp"

#include <cctype>

#include "core/json.hpp"

namespace tessera::core {
namespace {

constexpr std::string_view kDatasetPrefix = "dataset:";
constexpr std::string_view kJobPrefix = "job:";

// The colon that ends the namespace: not the one of `scheme://`, not the one of `host:port`.
std::string_view::size_type namespaceEnd(std::string_view rest) {
    const auto first = rest.find(':');
    if (first != std::string_view::npos && rest.find(':', first + 1) == std::string_view::npos) {
        return first;  // the only colon
    }
    for (auto at = rest.find(':'); at != std::string_view::npos; at = rest.find(':', at + 1)) {
        const std::string_view after = rest.substr(at + 1);
        const bool uriScheme = after.rfind("//", 0) == 0;
        const bool port = !after.empty() && std::isdigit(static_cast<unsigned char>(after[0]));
        if (!uriScheme && !port) return at;
    }
    return std::string_view::npos;
}

}  // namespace

std::optional<LineageNodeId> parseLineageNodeId(std::string_view text) {
    LineageNodeId id;
    std::string_view rest;
    if (text.rfind(kDatasetPrefix, 0) == 0) {
        id.kind = LineageNodeKind::kDataset;
        rest = text.substr(kDatasetPrefix.size());
    } else if (text.rfind(kJobPrefix, 0) == 0) {
        id.kind = LineageNodeKind::kJob;
        rest = text.substr(kJobPrefix.size());
    } else {
        return std::nullopt;
    }
    const auto end = namespaceEnd(rest);
    if (end == std::string_view::npos || end == 0 || end + 1 == rest.size()) return std::nullopt;
    id.name = {std::string(rest.substr(0, end)), std::string(rest.substr(end + 1))};
    return id;
}

std::string lineageNodeId(LineageNodeKind kind, const LineageName& name) {
    const std::string_view prefix = kind == LineageNodeKind::kDataset ? kDatasetPrefix : kJobPrefix;
    std::string id;
    id.reserve(prefix.size() + name.ns.size() + 1 + name.name.size());
    id.append(prefix).append(name.ns).append(1, ':').append(name.name);
    return id;
}

LineageName datasetNameOfAsset(std::string_view fqn, const rapidjson::Value* openlineage) {
    if (openlineage) {
        auto ns = nonEmptyStringMember(*openlineage, "namespace");
        auto name = nonEmptyStringMember(*openlineage, "name");
        if (ns && name) return {std::move(*ns), std::move(*name)};
    }
    const auto dot = fqn.find('.');
    if (dot == std::string_view::npos) return {std::string(fqn), std::string(fqn)};
    return {std::string(fqn.substr(0, dot)), std::string(fqn.substr(dot + 1))};
}

}  // namespace tessera::core
