#include "server/handlers/audit_payload_order.hpp"

#include <array>
#include <initializer_list>

namespace tessera::server {
namespace {

struct ActionKeys {
    std::string_view action;
    std::initializer_list<std::string_view> keys;
};

const std::initializer_list<std::string_view> kContractKeys{"version", "change_type", "force"};
const std::initializer_list<std::string_view> kDependencyKeys{
    "dependent_asset_id", "dependency_asset_id", "dependency_type", "sync_source"};

// Spec 04 §1.2 for the original's events; the server's own events in the order it writes them.
const std::array<ActionKeys, 9> kKeyOrders{{
    {"contract.published", kContractKeys},
    {"contract.force_published", kContractKeys},
    {"proposal.created", {"asset_id", "change_type", "breaking_changes_count"}},
    {"proposal.acknowledged", {"response", "notes"}},
    {"proposal.approved", {"acknowledged_count", "auto_approved"}},
    {"api_key.created", {"name", "team_id", "scopes"}},
    {"api_key.revoked", {"name", "team_id"}},
    {"dependency.created", kDependencyKeys},
    {"dependency.deleted", kDependencyKeys},
}};  // proposal.rejected and proposal.force_approved have one key each: nothing to order

const std::initializer_list<std::string_view>* keysOf(std::string_view action) {
    for (const ActionKeys& entry : kKeyOrders) {
        if (entry.action == action) return &entry.keys;
    }
    return nullptr;
}

}  // namespace

void writeAuditPayload(core::JsonWriter& writer, std::string_view action,
                       std::string_view storedJson) {
    if (const auto* keys = keysOf(action)) {
        core::writeStoredJsonInKeyOrder(writer, storedJson, *keys);
    } else {
        core::writeStoredJson(writer, storedJson);
    }
}

}  // namespace tessera::server
