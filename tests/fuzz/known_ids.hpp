// Ids of real rows the fixture created, so fuzzed requests also reach handlers past the "not
// found" checks, and the keys that authenticate part of the traffic.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tessera::fuzz {

struct KnownIds {
    std::string bootstrapKey;
    std::string adminKey;  // admin scope, team `homeTeam`
    std::string readKey;   // read scope
    std::string homeTeam;  // owns the keys; never the target of fuzzed path ids
    std::string targetTeam;
    std::string user;
    std::string asset;
    std::string downstreamAsset;
    std::string contract;
    std::string registration;
    std::string proposal;
    std::string dependency;
    std::string spareKeyId;  // a key the fuzzer may revoke (never adminKey or readKey)
    std::string auditEvent;
    std::string fqn;
    std::string contractVersion;

    // Good values for a path or query parameter, by name ("team_id", "asset_id", …); a name
    // the fixture does not know gets every id.
    std::vector<std::string> forParameter(const std::string& name) const;
    // Every id and name above except the keys, for random JSON leaves.
    std::vector<std::string> allValues() const;
};

}  // namespace tessera::fuzz
