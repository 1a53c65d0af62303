#include "server/handlers/contract_json.hpp"

#include <limits>
#include <stdexcept>

#include "core/schema_diff.hpp"
#include "core/timestamp.hpp"

namespace tessera::server {

using core::JsonWriter;

// Stored guarantees always hold the four keys; jsonb sorts keys, so the wire order is restored
// here. The other categories of the guarantee diff (03 §6.1) follow when stored (issue 21).
void writeGuarantees(JsonWriter& w, const std::optional<std::string>& storedJson) {
    if (!storedJson) {
        w.Null();
        return;
    }
    const rapidjson::Document guarantees = core::parseStoredJson(*storedJson);
    if (!guarantees.IsObject()) {
        w.Null();
        return;
    }
    w.StartObject();
    for (const char* key : {"freshness", "volume", "nullability", "accepted_values"}) {
        w.Key(key);
        auto it = guarantees.FindMember(key);
        if (it == guarantees.MemberEnd()) {
            w.Null();
        } else {
            it->value.Accept(w);
        }
    }
    for (const char* key : kExtraGuaranteeCategories) {
        auto it = guarantees.FindMember(key);
        if (it != guarantees.MemberEnd() && !it->value.IsNull()) {
            w.Key(key);
            it->value.Accept(w);
        }
    }
    w.EndObject();
}

void writeContractFields(JsonWriter& w, const store::ContractRecord& contract,
                         std::string_view schemaKey) {
    w.Key("id");
    core::writeString(w, contract.id);
    w.Key("asset_id");
    core::writeString(w, contract.assetId);
    w.Key("version");
    core::writeString(w, contract.version);
    core::writeKey(w, schemaKey);
    core::writeStoredJson(w, contract.schemaJson);
    w.Key("compatibility_mode");
    core::writeString(w, contract.compatibilityMode);
    w.Key("guarantees");
    writeGuarantees(w, contract.guaranteesJson);
    w.Key("status");
    core::writeString(w, contract.status);
    w.Key("published_at");
    core::writeString(w, core::formatTimestamp(contract.publishedAt));
    w.Key("published_by");
    core::writeString(w, contract.publishedBy);
    w.Key("published_by_user_id");
    core::writeNullableString(w, contract.publishedByUserId);
}

void writeRegistrationFields(JsonWriter& w, const store::RegistrationRecord& registration) {
    w.Key("id");
    core::writeString(w, registration.id);
    w.Key("contract_id");
    core::writeString(w, registration.contractId);
    w.Key("consumer_team_id");
    core::writeString(w, registration.consumerTeamId);
    w.Key("pinned_version");
    core::writeNullableString(w, registration.pinnedVersion);
    w.Key("status");
    core::writeString(w, registration.status);
    w.Key("registered_at");
    core::writeString(w, core::formatTimestamp(registration.registeredAt));
    w.Key("acknowledged_at");
    core::writeNullableTimestamp(w, registration.acknowledgedAt);
}

void writeProposalFields(JsonWriter& w, const store::ProposalRecord& proposal) {
    w.Key("id");
    core::writeString(w, proposal.id);
    w.Key("asset_id");
    core::writeString(w, proposal.assetId);
    w.Key("proposed_schema");
    core::writeStoredJson(w, proposal.proposedSchemaJson);
    w.Key("change_type");
    core::writeString(w, proposal.changeType);
    w.Key("breaking_changes");
    w.StartArray();
    const rapidjson::Document changes = core::parseStoredJson(proposal.breakingChangesJson);
    if (changes.IsArray()) {
        for (const auto& change : changes.GetArray()) {
            std::string_view kind = "unknown";
            if (change.IsObject()) {
                auto type = change.FindMember("type");
                if (type != change.MemberEnd() && type->value.IsString()) {
                    kind = std::string_view(type->value.GetString(), type->value.GetStringLength());
                }
            }
            core::writeReducedChangeJson(w, kind);
        }
    }
    w.EndArray();
    w.Key("status");
    core::writeString(w, proposal.status);
    w.Key("proposed_by");
    core::writeString(w, proposal.proposedBy);
    w.Key("proposed_by_user_id");
    core::writeNullableString(w, proposal.proposedByUserId);
    w.Key("proposed_at");
    core::writeString(w, core::formatTimestamp(proposal.proposedAt));
    w.Key("resolved_at");
    core::writeNullableTimestamp(w, proposal.resolvedAt);
    // Additive (issue 21), only when there is something to say, so that other proposals read
    // as the original's: the guarantees kept under strict (published with the proposal) and
    // the guarantee diff.
    if (proposal.proposedGuaranteesJson) {
        w.Key("proposed_guarantees");
        writeGuarantees(w, proposal.proposedGuaranteesJson);
    }
    if (proposal.guaranteeChangesJson != "[]") {
        w.Key("guarantee_changes");
        // The records' order of 03 §6.2, as everywhere else they are written.
        core::writeStoredJsonInKeyOrder(
            w, proposal.guaranteeChangesJson,
            {"type", "path", "message", "severity", "old_value", "new_value"});
    }
}

}  // namespace tessera::server
