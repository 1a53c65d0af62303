#include "store/dbt_sync_reads.hpp"

#include <algorithm>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

// The FQNs are joined as rows, not matched with `fqn = ANY($1)`: for a manifest-sized array
// the planner may pick the trigram GIN index (ix_assets_fqn_trgm) for the ANY and spend tens of
// seconds in it (seen: 34.7 s for 5,500 FQNs, 2M buffer hits); joined rows probe the btree.
// Each FQN's asset is chosen before its contract is read, so the sort holds no schemas.
const Statement kTargets{
    "dbt_targets",
    "SELECT t.fqn, t.id::text, c.id::text, c.schema::text, c.compatibility_mode, t.deleted,"
    " t.matches"
    " FROM (SELECT DISTINCT ON (a.fqn) a.fqn, a.id, a.deleted_at IS NOT NULL AS deleted,"
    "   count(*) OVER (PARTITION BY a.fqn) AS matches"
    "   FROM (SELECT DISTINCT w.fqn FROM unnest($1::text[]) AS w(fqn)) wanted"
    "   JOIN core.assets a ON a.fqn = wanted.fqn"
    "   WHERE $2::bool OR a.deleted_at IS NULL"
    "   ORDER BY a.fqn, a.deleted_at IS NOT NULL, a.created_at, a.id) t"
    " LEFT JOIN LATERAL (SELECT k.id, k.schema, k.compatibility_mode FROM core.contracts k"
    "   WHERE k.asset_id = t.id AND k.status = 'active'"
    "   ORDER BY k.published_at DESC, k.id DESC LIMIT 1) c ON true"};
const Statement kMissing{"dbt_assets_missing_from",
                         "SELECT a.fqn FROM core.assets a WHERE a.deleted_at IS NULL"
                         " AND (a.metadata ? 'dbt_node_id' OR a.metadata ? 'dbt_source_id')"
                         " AND NOT (a.fqn = ANY($1::text[])) ORDER BY a.fqn, a.id"};
const Statement kTeamNames{"dbt_active_team_names",
                           "SELECT DISTINCT lower(t.name) FROM core.teams t"
                           " WHERE t.deleted_at IS NULL AND lower(t.name) = ANY($1::text[])"};

}  // namespace

std::map<std::string, DbtTarget> DbtSyncReads::targets(const std::vector<std::string>& fqns,
                                                       bool includeDeleted) {
    std::map<std::string, DbtTarget> found;
    std::vector<std::string> ambiguous;
    for (const auto& row : db_.exec(kTargets, textArrayLiteral(fqns), includeDeleted)) {
        const std::string fqn = row[0].as<std::string>();
        if (row[6].as<int64_t>() > 1) ambiguous.push_back(fqn);
        found.emplace(
            fqn, DbtTarget{row[1].as<std::string>(), nullableText(row[2]), nullableText(row[3]),
                           nullableText(row[4]), row[5].as<bool>()});
    }
    // dbt matches assets by FQN alone; where assets of several environments share one,
    // no asset is the model's (the original failed with a 500; 00-decisions: a 409).
    if (!ambiguous.empty()) {
        std::sort(ambiguous.begin(), ambiguous.end());
        std::string names;
        for (size_t i = 0; i < ambiguous.size() && i < 5; ++i) {
            names += (i ? ", '" : "'") + ambiguous[i] + "'";
        }
        if (ambiguous.size() > 5) names += " and " + std::to_string(ambiguous.size() - 5) + " more";
        throw core::conflict(core::code::kDuplicateAsset,
                             "Assets in several environments have the FQN " + names +
                                 ": dbt sync matches assets by FQN alone");
    }
    return found;
}

std::vector<std::string> DbtSyncReads::dbtAssetsMissingFrom(const std::vector<std::string>& fqns) {
    std::vector<std::string> missing;
    for (const auto& row : db_.exec(kMissing, textArrayLiteral(fqns))) {
        missing.push_back(row[0].as<std::string>());
    }
    return missing;
}

std::set<std::string> DbtSyncReads::activeTeamNames(const std::vector<std::string>& lowerNames) {
    std::set<std::string> names;
    for (const auto& row : db_.exec(kTeamNames, textArrayLiteral(lowerNames))) {
        names.insert(row[0].as<std::string>());
    }
    return names;
}

}  // namespace tessera::store
