#include "core/guarantee_promises.hpp"

#include <algorithm>
#include <set>

namespace tessera::core {

std::vector<std::string> promisedGuaranteePaths(const rapidjson::Value& guarantees) {
    std::vector<std::string> paths;
    if (!guarantees.IsObject()) return paths;
    const auto category = [&](const char* name) -> const rapidjson::Value* {
        const auto member = guarantees.FindMember(name);
        return member == guarantees.MemberEnd() ? nullptr : &member->value;
    };
    for (const char* keyed :
         {"nullability", "uniqueness", "accepted_values", "relationships", "expressions"}) {
        const rapidjson::Value* value = category(keyed);
        if (!value || !value->IsObject()) continue;
        for (const auto& member : value->GetObject()) {
            paths.push_back(std::string(keyed) + "." +
                            std::string(member.name.GetString(), member.name.GetStringLength()));
        }
    }
    for (const char* whole : {"freshness", "volume"}) {
        const rapidjson::Value* value = category(whole);
        if (value && !value->IsNull()) paths.emplace_back(whole);
    }
    if (const rapidjson::Value* custom = category("custom"); custom && custom->IsObject()) {
        for (const auto& member : custom->GetObject()) {
            paths.push_back("custom." +
                            std::string(member.name.GetString(), member.name.GetStringLength()));
        }
    }
    return paths;
}

std::vector<std::string> violatedGuarantees(const std::vector<std::string>& promised,
                                            const std::vector<std::string>& failedIds) {
    const std::set<std::string> failed(failedIds.begin(), failedIds.end());
    std::vector<std::string> violated;
    for (const std::string& path : promised) {
        if (failed.count(path) &&
            std::find(violated.begin(), violated.end(), path) == violated.end()) {
            violated.push_back(path);
        }
    }
    return violated;
}

}  // namespace tessera::core
