#include "server/handlers/contracts.hpp"

#include "server/services/write_effects.hpp"

#include "core/errors.hpp"
#include "core/schema_diff.hpp"
#include "core/schema_validator.hpp"
#include "core/semver.hpp"
#include "core/timestamp.hpp"
#include "server/cache/cached_read.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/services/ownership.hpp"
#include "server/services/proposal_support.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "store/asset_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/audit_run_repository.hpp"
#include "store/contract_repository.hpp"
#include "store/proposal_repository.hpp"
#include "store/registration_repository.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// The API's CompatibilityMode enum (spec 01 §16.1) plus the *_transitive modes (00-decisions):
// those check a new schema against every earlier contract of the asset, not only the active one.
const std::vector<std::string> kCompatibilityModes = {
    "backward",           "forward",        "full", "none", "backward_transitive",
    "forward_transitive", "full_transitive"};
const std::vector<std::string> kContractStatuses = {"active", "deprecated", "retired"};

core::ApiError assetNotFound() {
    return core::notFound("ASSET_NOT_FOUND", "Asset not found");
}

// GET /contracts/{id}, its registrations and compare (spec 02 §7).
core::ApiError contractNotFound(const std::string& id) {
    return core::ApiError(404, "CONTRACT_NOT_FOUND", "Contract with ID '" + id + "' not found",
                          buildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("contract_id");
                              core::writeString(w, id);
                              w.EndObject();
                          }));
}

core::ApiError versionNotFound(const std::string& version) {
    return core::notFound("CONTRACT_NOT_FOUND",
                          "Contract version '" + version + "' not found for this asset");
}

core::CompatibilityMode storedMode(const std::string& name) {
    return core::parseCompatibilityMode(name).value_or(core::kDefaultCompatibilityMode);
}

core::SchemaDiff diffContracts(const store::ContractRecord& from, const store::ContractRecord& to) {
    const rapidjson::Document oldSchema = parseStoredJson(from.schemaJson);
    const rapidjson::Document newSchema = parseStoredJson(to.schemaJson);
    return core::diffSchemas(oldSchema, newSchema);
}

// change_type, is_compatible, breaking_changes, all_changes, compatibility_mode (02 §6.3, §7.2).
void writeComparison(JsonWriter& w, const core::SchemaDiff& diff, core::CompatibilityMode mode) {
    const auto breaking = core::breakingChanges(diff.changes, mode);
    w.Key("change_type");
    core::writeString(w, core::changeTypeName(diff.changeType));
    w.Key("is_compatible");
    w.Bool(breaking.empty());
    w.Key("breaking_changes");
    core::writeChangesJson(w, breaking);
    w.Key("all_changes");
    core::writeChangesJson(w, diff.changes);
    w.Key("compatibility_mode");
    core::writeString(w, core::compatibilityModeName(mode));
}

// ---- Publishing (spec 02 §5) ----

struct PublishRequest {
    std::string assetId;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
    bool force = false;
    bool requireAuditPass = false;
    std::optional<std::string> version;
    const rapidjson::Value* schema = nullptr;  // inside the request's body document
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;  // normalised to the four keys
};

std::optional<std::string> parseVersion(RequestValidator& validate, const rapidjson::Value& body) {
    auto version = validate.stringField(
        body, "version", {},
        {Presence::Nullable, core::kMinVersionLength, core::kMaxVersionLength});
    if (version && core::checkContractVersion(*version) != core::VersionFormatError::None) {
        validate.patternMismatch(RequestValidator::bodyLoc({}, "version"),
                                 core::kContractVersionPattern, core::jsonQuote(*version));
        return std::nullopt;
    }
    return version;
}

const rapidjson::Value* parseSchema(RequestValidator& validate, const rapidjson::Value& body,
                                    const Config& config) {
    const rapidjson::Value* schema = validate.dictField(body, "schema", {}, Presence::Required);
    if (!schema) return nullptr;
    const core::SchemaLimits limits{static_cast<size_t>(config.maxSchemaSizeBytes),
                                    static_cast<size_t>(config.maxSchemaProperties)};
    if (auto violation = core::checkSchemaLimits(*schema, limits)) {
        validate.valueError(RequestValidator::bodyLoc({}, "schema"), *violation,
                            core::toJson(*schema));
        return nullptr;
    }
    return schema;
}

// Guarantees keep the four known keys (missing ones null); unknown keys are dropped.
std::optional<std::string> parseGuarantees(RequestValidator& validate,
                                           const rapidjson::Value& body) {
    const rapidjson::Value* guarantees =
        validate.modelField(body, "guarantees", {}, Presence::Nullable);
    if (!guarantees) return std::nullopt;
    const Loc loc = RequestValidator::bodyLoc({}, "guarantees");
    const auto* freshness = validate.dictField(*guarantees, "freshness", loc, Presence::Nullable);
    const auto* volume = validate.dictField(*guarantees, "volume", loc, Presence::Nullable);
    const auto* nullability =
        validate.dictField(*guarantees, "nullability", loc, Presence::Nullable);
    if (nullability) {
        const Loc columnLoc = RequestValidator::bodyLoc(loc, "nullability");
        for (const auto& column : nullability->GetObject()) {
            validate.stringField(*nullability, column.name.GetString(), columnLoc,
                                 {Presence::Required});
        }
    }
    const auto* acceptedValues =
        validate.dictField(*guarantees, "accepted_values", loc, Presence::Nullable);
    if (acceptedValues) {
        const Loc columnLoc = RequestValidator::bodyLoc(loc, "accepted_values");
        for (const auto& column : acceptedValues->GetObject()) {
            validate.stringListField(*acceptedValues, column.name.GetString(), columnLoc,
                                     Presence::Required);
        }
    }
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        const std::pair<const char*, const rapidjson::Value*> members[] = {
            {"freshness", freshness},
            {"volume", volume},
            {"nullability", nullability},
            {"accepted_values", acceptedValues}};
        for (const auto& [key, value] : members) {
            w.Key(key);
            if (value) {
                value->Accept(w);
            } else {
                w.Null();
            }
        }
        w.EndObject();
    });
}

PublishRequest parsePublishRequest(RequestContext& context) {
    RequestValidator validate(context);
    PublishRequest request;
    request.assetId = validate.pathUuid("asset_id");
    request.publishedBy = validate.queryUuid("published_by", true).value_or("");
    request.publishedByUserId = validate.queryUuid("published_by_user_id");
    request.force = validate.queryBool("force", false);
    request.requireAuditPass = validate.queryBool("require_audit_pass", false);
    if (const rapidjson::Value* body = validate.modelBody()) {
        request.version = parseVersion(validate, *body);
        request.schema = parseSchema(validate, *body, context.config());
        request.compatibilityMode =
            validate
                .enumField(*body, "compatibility_mode", {}, Presence::Optional, kCompatibilityModes)
                .value_or(
                    std::string(core::compatibilityModeName(core::kDefaultCompatibilityMode)));
        request.guaranteesJson = parseGuarantees(validate, *body);
    }
    validate.finish();
    return request;
}

// The WAP gate (spec 02 §5.7): 412 when a passing audit is required and missing; otherwise the
// warning publishing responses carry when the latest run did not pass.
std::optional<std::string> checkAuditGate(RequestContext& context, const std::string& assetId,
                                          bool requirePass) {
    store::AuditRunRepository runs(context.db);
    const auto last = runs.latestForAsset(assetId);
    if (!last) {
        if (!requirePass) return std::nullopt;
        throw core::ApiError(412, "AUDIT_REQUIRED",
                             "No audit runs found. Run audits before publishing with "
                             "require_audit_pass=True.");
    }
    if (last->status == "passed") return std::nullopt;
    if (requirePass) {
        throw core::ApiError(
            412, "AUDIT_FAILED",
            "Most recent audit " + last->status + ". Cannot publish with require_audit_pass=True.",
            buildJson([&](JsonWriter& w) {
                w.StartObject();
                w.Key("audit_status");
                core::writeString(w, last->status);
                w.Key("guarantees_failed");
                w.Int64(last->guaranteesFailed);
                w.Key("audit_run_at");
                core::writeString(w, core::formatTimestamp(last->runAt));
                w.EndObject();
            }));
    }
    return auditWarning(*last);
}

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
    return core::ApiError(409, "VERSION_EXISTS", core::versionExistsMessage(version), details);
}

// The new schema against the current contract, under the current contract's mode (02 §5.4).
struct Evaluation {
    core::SchemaDiff diff;
    std::vector<core::SchemaChange> breaking;
};

Evaluation evaluate(store::ContractRepository& contracts, const store::ContractRecord& current,
                    const rapidjson::Value& schema) {
    const rapidjson::Document currentSchema = parseStoredJson(current.schemaJson);
    Evaluation evaluation;
    evaluation.diff = core::diffSchemas(currentSchema, schema);
    const core::CompatibilityMode mode = storedMode(current.compatibilityMode);
    if (!core::isTransitive(mode)) {
        evaluation.breaking = core::breakingChanges(evaluation.diff.changes, mode);
        return evaluation;
    }
    // Transitive: against every earlier contract, oldest first, the active one last.
    std::vector<store::ContractRecord> history = contracts.allForAsset(current.assetId);
    std::vector<rapidjson::Document> schemas;
    schemas.reserve(history.size());
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->id != current.id) schemas.push_back(parseStoredJson(it->schemaJson));
    }
    schemas.push_back(parseStoredJson(current.schemaJson));
    std::vector<const rapidjson::Value*> earlier;
    for (const auto& document : schemas) earlier.push_back(&document);
    evaluation.breaking = core::checkAgainstHistory(earlier, schema, mode).breakingChanges;
    return evaluation;
}

// Everything one publish decided, for the response.
struct PublishOutcome {
    core::PublishAction action = core::PublishAction::Published;
    const store::ContractRecord* previous = nullptr;  // the current contract, if any
    std::optional<Evaluation> evaluation;             // absent on a first publish
    core::ResolvedVersion version;
    std::optional<std::string> auditWarning;
    std::string assetFqn;          // for notifications
    std::string producerTeamName;  // the publisher team's name
};

std::string publishMessage(const PublishOutcome& outcome, const store::ContractRecord& created) {
    if (outcome.action == core::PublishAction::ForcePublished) {
        return "Breaking change force-published as version " + created.version + "; version " +
               outcome.previous->version + " deprecated.";
    }
    if (!outcome.previous) return "Contract version " + created.version + " published.";
    return "Contract version " + created.version + " published; version " +
           outcome.previous->version + " deprecated.";
}

std::string publishAuditPayload(const PublishOutcome& outcome,
                                const store::ContractRecord& created) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("version");
        core::writeString(w, created.version);
        w.Key("change_type");
        if (outcome.evaluation) {
            core::writeString(w, core::changeTypeName(outcome.evaluation->diff.changeType));
        } else {
            w.Null();
        }
        w.Key("force");
        w.Bool(outcome.action == core::PublishAction::ForcePublished);
        w.EndObject();
    });
}

// Outcomes A/B/C: a new active contract; the current one (if any) deprecated in the same
// transaction.
HttpResponse publishNewContract(RequestContext& context, const PublishRequest& request,
                                const PublishOutcome& outcome) {
    store::ContractRepository contracts(context.db);
    if (outcome.previous) contracts.deprecate(outcome.previous->id);
    store::ContractRecord created;
    try {
        created = contracts.insert({request.assetId, outcome.version.version,
                                    core::toJson(*request.schema), request.compatibilityMode,
                                    request.guaranteesJson, request.publishedBy,
                                    request.publishedByUserId});
    } catch (const store::UniqueViolation&) {
        throw versionExists(outcome.version.version, std::nullopt);
    }
    assetChanged(context, request.assetId);  // the active contract changed
    if (outcome.previous) contractChanged(context, outcome.previous->id);  // now deprecated
    const bool forced = outcome.action == core::PublishAction::ForcePublished;
    store::recordAuditEvent(
        context.db,
        {"contract", created.id, forced ? "contract.force_published" : "contract.published",
         request.publishedBy, publishAuditPayload(outcome, created)});

    return jsonResponseWith(201, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        core::writeString(w, core::publishActionName(outcome.action));
        if (outcome.evaluation) {
            w.Key("change_type");
            core::writeString(w, core::changeTypeName(outcome.evaluation->diff.changeType));
        }
        if (forced) {
            w.Key("breaking_changes");
            core::writeChangesJson(w, outcome.evaluation->breaking);
        }
        w.Key("contract");
        w.StartObject();
        writeContractFields(w, created, kContractDumpSchemaKey);
        w.EndObject();
        if (forced) {
            w.Key("warning");
            w.String("Breaking change was force-published. Consumers may be affected.");
        }
        w.Key("message");
        core::writeString(w, publishMessage(outcome, created));
        if (outcome.version.autoGenerated) {
            w.Key("version_auto_generated");
            w.Bool(true);
        }
        if (outcome.auditWarning) {
            w.Key("audit_warning");
            core::writeString(w, *outcome.auditWarning);
        }
        w.EndObject();
    });
}

// proposal.created and its Slack message (03 §8.2, §11): the affected consumers are the active
// registrations on the current contract.
void notifyProposalCreated(RequestContext& context, const store::ProposalRecord& proposal,
                           const PublishOutcome& outcome) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (!outbox.webhooksEnabled() && !outbox.slackEnabled()) return;
    const core::ProposalCreatedEvent event{
        proposal.id,
        proposal.assetId,
        outcome.assetFqn,
        proposal.proposedBy,
        outcome.producerTeamName,
        outcome.version.version,
        notifiedChanges(proposal.breakingChangesJson),
        notifiedConsumers(findAffectedConsumers(context.db, proposal.assetId))};
    outbox.webhook(context.db, "proposal.created",
                   core::webhookBody(event, core::currentEpochMicros()));
    outbox.slack(context.db, "proposal.created", core::slackProposalCreated(event));
}

// Outcome D: a pending proposal; the current contract stays active. The requested version,
// mode and guarantees are not kept on the proposal (spec 03 §8.2).
HttpResponse createProposal(RequestContext& context, const PublishRequest& request,
                            const PublishOutcome& outcome) {
    const Evaluation& evaluation = *outcome.evaluation;
    const std::string_view changeType = core::changeTypeName(evaluation.diff.changeType);
    store::ProposalRepository proposals(context.db);
    const store::ProposalRecord proposal = proposals.insert(
        {request.assetId, core::toJson(*request.schema), std::string(changeType),
         core::changesToJson(evaluation.breaking), request.publishedBy, request.publishedByUserId});
    store::recordAuditEvent(context.db, {"proposal", proposal.id, "proposal.created",
                                         request.publishedBy, buildJson([&](JsonWriter& w) {
                                             w.StartObject();
                                             w.Key("asset_id");
                                             core::writeString(w, proposal.assetId);
                                             w.Key("change_type");
                                             core::writeString(w, changeType);
                                             w.Key("breaking_changes_count");
                                             w.Uint64(evaluation.breaking.size());
                                             w.EndObject();
                                         })});
    notifyProposalCreated(context, proposal, outcome);

    return jsonResponseWith(201, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        core::writeString(w, core::publishActionName(outcome.action));
        w.Key("change_type");
        core::writeString(w, changeType);
        w.Key("breaking_changes");
        core::writeChangesJson(w, evaluation.breaking);
        w.Key("proposal");
        writeProposalObject(w, proposal);
        w.Key("message");
        w.String("Breaking change detected. Proposal created for consumer acknowledgment.");
        w.EndObject();
    });
}

std::optional<std::string_view> asView(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return std::string_view(*text);
}

}  // namespace

HttpResponse publishContract(RequestContext& context) {
    const PublishRequest request = parsePublishRequest(context);

    // Locked until commit: concurrent publishes of one asset run one after the other, so they
    // never leave two active contracts or reuse a version.
    store::AssetRepository assets(context.db);
    const auto asset = assets.lockIncludingDeleted(request.assetId);
    if (!asset) throw assetNotFound();
    PublishOutcome outcome;
    outcome.auditWarning = checkAuditGate(context, asset->id, request.requireAuditPass);
    requireActingTeam(context.auth, asset->ownerTeamId, "UNAUTHORIZED_TEAM",
                      "You can only publish contracts for assets belonging to your team");
    store::TeamRepository teams(context.db);
    const auto publisher = teams.findIncludingDeleted(request.publishedBy);
    if (!publisher) throw core::notFound("TEAM_NOT_FOUND", "Publisher team not found");
    outcome.assetFqn = asset->fqn;
    outcome.producerTeamName = publisher->name;
    requireActingTeam(context.auth, request.publishedBy, "UNAUTHORIZED_TEAM",
                      "You can only publish contracts on behalf of your own team");
    // The original stored any id and failed with 500 on an unknown one (foreign key); here it
    // must name an active user.
    if (request.publishedByUserId &&
        !store::UserRepository(context.db).findActive(*request.publishedByUserId)) {
        throw core::notFound("NOT_FOUND", "Publisher user not found");
    }
    if (auto errors = core::validateJsonSchema(*request.schema); !errors.empty()) {
        throw core::ApiError(400, "INVALID_SCHEMA", "Invalid JSON Schema",
                             buildJson([&](JsonWriter& w) {
                                 w.StartObject();
                                 w.Key("errors");
                                 w.StartArray();
                                 for (const auto& error : errors) core::writeString(w, error);
                                 w.EndArray();
                                 w.EndObject();
                             }));
    }

    store::ContractRepository contracts(context.db);
    const auto current = contracts.current(asset->id);
    std::optional<std::string_view> currentVersion;
    if (current) {
        outcome.previous = &*current;
        outcome.evaluation = evaluate(contracts, *current, *request.schema);
        currentVersion = current->version;
    }
    const bool compatible = !outcome.evaluation || outcome.evaluation->breaking.empty();
    auto resolved =
        core::resolvePublishVersion(asView(request.version), currentVersion, compatible);
    if (!resolved) {
        throw core::ApiError(422, "VALIDATION_ERROR",
                             core::autoVersionErrorMessage(current->version));
    }
    outcome.version = std::move(*resolved);
    if (auto existing = contracts.findByVersion(asset->id, outcome.version.version)) {
        throw versionExists(outcome.version.version, existing->id);
    }
    outcome.action = core::decidePublishAction(current.has_value(), compatible, request.force);
    if (outcome.action == core::PublishAction::ProposalCreated) {
        return createProposal(context, request, outcome);
    }
    return publishNewContract(context, request, outcome);
}

HttpResponse listAssetContracts(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    // No asset existence check: an unknown asset has no contracts (spec 02 §11 B8).
    const auto respond = [&] {
        store::ContractRepository contracts(context.db);
        const auto result = contracts.listForAsset(assetId, page.limit, page.offset);
        return pageResponse(result.rows, result.total, page,
                            [](JsonWriter& w, const store::AssetContractRow& row) {
                                w.StartObject();
                                writeContractFields(w, row.contract, kContractDumpSchemaKey);
                                w.Key("published_by_team_name");
                                core::writeNullableString(w, row.publishedByTeamName);
                                w.Key("published_by_user_name");
                                core::writeNullableString(w, row.publishedByUserName);
                                w.EndObject();
                            });
    };
    return cachedFirstPage(context, page, assetContractsKey(assetId),
                           context.config().cacheTtlAsset, respond);
}

HttpResponse getContractHistory(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    store::AssetRepository assets(context.db);
    const auto asset = assets.findIncludingDeleted(assetId);
    if (!asset) throw assetNotFound();
    store::ContractRepository contracts(context.db);
    const std::vector<store::ContractRecord> history = contracts.allForAsset(assetId);
    std::vector<rapidjson::Document> schemas;
    schemas.reserve(history.size());
    for (const auto& contract : history) schemas.push_back(parseStoredJson(contract.schemaJson));

    return jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset->id);
        w.Key("asset_fqn");
        core::writeString(w, asset->fqn);
        w.Key("contracts");
        w.StartArray();
        for (size_t i = 0; i < history.size(); ++i) {
            const store::ContractRecord& contract = history[i];
            w.StartObject();
            w.Key("id");
            core::writeString(w, contract.id);
            w.Key("version");
            core::writeString(w, contract.version);
            w.Key("status");
            core::writeString(w, contract.status);
            w.Key("published_at");
            core::writeString(w, core::formatTimestamp(contract.publishedAt));
            w.Key("published_by");
            core::writeString(w, contract.publishedBy);
            w.Key("compatibility_mode");
            core::writeString(w, contract.compatibilityMode);
            // Each entry against the next older one, breaking under the older one's mode.
            std::string_view changeType = "initial";
            size_t breakingCount = 0;
            if (i + 1 < history.size()) {
                const core::SchemaDiff diff = core::diffSchemas(schemas[i + 1], schemas[i]);
                changeType = core::changeTypeName(diff.changeType);
                breakingCount = core::breakingChanges(diff.changes,
                                                      storedMode(history[i + 1].compatibilityMode))
                                    .size();
            }
            w.Key("change_type");
            core::writeString(w, changeType);
            w.Key("breaking_changes_count");
            w.Uint64(breakingCount);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
}

HttpResponse diffAssetContracts(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const auto fromVersion = validate.queryString("from_version", true);
    const auto toVersion = validate.queryString("to_version", true);
    validate.finish();

    store::AssetRepository assets(context.db);
    const auto asset = assets.findIncludingDeleted(assetId);
    if (!asset) throw assetNotFound();
    store::ContractRepository contracts(context.db);
    const auto from = contracts.findByVersion(assetId, *fromVersion);
    if (!from) throw versionNotFound(*fromVersion);
    const auto to = contracts.findByVersion(assetId, *toVersion);
    if (!to) throw versionNotFound(*toVersion);

    // Not cached (02 §10.2 offers tessera:schemas:…): diffing two schemas here takes
    // microseconds, less than the Redis round trip that would replace it.
    const core::SchemaDiff diff = diffContracts(*from, *to);
    return jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset->id);
        w.Key("asset_fqn");
        core::writeString(w, asset->fqn);
        w.Key("from_version");
        core::writeString(w, from->version);
        w.Key("to_version");
        core::writeString(w, to->version);
        writeComparison(w, diff, storedMode(from->compatibilityMode));
        w.EndObject();
    });
}

HttpResponse listContracts(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    store::ContractFilter filter;
    filter.assetId = validate.queryUuid("asset_id");
    filter.status = validate.queryEnum("status", kContractStatuses);
    if (auto version = validate.queryText("version")) {
        filter.versionPattern = store::containsPattern(*version);
    }
    validate.finish();

    // `total` counts with every filter (the original dropped some: spec 02 §11 B7).
    store::ContractRepository contracts(context.db);
    const auto result = contracts.list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::ContractListRow& row) {
                            w.StartObject();
                            writeContractFields(w, row.contract, kContractDumpSchemaKey);
                            w.Key("asset_fqn");
                            core::writeNullableString(w, row.assetFqn);
                            w.EndObject();
                        });
}

HttpResponse compareContracts(RequestContext& context) {
    RequestValidator validate(context);
    std::string firstId;
    std::string secondId;
    std::optional<std::string> mode;
    if (const rapidjson::Value* body = validate.modelBody()) {
        firstId = validate.uuidField(*body, "contract_id_1", {}, Presence::Required).value_or("");
        secondId = validate.uuidField(*body, "contract_id_2", {}, Presence::Required).value_or("");
        mode = validate.enumField(*body, "compatibility_mode", {}, Presence::Nullable,
                                  kCompatibilityModes);
    }
    validate.finish();

    store::ContractRepository contracts(context.db);
    const auto first = contracts.find(firstId);
    if (!first) throw contractNotFound(firstId);
    const auto second = contracts.find(secondId);
    if (!second) throw contractNotFound(secondId);

    const core::SchemaDiff diff = diffContracts(*first, *second);
    const auto writeSummary = [](JsonWriter& w, const store::ContractRecord& contract) {
        w.StartObject();
        w.Key("id");
        core::writeString(w, contract.id);
        w.Key("version");
        core::writeString(w, contract.version);
        w.Key("published_at");
        core::writeString(w, core::formatTimestamp(contract.publishedAt));
        w.Key("asset_id");
        core::writeString(w, contract.assetId);
        w.EndObject();
    };
    return jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("contract_1");
        writeSummary(w, *first);
        w.Key("contract_2");
        writeSummary(w, *second);
        writeComparison(w, diff, storedMode(mode.value_or(first->compatibilityMode)));
        w.EndObject();
    });
}

HttpResponse getContract(RequestContext& context) {
    RequestValidator validate(context);
    const std::string contractId = validate.pathUuid("contract_id");
    validate.finish();

    return cachedRead(context, contractKey(contractId), context.config().cacheTtlContract, [&] {
        store::ContractRepository contracts(context.db);
        const auto contract = contracts.find(contractId);
        if (!contract) throw contractNotFound(contractId);
        return jsonResponseWith(200, [&](JsonWriter& w) {
            w.StartObject();
            writeContractFields(w, *contract, kContractEntitySchemaKey);
            w.EndObject();
        });
    });
}

HttpResponse listContractRegistrations(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string contractId = validate.pathUuid("contract_id");
    validate.finish();

    store::ContractRepository contracts(context.db);
    if (!contracts.find(contractId)) throw contractNotFound(contractId);
    store::RegistrationRepository registrations(context.db);
    const auto result = registrations.listForContract(contractId, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::ContractRegistrationRow& row) {
                            w.StartObject();
                            writeRegistrationFields(w, row.registration);
                            w.Key("consumer_team_name");
                            core::writeNullableString(w, row.consumerTeamName);
                            w.EndObject();
                        });
}

}  // namespace tessera::server
