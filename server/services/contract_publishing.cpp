#include "server/services/contract_publishing.hpp"

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/notification_messages.hpp"
#include "core/schema_validator.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/notify/notification_outbox.hpp"
#include "server/services/audit_gate.hpp"
#include "server/services/guarantee_notifications.hpp"
#include "server/services/permissions.hpp"
#include "server/services/proposal_notifications.hpp"
#include "server/services/write_effects.hpp"
#include "store/asset_repository.hpp"
#include "store/team_repository.hpp"

namespace tessera::server::services {
namespace {

using core::JsonWriter;

core::ApiError versionExists(const std::string& version,
                             const std::optional<std::string>& existingId) {
    std::string details;
    if (existingId) {
        details = buildJson([&](JsonWriter& w) {
            w.StartObject();
            w.Key("existing_contract_id");
            core::writeString(w, *existingId);
            w.EndObject();
        });
    }
    return core::ApiError(core::status::kConflict, core::code::kVersionExists,
                          core::versionExistsMessage(version), details);
}

std::string activationAuditPayload(const store::ContractRecord& created,
                                   const ActivationSpec& spec) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("version");
        core::writeString(w, created.version);
        w.Key("change_type");
        core::writeNullableString(w, spec.changeType);
        w.Key("force");
        w.Bool(spec.forced);
        w.EndObject();
    });
}

void announceContract(RequestContext& context, const store::ContractRecord& created,
                      const ActivationSpec& spec) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (!spec.announcedProposalId || !outbox.webhooksEnabled()) return;
    const auto team = store::TeamRepository(context.db).findIncludingDeleted(created.publishedBy);
    const core::ContractPublishedEvent event{created.id,
                                             created.assetId,
                                             spec.assetFqn,
                                             created.version,
                                             created.publishedBy,
                                             team ? team->name : "unknown",
                                             *spec.announcedProposalId};
    outbox.webhook(context.db, "contract.published",
                   core::webhookBody(event, core::currentEpochMicros()));
}

// Transitive modes check against every earlier contract, oldest first, the active one last.
SchemaEvaluation evaluate(store::ContractRepository& contracts,
                          const store::ContractRecord& current, const rapidjson::Value& schema) {
    const rapidjson::Document currentSchema = core::parseStoredJson(current.schemaJson);
    SchemaEvaluation evaluation;
    evaluation.diff = core::diffSchemas(currentSchema, schema);
    const core::CompatibilityMode mode = core::storedCompatibilityMode(current.compatibilityMode);
    if (!core::isTransitive(mode)) {
        evaluation.breaking = core::breakingChanges(evaluation.diff.changes, mode);
        return evaluation;
    }
    std::vector<store::ContractRecord> history = contracts.allForAsset(current.assetId);
    std::vector<rapidjson::Document> schemas;
    schemas.reserve(history.size());
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->id != current.id) schemas.push_back(core::parseStoredJson(it->schemaJson));
    }
    schemas.push_back(core::parseStoredJson(current.schemaJson));
    std::vector<const rapidjson::Value*> earlier;
    for (const auto& document : schemas) earlier.push_back(&document);
    evaluation.breaking = core::checkAgainstHistory(earlier, schema, mode).breakingChanges;
    return evaluation;
}

void requireValidSchema(const rapidjson::Value& schema) {
    auto errors = core::validateJsonSchema(schema);
    if (errors.empty()) return;
    throw core::ApiError(core::status::kBadRequest, core::code::kInvalidSchema,
                         "Invalid JSON Schema", buildJson([&](JsonWriter& w) {
                             w.StartObject();
                             w.Key("errors");
                             w.StartArray();
                             for (const auto& error : errors) core::writeString(w, error);
                             w.EndArray();
                             w.EndObject();
                         }));
}

// Who may publish: the asset's team, on behalf of itself, naming an existing publisher team
// and (if any) an active user. Returns the publisher team's name.
std::string checkPublisher(RequestContext& context, const PublishRequest& request,
                           const store::AssetRecord& asset) {
    requireActingTeam(context.auth, asset.ownerTeamId, core::code::kUnauthorizedTeam,
                      "You can only publish contracts for assets belonging to your team");
    const auto publisher =
        store::TeamRepository(context.db).findIncludingDeleted(request.publishedBy);
    if (!publisher) throw core::notFound(core::code::kTeamNotFound, "Publisher team not found");
    requireActingTeam(context.auth, request.publishedBy, core::code::kUnauthorizedTeam,
                      "You can only publish contracts on behalf of your own team");
    // The original stored any id and failed with 500 on an unknown one (foreign key).
    requireExistingUser(context.db, request.publishedByUserId, "Publisher user not found");
    return publisher->name;
}

// Outcome D: a pending proposal; the current contract stays active. The requested version
// and mode are not kept on the proposal (spec 03 §8.2); changed guarantees are under strict,
// where they are part of what consumers acknowledge (issue 21), and the guarantee diff always is.
store::ProposalRecord openProposal(RequestContext& context, const PublishRequest& request,
                                   const PublishOutcome& outcome, const std::string& assetFqn,
                                   const std::string& producerTeamName) {
    const SchemaEvaluation& evaluation = *outcome.evaluation;
    const std::string changeType(core::changeTypeName(evaluation.diff.changeType));
    const std::optional<GuaranteeEvaluation>& guarantees = outcome.guarantees;
    // Without guarantee changes the current guarantees carry over, as in the original.
    const bool strict = guarantees && guarantees->mode == core::GuaranteeMode::Strict &&
                        !guarantees->changes.empty();
    const store::ProposalRecord proposal =
        store::ProposalRepository(context.db)
            .insert({request.assetId, core::toJson(*request.schema), changeType,
                     breakingRecordsJson(evaluation.breaking, guarantees), request.publishedBy,
                     request.publishedByUserId, strict ? request.guaranteesJson : std::nullopt,
                     guarantees ? std::optional(guaranteeChangesJson(guarantees->changes))
                                : std::nullopt});
    store::recordAuditEvent(
        context.db,
        {"proposal", proposal.id, "proposal.created", request.publishedBy,
         buildJson([&](JsonWriter& w) {
             w.StartObject();
             w.Key("asset_id");
             core::writeString(w, proposal.assetId);
             w.Key("change_type");
             core::writeString(w, changeType);
             w.Key("breaking_changes_count");
             w.Uint64(evaluation.breaking.size() + (guarantees ? guarantees->breaking.size() : 0));
             w.EndObject();
         })});
    notifyProposalCreated(context, proposal, assetFqn, producerTeamName, outcome.version.version);
    return proposal;
}

std::optional<std::string_view> asView(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return std::string_view(*text);
}

}  // namespace

ActivatedContract activateContract(RequestContext& context, const store::ContractInsert& contract,
                                   const std::optional<store::ContractRecord>& current,
                                   const ActivationSpec& spec) {
    store::ContractRepository contracts(context.db);
    if (current) contracts.deprecate(current->id);
    ActivatedContract activated;
    try {
        activated.contract = contracts.insert(contract);
    } catch (const store::UniqueViolation&) {
        // Publishing is repeatable (03 §14), but never twice under one version: the second of
        // two racing publishes gets 409 instead of a duplicate contract.
        throw versionExists(contract.version, std::nullopt);
    }
    activated.deprecated = current;
    assetChanged(context, contract.assetId);             // the active contract changed
    if (current) contractChanged(context, current->id);  // now deprecated
    store::recordAuditEvent(
        context.db, {"contract", activated.contract.id,
                     spec.forced ? "contract.force_published" : "contract.published",
                     contract.publishedBy, activationAuditPayload(activated.contract, spec)});
    announceContract(context, activated.contract, spec);
    return activated;
}

PublishOutcome publishContract(RequestContext& context, const PublishRequest& request) {
    // Locked until commit: concurrent publishes of one asset run one after the other, so they
    // never leave two active contracts or reuse a version.
    // A dry run takes no lock: it writes nothing, so it has nothing to serialise.
    store::AssetRepository assets(context.db);
    const auto asset = request.dryRun ? assets.findIncludingDeleted(request.assetId)
                                      : assets.lockIncludingDeleted(request.assetId);
    if (!asset) throw core::assetNotFound();
    PublishOutcome outcome;
    outcome.auditWarning = checkAuditGate(context.db, asset->id, request.requireAuditPass);
    const std::string producerTeamName = checkPublisher(context, request, *asset);
    requireValidSchema(*request.schema);

    store::ContractRepository contracts(context.db);
    outcome.previous = contracts.current(asset->id);
    std::optional<std::string_view> currentVersion;
    if (outcome.previous) {
        outcome.evaluation = evaluate(contracts, *outcome.previous, *request.schema);
        outcome.guarantees = evaluateGuarantees(
            asset->guaranteeMode, outcome.previous->guaranteesJson, request.guaranteesJson);
        currentVersion = outcome.previous->version;
    }
    const bool compatible = (!outcome.evaluation || outcome.evaluation->breaking.empty()) &&
                            (!outcome.guarantees || outcome.guarantees->breaking.empty());
    auto resolved =
        core::resolvePublishVersion(asView(request.version), currentVersion, compatible);
    if (!resolved) {
        throw core::ApiError(core::status::kUnprocessableEntity, core::code::kValidationError,
                             core::autoVersionErrorMessage(outcome.previous->version));
    }
    outcome.version = std::move(*resolved);
    if (auto existing = contracts.findByVersion(asset->id, outcome.version.version)) {
        throw versionExists(outcome.version.version, existing->id);
    }
    outcome.action =
        core::decidePublishAction(outcome.previous.has_value(), compatible, request.force);
    if (request.dryRun) return outcome;
    if (outcome.action == core::PublishAction::ProposalCreated) {
        outcome.proposal = openProposal(context, request, outcome, asset->fqn, producerTeamName);
        return outcome;
    }
    ActivationSpec spec;
    spec.forced = outcome.action == core::PublishAction::ForcePublished;
    if (outcome.evaluation) {
        spec.changeType = std::string(core::changeTypeName(outcome.evaluation->diff.changeType));
    }
    spec.assetFqn = asset->fqn;
    outcome.created =
        activateContract(context,
                         {request.assetId, outcome.version.version, core::toJson(*request.schema),
                          request.compatibilityMode, request.guaranteesJson, request.publishedBy,
                          request.publishedByUserId},
                         outcome.previous, spec)
            .contract;
    if (outcome.guarantees) {
        notifyGuaranteesChanged(context, *asset, *outcome.created, *outcome.previous,
                                producerTeamName, *outcome.guarantees);
    }
    return outcome;
}

}  // namespace tessera::server::services
