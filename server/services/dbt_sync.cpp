#include "server/services/dbt_sync.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "core/dbt_metadata.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/text.hpp"
#include "core/uuid.hpp"
#include "server/http/responses.hpp"
#include "server/services/edge_effects.hpp"
#include "server/services/write_effects.hpp"
#include "store/audit_repository.hpp"
#include "store/dbt_sync_reads.hpp"
#include "store/dbt_sync_writes.hpp"
#include "store/team_repository.hpp"

namespace tessera::server::services {
namespace {

using core::JsonWriter;

constexpr const char* kUnnamedProject = "dbt:";
constexpr size_t kListed = 20;  // error.details.conflicts lists the first 20 (04 §4.6)

// The asset a manifest FQN names once the sync has run: stored before, or created by it.
struct Slot {
    std::string assetId;
    bool deleted = false;
    bool existed = false;  // before this request
    std::string teamId;    // set when this request created or updated it
    std::optional<std::string> userId;
    std::optional<std::string> contractId;  // the active contract
    std::optional<std::string> contractSchemaJson;
    std::optional<std::string> contractMode;
};

using Slots = std::unordered_map<std::string, Slot>;  // by FQN

Slots storedSlots(RequestContext& context, const core::DbtManifest& manifest) {
    std::vector<std::string> fqns;
    for (const auto& asset : manifest.assets) fqns.push_back(asset.fqn);
    Slots slots;
    for (auto& [fqn, target] : store::DbtSyncReads(context.db).targets(fqns, true)) {
        Slot slot;
        slot.assetId = target.assetId;
        slot.deleted = target.deleted;
        slot.existed = true;
        slot.contractId = target.contractId;
        slot.contractSchemaJson = target.contractSchemaJson;
        slot.contractMode = target.contractCompatibilityMode;
        slots.emplace(fqn, std::move(slot));
    }
    return slots;
}

// The owner team of new assets must exist (the original failed on the foreign key, a 500).
void requireTeam(RequestContext& context, const std::string& teamId, bool& checked) {
    if (checked) return;
    if (!store::TeamRepository(context.db).findIncludingDeleted(teamId)) {
        throw core::notFound(core::code::kTeamNotFound, "Owner team not found");
    }
    checked = true;
}

// The manifest's lineage as edges between the assets the sync left (soft-deleted ones take no
// part): created when missing, and the edges an earlier sync of the project made that the
// manifest no longer has removed. Hand-made edges are never removed.
DbtEdgeCounts syncEdges(RequestContext& context, const core::DbtManifest& manifest,
                        const Slots& slots, const std::string& syncSource) {
    std::unordered_map<std::string, const Slot*> byNode;  // manifest id → its live asset
    for (const auto& asset : manifest.assets) {
        const auto slot = slots.find(asset.fqn);
        if (slot != slots.end() && !slot->second.deleted)
            byNode.emplace(asset.uniqueId, &slot->second);
    }
    std::set<std::pair<std::string, std::string>> wanted;
    std::vector<std::string> dependents;
    for (const auto& asset : manifest.assets) {
        const auto node = byNode.find(asset.uniqueId);
        if (node == byNode.end()) continue;
        dependents.push_back(node->second->assetId);
        for (const std::string& parent : asset.parents) {
            const auto upstream = byNode.find(parent);
            if (upstream == byNode.end() || upstream->second->assetId == node->second->assetId) {
                continue;
            }
            wanted.emplace(node->second->assetId, upstream->second->assetId);
        }
    }

    // Without a project name every such manifest shares one sync source: each then only
    // answers for the edges of its own assets.
    const bool projectKnown = syncSource != kUnnamedProject;
    const std::set<std::string> dependentSet(dependents.begin(), dependents.end());
    store::DbtSyncWrites writes(context.db);
    std::vector<store::DbtEdgeRow> removed;
    std::set<std::pair<std::string, std::string>> present;
    for (auto& edge : writes.edgesOf(dependents, syncSource)) {
        const std::pair<std::string, std::string> pair{edge.dependentId, edge.dependencyId};
        if (wanted.count(pair)) {
            present.insert(pair);
        } else if (edge.syncSource == syncSource &&
                   (projectKnown || dependentSet.count(edge.dependentId))) {
            removed.push_back(std::move(edge));
        }
    }
    std::vector<store::DbtEdgeRow> missing;
    for (const auto& [dependent, dependency] : wanted) {
        if (!present.count({dependent, dependency})) {
            missing.push_back({core::randomUuid(), dependent, dependency, syncSource});
        }
    }
    // A pair another request stored meanwhile is left to it (the insert skips it).
    const std::vector<std::string> insertedIds = writes.insertEdges(missing);
    const std::set<std::string> inserted(insertedIds.begin(), insertedIds.end());
    std::vector<std::string> removedIds;
    for (const auto& edge : removed) removedIds.push_back(edge.id);
    writes.deleteEdges(removedIds);

    std::vector<store::DbtEdgeRow> created;
    for (const auto& edge : missing) {
        if (inserted.count(edge.id)) created.push_back(edge);
    }
    recordEdgeEffects(context, writes, created, removed);
    return {inserted.size(), removed.size(), present.size() + missing.size() - inserted.size()};
}

// Parents' FQNs for the metadata's depends_on, in depends_on order.
std::vector<std::string> parentFqns(const core::DbtAsset& asset,
                                    const std::unordered_map<std::string, std::string>& fqnOf) {
    std::vector<std::string> fqns;
    for (const std::string& parent : asset.parents) fqns.push_back(fqnOf.at(parent));
    return fqns;
}

// ---- Upload steps ----

struct Queued {
    const core::DbtAsset* asset;
    Slot* slot;
    std::optional<std::string> guarantees;
};

class Upload {
  public:
    Upload(RequestContext& context, const core::DbtManifest& manifest,
           const DbtUploadOptions& options)
        : context_(context), manifest_(manifest), options_(options), writes_(context.db) {
        for (const auto& asset : manifest.assets) fqnOf_.emplace(asset.uniqueId, asset.fqn);
        if (!manifest.assets.empty()) slots_ = storedSlots(context, manifest);
        resolveNames();
    }

    DbtUploadResult run(const std::string& syncSource) {
        std::vector<std::string> conflicts;
        for (const auto& asset : manifest_.assets) place(asset, conflicts);
        if (options_.conflictMode == "fail" && !conflicts.empty()) refuse(conflicts);
        writes_.insertAssets(inserts_);
        writes_.updateAssets(updates_);
        publish();
        registerConsumers();
        openProposals();
        result_.edges = syncEdges(context_, manifest_, slots_, syncSource);
        return std::move(result_);
    }

  private:
    void resolveNames() {
        std::vector<std::string> teams, emails;
        for (const auto& asset : manifest_.assets) {
            if (asset.tessera.ownerTeam)
                teams.push_back(core::asciiLower(*asset.tessera.ownerTeam));
            for (const auto& team : asset.tessera.consumerTeams)
                teams.push_back(core::asciiLower(team));
            if (asset.tessera.ownerUser)
                emails.push_back(core::asciiLower(*asset.tessera.ownerUser));
        }
        teamIds_ = writes_.teamIdsByName(teams);
        userIds_ = writes_.userIdsByEmail(emails);
    }

    std::optional<std::string> teamNamed(const std::string& name) const {
        const auto found = teamIds_.find(core::asciiLower(name));
        if (found == teamIds_.end()) return std::nullopt;
        return found->second;
    }

    // 04 §4.6 steps 2 and 3 for one entry.
    void place(const core::DbtAsset& asset, std::vector<std::string>& conflicts) {
        const bool source = asset.resourceType == "source";
        auto existing = slots_.find(asset.fqn);
        if (existing != slots_.end()) {
            if (options_.conflictMode == "fail") {
                conflicts.push_back(asset.fqn);
                return;
            }
            if (options_.conflictMode == "ignore") {
                ++result_.skipped;
                return;
            }
        }
        std::optional<std::string> team = options_.ownerTeamId;
        bool defaultTeam = true;
        if (const auto& name = asset.tessera.ownerTeam) {
            if (auto found = teamNamed(*name)) {
                team = std::move(found);
                defaultTeam = false;
            } else {
                warnOwnership(asset.fqn + ": owner_team '" + *name + "' not found, using default");
            }
        }
        std::optional<std::string> user;
        if (const auto& email = asset.tessera.ownerUser) {
            if (const auto found = userIds_.find(core::asciiLower(*email));
                found != userIds_.end()) {
                user = found->second;
            } else {
                warnOwnership(asset.fqn + ": owner_user '" + *email + "' not found");
            }
        }
        if (!team) {
            warnOwnership(asset.fqn +
                          ": No owner_team_id provided and no meta.tessera.owner_team set, "
                          "skipping");
            ++result_.skipped;
            return;
        }
        if (defaultTeam) requireTeam(context_, *team, defaultTeamChecked_);
        if (asset.guaranteesJson) ++result_.guaranteesExtracted;

        std::optional<std::string> guarantees = core::dbtUploadGuarantees(asset);
        const std::string metadata =
            core::dbtUploadMetadata(asset, parentFqns(asset, fqnOf_), guarantees);
        if (existing != slots_.end()) {
            Slot& slot = existing->second;
            slot.teamId = *team;
            slot.userId = user;
            updates_.push_back({slot.assetId, asset.fqn, team, user, metadata});
            ++result_.updated;
            assetChanged(context_, slot.assetId);
            if (options_.autoCreateProposals && asset.columnCount > 0 && slot.contractId) {
                proposalChecks_.push_back({&asset, &slot, std::nullopt});
            }
            return;
        }
        Slot slot;
        slot.assetId = core::randomUuid();
        slot.teamId = *team;
        slot.userId = user;
        Slot& created = slots_.emplace(asset.fqn, std::move(slot)).first->second;
        inserts_.push_back({created.assetId, asset.fqn, team, user, metadata});
        ++result_.created;
        assetChanged(context_, created.assetId);
        if (options_.autoPublishContracts && asset.columnCount > 0) {
            publishing_.push_back({&asset, &created, std::move(guarantees)});
        }
        if (options_.autoRegisterConsumers && !source) {
            registering_.push_back({&asset, &created, std::nullopt});
        }
    }

    [[noreturn]] void refuse(const std::vector<std::string>& conflicts) {
        throw core::ApiError(core::status::kConflict, core::code::kBadRequest,
                             "Found " + std::to_string(conflicts.size()) + " existing assets",
                             buildJson([&](JsonWriter& w) {
                                 w.StartObject();
                                 w.Key("conflicts");
                                 w.StartArray();
                                 for (size_t i = 0; i < conflicts.size() && i < kListed; ++i) {
                                     core::writeString(w, conflicts[i]);
                                 }
                                 w.EndArray();
                                 w.EndObject();
                             }));
    }

    // 04 §4.6 step 5: contract 1.0.0 for the queued new assets.
    void publish() {
        std::vector<store::DbtContractRow> rows;
        for (auto& queued : publishing_) {
            std::string mode = "backward";
            if (const auto& named = queued.asset->tessera.compatibilityMode) {
                if (core::parseCompatibilityMode(core::asciiLower(*named))) {
                    mode = core::asciiLower(*named);
                } else {
                    result_.contractWarnings.push_back(
                        queued.asset->fqn + ": Unknown compatibility_mode, defaulting to backward");
                }
            }
            Slot& slot = *queued.slot;
            slot.contractId = core::randomUuid();
            slot.contractSchemaJson = queued.asset->schemaJson;
            slot.contractMode = mode;
            rows.push_back({*slot.contractId, slot.assetId, queued.asset->schemaJson, mode,
                            queued.guarantees, slot.teamId, slot.userId});
        }
        writes_.insertContracts(rows);
        result_.contractsPublished = rows.size();
    }

    // 04 §4.6 step 6: upstream contracts (refs) and the meta consumers, for new models.
    void registerConsumers() {
        if (registering_.empty()) return;
        std::vector<std::string> storedContracts;
        for (const auto& [fqn, slot] : slots_) {
            if (slot.existed && slot.contractId) storedContracts.push_back(*slot.contractId);
        }
        auto taken = writes_.registrationPairs(storedContracts);
        std::vector<std::vector<std::string>> rows;
        const auto add = [&](const Slot& on, const std::string& teamId) {
            if (!taken.emplace(*on.contractId, teamId).second) return;
            const std::string id = core::randomUuid();
            rows.push_back({id, *on.contractId, teamId});
            registrationChanged(context_, id, on.assetId);
        };
        for (const auto& queued : registering_) {
            const core::DbtAsset& asset = *queued.asset;
            if (options_.inferConsumersFromRefs) {
                for (const std::string& parent : asset.parents) {
                    const auto upstream = slots_.find(fqnOf_.at(parent));
                    if (upstream != slots_.end() && upstream->second.contractId) {
                        add(upstream->second, queued.slot->teamId);
                    }
                }
            }
            for (const std::string& name : asset.tessera.consumerTeams) {
                const auto team = teamNamed(name);
                if (!team) {
                    warnRegistration(asset.fqn + ": consumer team '" + name + "' not found");
                } else if (!queued.slot->contractId) {
                    warnRegistration(asset.fqn + ": no active contract for '" + name + "'");
                } else {
                    add(*queued.slot, *team);
                }
            }
        }
        writes_.insertRegistrations(rows);
        result_.registrationsCreated = rows.size();
    }

    // 04 §4.6 step 7: a pending proposal where the columns break the active contract.
    void openProposals() {
        std::vector<store::DbtProposalRow> rows;
        for (const auto& queued : proposalChecks_) {
            const Slot& slot = *queued.slot;
            const rapidjson::Document current = core::parseStoredJson(*slot.contractSchemaJson);
            const rapidjson::Document proposed = core::parseStoredJson(queued.asset->schemaJson);
            const core::SchemaDiff diff = core::diffSchemas(current, proposed);
            const auto mode = core::storedCompatibilityMode(slot.contractMode.value_or("backward"));
            const auto breaking = core::breakingChanges(diff.changes, core::baseMode(mode));
            if (breaking.empty()) continue;
            const std::string changeType(core::changeTypeName(diff.changeType));
            // No proposed guarantees kept: publishing the proposal carries the then-active
            // contract's (03 §14), and the proposal object shows none (03 §8.1).
            rows.push_back({core::randomUuid(), slot.assetId, queued.asset->schemaJson,
                            std::nullopt, changeType, core::changesToJson(breaking), slot.teamId,
                            slot.userId});
            result_.proposals.push_back(
                {rows.back().id, slot.assetId, queued.asset->fqn, changeType, breaking.size()});
        }
        writes_.insertProposals(rows);
        for (const auto& proposal : result_.proposals) {
            store::recordAuditEvent(
                context_.db, {"proposal", proposal.proposalId, "proposal.created",
                              slots_.at(proposal.assetFqn).teamId, buildJson([&](JsonWriter& w) {
                                  w.StartObject();
                                  w.Key("asset_id");
                                  core::writeString(w, proposal.assetId);
                                  w.Key("change_type");
                                  core::writeString(w, proposal.changeType);
                                  w.Key("breaking_changes_count");
                                  w.Uint64(proposal.breakingChangesCount);
                                  w.EndObject();
                              })});
        }
    }

    void warnOwnership(std::string text) { result_.ownershipWarnings.push_back(std::move(text)); }
    void warnRegistration(std::string text) {
        result_.registrationWarnings.push_back(std::move(text));
    }

    RequestContext& context_;
    const core::DbtManifest& manifest_;
    const DbtUploadOptions& options_;
    store::DbtSyncWrites writes_;
    std::unordered_map<std::string, std::string> fqnOf_;  // manifest id → FQN
    Slots slots_;
    std::map<std::string, std::string> teamIds_;
    std::map<std::string, std::string> userIds_;
    bool defaultTeamChecked_ = false;
    std::vector<store::DbtAssetRow> inserts_;
    std::vector<store::DbtAssetRow> updates_;
    std::vector<Queued> publishing_;
    std::vector<Queued> registering_;
    std::vector<Queued> proposalChecks_;
    DbtUploadResult result_;
};

}  // namespace

std::string dbtSyncSource(const rapidjson::Value& manifest) {
    std::string project;
    if (const auto metadata = manifest.FindMember("metadata");
        metadata != manifest.MemberEnd() && metadata->value.IsObject()) {
        for (const char* key : {"project_id", "project_name"}) {
            const auto found = metadata->value.FindMember(key);
            if (found != metadata->value.MemberEnd() && found->value.IsString() &&
                found->value.GetStringLength() > 0) {
                project.assign(found->value.GetString(), found->value.GetStringLength());
                break;
            }
        }
    }
    return "dbt:" + project;
}

DbtSyncResult syncDbtManifest(RequestContext& context, const core::DbtManifest& manifest,
                              const std::string& ownerTeamId, const std::string& syncSource) {
    DbtSyncResult result;
    Slots slots = manifest.assets.empty() ? Slots{} : storedSlots(context, manifest);
    // One row per asset: a later entry with the FQN of an earlier one replaces its metadata.
    std::vector<store::DbtAssetRow> inserts, updates;
    std::unordered_map<std::string, std::pair<std::vector<store::DbtAssetRow>*, size_t>> rowOf;
    bool teamChecked = false;
    for (const auto& asset : manifest.assets) {
        const std::string metadata = core::dbtSyncMetadata(asset);
        auto slot = slots.find(asset.fqn);
        if (slot == slots.end()) {
            requireTeam(context, ownerTeamId, teamChecked);
            Slot created;
            created.assetId = core::randomUuid();
            slot = slots.emplace(asset.fqn, std::move(created)).first;
            rowOf[slot->second.assetId] = {&inserts, inserts.size()};
            inserts.push_back(
                {slot->second.assetId, asset.fqn, ownerTeamId, std::nullopt, metadata});
            ++result.created;
        } else if (const auto row = rowOf.find(slot->second.assetId); row != rowOf.end()) {
            (*row->second.first)[row->second.second].metadataJson = metadata;
            ++result.updated;
        } else {
            rowOf[slot->second.assetId] = {&updates, updates.size()};
            updates.push_back(
                {slot->second.assetId, asset.fqn, std::nullopt, std::nullopt, metadata});
            ++result.updated;
        }
        assetChanged(context, slot->second.assetId);
    }
    store::DbtSyncWrites writes(context.db);
    writes.insertAssets(inserts);
    writes.updateAssets(updates);
    result.edges = syncEdges(context, manifest, slots, syncSource);
    return result;
}

DbtUploadResult uploadDbtManifest(RequestContext& context, const core::DbtManifest& manifest,
                                  const DbtUploadOptions& options, const std::string& syncSource) {
    return Upload(context, manifest, options).run(syncSource);
}

}  // namespace tessera::server::services
