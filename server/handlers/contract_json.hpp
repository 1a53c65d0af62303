// JSON shapes shared by the contract, registration and (later) proposal endpoints: the
// contract object in its two spellings (spec 02 §2.2), the registration object (§2.3) and the
// proposal object (§2.6, 03 §8.1). Writers emit fields only, so callers can append extras.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "core/json.hpp"
#include "store/contract_repository.hpp"
#include "store/proposal_repository.hpp"
#include "store/registration_repository.hpp"

namespace tessera::server {

// "schema_def" for ContractDump (publish response, contract lists), "schema" for
// ContractEntity (GET /contracts/{id}) — both spellings are on the wire (02 §11 B1).
inline constexpr std::string_view kContractDumpSchemaKey = "schema_def";
inline constexpr std::string_view kContractEntitySchemaKey = "schema";

void writeContractFields(core::JsonWriter& w, const store::ContractRecord& contract,
                         std::string_view schemaKey);

void writeRegistrationFields(core::JsonWriter& w, const store::RegistrationRecord& registration);

// The proposal object's fields; its breaking changes are reduced to
// {"type", "column": null, "details": {}} although the stored records are complete (02 §11 B2).
// The routes that answer a proposal add its column_impact (server/handlers/proposal_object.hpp).
void writeProposalFields(core::JsonWriter& w, const store::ProposalRecord& proposal);

// The guarantee categories beyond the original's four (03 §6.1), kept when sent (issue 21).
inline constexpr const char* kExtraGuaranteeCategories[] = {"uniqueness", "relationships",
                                                            "expressions", "custom"};

// Stored guarantees in wire order: the four keys, then any extra category; null when none.
void writeGuarantees(core::JsonWriter& w, const std::optional<std::string>& storedJson);

}  // namespace tessera::server
