#include "server/handlers/audit_payload_order.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <vector>

namespace tessera::server {
namespace {

struct ActionKeys {
    std::string_view action;
    std::initializer_list<std::string_view> keys;
};

// Spec 04 §1.2 for the original's events; the server's own events in the order it writes them.
const std::array<ActionKeys, 9> kKeyOrders{{
    {"contract.published", {"version", "change_type", "force"}},
    {"contract.force_published", {"version", "change_type", "force"}},
    {"proposal.created", {"asset_id", "change_type", "breaking_changes_count"}},
    {"proposal.acknowledged", {"response", "notes"}},
    {"proposal.approved", {"acknowledged_count", "auto_approved"}},
    {"api_key.created", {"name", "team_id", "scopes"}},
    {"api_key.revoked", {"name", "team_id"}},
    {"dependency.created",
     {"dependent_asset_id", "dependency_asset_id", "dependency_type", "sync_source"}},
    {"dependency.deleted",
     {"dependent_asset_id", "dependency_asset_id", "dependency_type", "sync_source"}},
}};  // proposal.rejected and proposal.force_approved have one key each: nothing to order

const std::initializer_list<std::string_view>* keysOf(std::string_view action) {
    for (const ActionKeys& entry : kKeyOrders) {
        if (entry.action == action) return &entry.keys;
    }
    return nullptr;
}

std::string_view nameOf(const rapidjson::Value& name) {
    return {name.GetString(), name.GetStringLength()};
}

}  // namespace

void writeAuditPayload(core::JsonWriter& writer, std::string_view action,
                       std::string_view storedJson) {
    const auto* keys = keysOf(action);
    if (keys == nullptr) {
        core::writeStoredJson(writer, storedJson);
        return;
    }
    rapidjson::Document document;
    document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag>(
        storedJson.data(), storedJson.size());
    if (document.HasParseError()) {
        writer.Null();
        return;
    }
    if (!document.IsObject()) {
        document.Accept(writer);
        return;
    }
    std::vector<const rapidjson::Value::Member*> members;
    members.reserve(document.MemberCount());
    for (const auto& member : document.GetObject()) members.push_back(&member);
    const auto rank = [&](const rapidjson::Value::Member* member) {
        const auto found = std::find(keys->begin(), keys->end(), nameOf(member->name));
        return static_cast<size_t>(found - keys->begin());  // unlisted: after every listed key
    };
    std::stable_sort(members.begin(), members.end(),
                     [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    writer.StartObject();
    for (const auto* member : members) {
        writer.Key(member->name.GetString(), member->name.GetStringLength());
        member->value.Accept(writer);
    }
    writer.EndObject();
}

}  // namespace tessera::server
