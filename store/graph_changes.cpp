#include "store/graph_changes.hpp"

#include <sstream>
#include <string_view>
#include <unordered_set>

#include "store/channel_notify.hpp"
#include "store/db_session_exec.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

// An upsert: the bookkeeping row heals itself when a harness or an operator truncated the table
// (the generation then starts over, which replicas notice as a generation moving backwards).
const Statement kBumpGeneration{
    "graph_bump_generation",
    "INSERT INTO core.graph_state (id, generation) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET generation = core.graph_state.generation + 1"
    " RETURNING generation"};

// Postgres limits NOTIFY payloads to 8000 bytes.
constexpr size_t kMaxPayload = 7900;

void appendUnique(std::vector<std::string>& target, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        bool seen = false;
        for (const auto& existing : target) seen = seen || existing == id;
        if (!seen) target.push_back(id);
    }
}

}  // namespace

void GraphChange::merge(const GraphChange& other) {
    appendUnique(assetIds, other.assetIds);
    appendUnique(registrationIds, other.registrationIds);
    appendUnique(teamIds, other.teamIds);
}

std::string graphChangePayload(int64_t generation, const GraphChange& change) {
    std::string payload = std::to_string(generation);
    // Writes name an asset once per thing they changed about it: each id once.
    std::unordered_set<std::string_view> seen;
    auto append = [&](const char* prefix, const std::vector<std::string>& ids) {
        seen.clear();
        for (const auto& id : ids) {
            if (seen.insert(id).second) payload += std::string(" ") + prefix + id;
        }
    };
    append("a:", change.assetIds);
    append("r:", change.registrationIds);
    append("t:", change.teamIds);
    if (payload.size() > kMaxPayload) payload = std::to_string(generation) + " *";
    return payload;
}

std::optional<ParsedGraphChange> parseGraphChangePayload(const std::string& payload) {
    std::istringstream words(payload);
    ParsedGraphChange parsed;
    if (!(words >> parsed.generation)) return std::nullopt;
    for (std::string word; words >> word;) {
        if (word == "*") {
            parsed.complete = false;
        } else if (word.rfind("a:", 0) == 0) {
            parsed.change.assetIds.push_back(word.substr(2));
        } else if (word.rfind("r:", 0) == 0) {
            parsed.change.registrationIds.push_back(word.substr(2));
        } else if (word.rfind("t:", 0) == 0) {
            parsed.change.teamIds.push_back(word.substr(2));
        }
    }
    return parsed;
}

int64_t markGraphChanged(DbSession& db, const GraphChange& change) {
    const int64_t generation = onlyValue<int64_t>(db.exec(kBumpGeneration), kBumpGeneration.name);
    notifyChannel(db, kGraphChannel, graphChangePayload(generation, change));
    return generation;
}

}  // namespace tessera::store
