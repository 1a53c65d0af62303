#include "tests/fuzz/known_ids.hpp"

namespace tessera::fuzz {

std::vector<std::string> KnownIds::forParameter(const std::string& name) const {
    if (name == "team_id" || name == "consumer_team_id" || name == "owner" ||
        name == "published_by" || name == "target_team_id" || name == "owner_team_id") {
        return {targetTeam, homeTeam};
    }
    if (name == "asset_id" || name == "depends_on_asset_id") return {asset, downstreamAsset};
    if (name == "contract_id" || name == "contract_id_1" || name == "contract_id_2") {
        return {contract};
    }
    if (name == "registration_id") return {registration};
    if (name == "proposal_id") return {proposal};
    if (name == "user_id" || name == "owner_user" || name == "owner_user_id" ||
        name == "actor_id" || name == "published_by_user_id") {
        return {user};
    }
    if (name == "key_id") return {spareKeyId};
    if (name == "event_id") return {auditEvent};
    if (name == "dependency_id") return {dependency};
    if (name == "entity_type") return {"asset", "team", "contract", "user", "proposal"};
    if (name == "version" || name == "from_version" || name == "to_version" ||
        name == "pinned_version") {
        return {contractVersion, "1.0.0", "2.0.0"};
    }
    if (name == "q" || name == "fqn") return {fqn, "fuzz"};
    return allValues();
}

std::vector<std::string> KnownIds::allValues() const {
    std::vector<std::string> values = {targetTeam, homeTeam,   user,         asset, contract,
                                       proposal,   dependency, registration, fqn,   auditEvent};
    std::erase_if(values, [](const std::string& value) { return value.empty(); });
    return values;
}

}  // namespace tessera::fuzz
