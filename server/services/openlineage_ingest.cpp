#include "server/services/openlineage_ingest.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/column_mappings.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/openlineage_mapping.hpp"
#include "core/uuid.hpp"
#include "server/services/edge_effects.hpp"
#include "server/services/write_effects.hpp"
#include "store/dbt_sync_writes.hpp"
#include "store/openlineage_writes.hpp"
#include "store/team_repository.hpp"

namespace tessera::server::services {
namespace {

using core::OpenLineageDataset;
using core::OpenLineageEvent;
using store::AssetKey;
using store::AssetPair;
using store::JobClaim;
using store::OpenLineageJobKey;

// Top-level members of `patch` replace those of `target` (both JSON objects).
void mergeMembers(rapidjson::Document& target, const std::string& patchJson) {
    rapidjson::Document patch = core::parseStoredJson(patchJson);
    auto& allocator = target.GetAllocator();
    for (auto& member : patch.GetObject()) {
        const auto existing = target.FindMember(member.name);
        if (existing != target.MemberEnd()) {
            existing->value.CopyFrom(member.value, allocator);
        } else {
            target.AddMember(rapidjson::Value(member.name, allocator),
                             rapidjson::Value(member.value, allocator), allocator);
        }
    }
}

class Ingest {
  public:
    explicit Ingest(RequestContext& context)
        : context_(context), writes_(context.db), lineage_(context.db) {}

    void run(const std::vector<OpenLineageEvent>& events) {
        lineage_.joinByKeys();
        lockJobs(events);
        for (const OpenLineageEvent& event : events) {
            // A late COMPLETE's datasets exist like any others, but its facets describe them as
            // they were before the job's newer run: they change no metadata.
            const bool facets = !stale_.count(&event);
            if (event.dataset) describe(*event.dataset, facets);
            for (const auto& dataset : event.inputs) describe(dataset, facets);
            for (const auto& dataset : event.outputs) describe(dataset, facets);
        }
        writeAssets();
        collectColumnMappings(events);
        writeEdges();
        writeColumnMappings();
    }

  private:
    AssetKey keyOf(const OpenLineageDataset& dataset) const {
        return keyOf(dataset.ns, dataset.fqn);
    }
    AssetKey keyOf(const std::string& ns, const std::string& fqn) const {
        return {fqn, openLineageEnvironment(context_.config(), ns)};
    }

    void describe(const OpenLineageDataset& dataset, bool withFacets) {
        auto [slot, added] = metadata_.try_emplace(keyOf(dataset));
        if (added) slot->second.SetObject();
        if (withFacets) mergeMembers(slot->second, core::openLineageMetadata(dataset));
    }

    // The events' jobs locked (sorted: one lock order for every transaction, taken before any
    // asset row), with their latest applied COMPLETE; and the late COMPLETEs among the events:
    // older than the job's latest, stored or earlier in this request. Those change no edges
    // (writeEdges), no column mappings and no metadata.
    void lockJobs(const std::vector<OpenLineageEvent>& events) {
        for (const OpenLineageEvent& event : events) {
            if (event.kind == core::OpenLineageEventKind::Dataset) continue;
            byJob_[{event.jobNamespace, event.jobName}].push_back(&event);
        }
        if (byJob_.empty()) return;
        std::vector<OpenLineageJobKey> jobs;
        for (const auto& [job, list] : byJob_) jobs.push_back(job);
        auto latest = lineage_.lockJobs(jobs);
        for (const auto& [job, list] : byJob_) {
            std::optional<int64_t> latestComplete = latest[job];
            for (const OpenLineageEvent* event : list) {
                if (!event->complete()) continue;
                if (latestComplete && event->eventTime < *latestComplete) {
                    stale_.insert(event);
                } else {
                    latestComplete = event->eventTime;
                }
            }
        }
    }

    // Missing assets created (owned by the caller's team), stored ones given the facets'
    // metadata; soft-deleted ones are left alone and take no part in edges.
    void writeAssets() {
        std::vector<store::AssetLookup> lookups;
        for (const auto& [key, metadata] : metadata_)
            lookups.push_back({key, core::toJson(metadata)});
        assets_ = lineage_.assetsAt(lookups);
        std::vector<store::DbtAssetRow> inserts;
        std::map<std::string, const store::AssetLookup*> insertedAs;  // id → key and metadata
        for (const store::AssetLookup& lookup : lookups) {
            if (assets_.count(lookup.key)) continue;
            const std::string id = core::randomUuid();
            inserts.push_back({id, lookup.key.fqn, ownerTeamId(), std::nullopt, lookup.patchJson,
                               lookup.key.environment});
            insertedAs.emplace(id, &lookup);
        }
        const std::vector<std::string> inserted =
            lineage_.insertMissingAssets(inserts, context_.auth.teamId);
        for (const std::string& id : inserted) {
            assets_.emplace(insertedAs.at(id)->key, store::StoredAsset{id, false, true});
            assetChanged(context_, id);
        }
        if (inserted.size() < inserts.size()) {
            if (inserted.empty() &&
                !store::TeamRepository(context_.db).findIncludingDeleted(context_.auth.teamId)) {
                throw core::notFound(core::code::kTeamNotFound, "Owner team not found");
            }
            // Another request created these datasets meanwhile (the insert waited for its
            // commit): read them as stored.
            std::vector<store::AssetLookup> taken;
            for (const auto& [id, lookup] : insertedAs) {
                if (!assets_.count(lookup->key)) taken.push_back(*lookup);
            }
            assets_.merge(lineage_.assetsAt(taken));
            for (const auto& lookup : taken) {
                if (!assets_.count(lookup.key)) {
                    throw store::ConcurrentChange("an asset created by another request is gone");
                }
            }
        }
        std::vector<std::pair<std::string, std::string>> patches;
        for (const store::AssetLookup& lookup : lookups) {
            const store::StoredAsset& stored = assets_.at(lookup.key);
            if (!stored.deleted && !stored.metadataCurrent) {
                patches.emplace_back(stored.id, lookup.patchJson);
            }
        }
        for (const std::string& id : lineage_.mergeMetadata(patches)) assetChanged(context_, id);
    }

    const std::string& ownerTeamId() const {
        if (context_.auth.teamId.empty()) {
            throw core::badRequest(core::code::kBadRequest,
                                   "New assets are owned by the API key's team: use a team's key");
        }
        return context_.auth.teamId;
    }

    // Every (output, input) pair of live assets: the output depends on the input.
    std::set<AssetPair> pairsOf(const OpenLineageEvent& event) const {
        std::set<AssetPair> pairs;
        for (const auto& output : event.outputs) {
            const store::StoredAsset& dependent = assets_.at(keyOf(output));
            if (dependent.deleted) continue;
            for (const auto& input : event.inputs) {
                const store::StoredAsset& dependency = assets_.at(keyOf(input));
                if (dependency.deleted || dependency.id == dependent.id) continue;
                pairs.emplace(dependent.id, dependency.id);
            }
        }
        return pairs;
    }

    // Each job's claims: a COMPLETE event at least as recent as the job's latest applied one
    // replaces them, a late one (stale_) changes nothing, any other event adds to them. Edges
    // follow the claims: created for each pair an applied event claims (also one whose edge was
    // deleted since its claim was made: the next run that reads the input brings it back),
    // removed when the ingest made the edge and no job claims the pair any more.
    void writeEdges() {
        if (byJob_.empty()) return;
        std::vector<OpenLineageJobKey> jobs;
        for (const auto& [job, list] : byJob_) jobs.push_back(job);
        const std::set<JobClaim> before = lineage_.claimsOf(jobs);
        std::map<OpenLineageJobKey, std::set<AssetPair>> claims;
        for (const JobClaim& claim : before) claims[claim.job].insert(claim.pair);

        std::map<OpenLineageJobKey, int64_t> completedAt;
        std::set<AssetPair> claimedNow;  // by the events applied: live assets, by pairsOf
        for (const auto& [job, list] : byJob_) {
            std::set<AssetPair>& claimed = claims[job];
            for (const OpenLineageEvent* event : list) {
                if (stale_.count(event)) continue;  // a late COMPLETE changes nothing
                std::set<AssetPair> pairs = pairsOf(*event);
                claimedNow.insert(pairs.begin(), pairs.end());
                if (!event->complete()) {
                    claimed.insert(pairs.begin(), pairs.end());
                } else {
                    claimed = std::move(pairs);
                    completedAt[job] = event->eventTime;
                }
            }
        }
        std::set<JobClaim> after;
        for (const auto& [job, pairs] : claims) {
            for (const AssetPair& pair : pairs) after.insert(JobClaim{job, pair});
        }
        std::vector<JobClaim> added, dropped;
        std::set<AssetPair> claimedPairs, droppedPairs;
        for (const JobClaim& claim : after) {
            if (claimedNow.count(claim.pair)) claimedPairs.insert(claim.pair);
            if (!before.count(claim)) added.push_back(claim);
        }
        for (const JobClaim& claim : before) {
            if (after.count(claim)) continue;
            dropped.push_back(claim);
            droppedPairs.insert(claim.pair);
        }
        lineage_.applyClaims(added, dropped, completedAt);
        applyClaims(claimedPairs, droppedPairs);
    }

    void applyClaims(const std::set<AssetPair>& claimedPairs, std::set<AssetPair> droppedPairs) {
        if (!droppedPairs.empty()) {
            for (const AssetPair& pair :
                 lineage_.claimedPairs({droppedPairs.begin(), droppedPairs.end()})) {
                droppedPairs.erase(pair);  // another job (or this request) still claims it
            }
        }
        // A pair with a stored edge (made by hand, by a dbt sync, by another job, or by another
        // request meanwhile) is skipped by the insert; the new edges carry their mappings.
        std::vector<store::OpenLineageEdgeRow> rows;
        for (const AssetPair& pair : claimedPairs) {
            const auto mappings = mappings_.find(pair);
            rows.push_back({core::randomUuid(), pair.first, pair.second,
                            mappings == mappings_.end()
                                ? std::string()
                                : core::columnMappingsToJson(mappings->second)});
        }
        const std::vector<std::string> insertedIds =
            lineage_.insertEdges(rows, context_.auth.teamId);
        const std::set<std::string> inserted(insertedIds.begin(), insertedIds.end());
        for (const auto& row : rows) {
            if (!inserted.count(row.id)) continue;
            mappings_.erase({row.dependentId, row.dependencyId});  // set by the insert
            assetChanged(context_, row.dependentId);               // its upstream edges are re-read
            lineageChanged(context_, row.dependencyId);
        }
        if (droppedPairs.empty()) return;
        std::vector<store::DbtEdgeRow> removed;
        std::vector<std::string> removedIds;
        for (auto& edge : lineage_.edgesBetween({droppedPairs.begin(), droppedPairs.end()})) {
            if (edge.syncSource != kOpenLineageSyncSource) continue;  // not the ingest's to drop
            removedIds.push_back(edge.id);
            removed.push_back(std::move(edge));
        }
        writes_.deleteEdges(removedIds);
        recordEdgeEffects(context_, writes_, {}, removed);
    }

    // The columnLineage facet of an output: for each of the event's inputs it names, that
    // edge's column mappings (replaced; a later event wins). Inputs the facet does not name keep
    // theirs (none: the edge reads all columns); datasets it names that are not inputs of the
    // event are ignored.
    void collectColumnMappings(const std::vector<OpenLineageEvent>& events) {
        for (const OpenLineageEvent& event : events) {
            if (stale_.count(&event)) continue;  // a late COMPLETE: the newer run's mappings stay
            std::map<AssetKey, const store::StoredAsset*> inputs;
            for (const auto& input : event.inputs) inputs[keyOf(input)] = &assets_.at(keyOf(input));
            for (const auto& output : event.outputs) {
                const store::StoredAsset& dependent = assets_.at(keyOf(output));
                if (!output.hasColumnLineage || dependent.deleted) continue;
                std::map<AssetPair, std::vector<core::ColumnMapping>> mine;
                for (const core::OpenLineageColumnInput& column : output.columnLineage) {
                    const std::string fqn = core::openLineageFqn(column.ns, column.name);
                    const auto input = inputs.find(keyOf(column.ns, fqn));
                    if (fqn.empty() || input == inputs.end() || input->second->deleted ||
                        input->second->id == dependent.id) {
                        continue;
                    }
                    core::ColumnMapping mapping;
                    if (!column.targetColumn.empty()) mapping.targetColumn = column.targetColumn;
                    mapping.sourceColumn = column.field;
                    mapping.kind = column.kind;
                    if (!column.subtype.empty()) mapping.subtype = column.subtype;
                    mine[{dependent.id, input->second->id}].push_back(std::move(mapping));
                }
                for (auto& [pair, list] : mine) {
                    mappings_[pair] = core::canonicalMappings(std::move(list));
                }
            }
        }
    }

    // The mappings of stored edges (the new ones got theirs when inserted).
    void writeColumnMappings() {
        if (mappings_.empty()) return;
        std::vector<std::pair<AssetPair, std::string>> rows;
        for (const auto& [pair, list] : mappings_) {
            rows.emplace_back(pair, core::columnMappingsToJson(list));
        }
        for (const std::string& id : lineage_.setColumnMappings(rows)) assetChanged(context_, id);
    }

    RequestContext& context_;
    store::DbtSyncWrites writes_;
    store::OpenLineageWrites lineage_;
    std::map<AssetKey, rapidjson::Document> metadata_;  // merged facets of each asset
    std::map<AssetKey, store::StoredAsset> assets_;
    std::map<AssetPair, std::vector<core::ColumnMapping>> mappings_;  // of this request's edges
    std::map<OpenLineageJobKey, std::vector<const OpenLineageEvent*>> byJob_;  // in event order
    std::set<const OpenLineageEvent*> stale_;                                  // late COMPLETEs
};

}  // namespace

const std::string& openLineageEnvironment(const Config& config, const std::string& ns) {
    const auto mapped = config.openLineageEnvironments.find(ns);
    return mapped != config.openLineageEnvironments.end() ? mapped->second
                                                          : config.defaultEnvironment;
}

void ingestOpenLineage(RequestContext& context, const std::vector<core::OpenLineageEvent>& events) {
    Ingest(context).run(events);
}

}  // namespace tessera::server::services
