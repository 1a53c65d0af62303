#include "store/graph_changes.hpp"

#include <limits>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "store/db_session_exec.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

// An upsert: the bookkeeping row heals itself when a harness or an operator truncated the table
// (the generation then starts over, which replicas notice as a generation moving backwards).
// The NOTIFY in the same statement (one round trip for every write): its payload is the new
// generation followed by $2, the changed ids (changedIds).
const Statement kBumpGeneration{
    "graph_bump_generation",
    "WITH bumped AS (INSERT INTO core.graph_state (id, generation) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET generation = core.graph_state.generation + 1"
    " RETURNING generation)"
    " SELECT generation, pg_notify($1, generation::text || $2) FROM bumped"};

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

namespace {

// " a:<id> r:<id> t:<id> …", or " *" when they would not fit in a payload after the generation.
// The generation is not known before the statement: room is left for the longest one.
std::string changedIds(const GraphChange& change) {
    std::string payload;
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
    const size_t longestGeneration = std::to_string(std::numeric_limits<int64_t>::max()).size();
    if (longestGeneration + payload.size() > kMaxPayload) payload = " *";
    return payload;
}

}  // namespace

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
    const auto result = db.exec(kBumpGeneration, std::string(kGraphChannel), changedIds(change));
    return onlyValue<int64_t>(result, kBumpGeneration.name);
}

}  // namespace tessera::store
