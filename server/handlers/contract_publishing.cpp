#include "server/handlers/contract_publishing.hpp"

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/schema_validator.hpp"
#include "core/semver.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/handlers/proposal_object.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/contract_publishing.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;
using services::PublishOutcome;

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

// Guarantees keep the four known keys (missing ones null) and the guarantee diff's other
// categories when sent (issue 21); unknown keys are dropped.
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
    // The other categories the guarantee diff reads (03 §6.1): objects, kept when present.
    std::vector<std::pair<const char*, const rapidjson::Value*>> extras;
    for (const char* category : kExtraGuaranteeCategories) {
        if (const auto* value =
                validate.dictField(*guarantees, category, loc, Presence::Nullable)) {
            extras.emplace_back(category, value);
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
        for (const auto& [key, value] : extras) {
            w.Key(key);
            value->Accept(w);
        }
        w.EndObject();
    });
}

services::PublishRequest parsePublishRequest(RequestContext& context) {
    RequestValidator validate(context);
    services::PublishRequest request;
    request.assetId = validate.pathUuid("asset_id");
    request.publishedBy = validate.queryUuid("published_by", true).value_or("");
    request.publishedByUserId = validate.queryUuid("published_by_user_id");
    request.force = validate.queryBool("force", false);
    request.requireAuditPass = validate.queryBool("require_audit_pass", false);
    request.dryRun = validate.queryBool("dry_run", false);
    if (const rapidjson::Value* body = validate.modelBody()) {
        request.version = parseVersion(validate, *body);
        request.schema = parseSchema(validate, *body, context.config());
        request.compatibilityMode =
            validate
                .enumField(*body, "compatibility_mode", {}, Presence::Optional,
                           core::compatibilityModeNames())
                .value_or(
                    std::string(core::compatibilityModeName(core::kDefaultCompatibilityMode)));
        request.guaranteesJson = parseGuarantees(validate, *body);
    }
    validate.finish();
    return request;
}

std::string publishMessage(const PublishOutcome& outcome, const store::ContractRecord& created) {
    if (outcome.action == core::PublishAction::ForcePublished) {
        return "Breaking change force-published as version " + created.version + "; version " +
               outcome.previous->version + " deprecated.";
    }
    if (!outcome.previous) return "Contract version " + created.version + " published.";
    return "Contract version " + created.version + " published; version " +
           outcome.previous->version + " deprecated.";
}

// Outcomes A/B/C: a new active contract.
HttpResponse publishedResponse(const PublishOutcome& outcome) {
    const store::ContractRecord& created = *outcome.created;
    const bool forced = outcome.action == core::PublishAction::ForcePublished;
    return jsonResponseWith(core::status::kCreated, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        core::writeString(w, core::publishActionName(outcome.action));
        if (outcome.evaluation) {
            w.Key("change_type");
            core::writeString(w, core::changeTypeName(outcome.evaluation->diff.changeType));
        }
        if (forced) {
            w.Key("breaking_changes");
            services::writeBreakingRecords(w, outcome.evaluation->breaking, outcome.guarantees);
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
        if (outcome.guarantees) services::writeGuaranteeFields(w, *outcome.guarantees);
        w.EndObject();
    });
}

// Outcome D: a pending proposal.
HttpResponse proposalResponse(RequestContext& context, const PublishOutcome& outcome) {
    const services::SchemaEvaluation& evaluation = *outcome.evaluation;
    return renderInThreadBuffer(core::status::kCreated, [&](ResponseWriter& w) {
        w.StartObject();
        w.Key("action");
        core::writeString(w, core::publishActionName(outcome.action));
        w.Key("change_type");
        core::writeString(w, core::changeTypeName(evaluation.diff.changeType));
        w.Key("breaking_changes");
        services::writeBreakingRecords(w, evaluation.breaking, outcome.guarantees);
        w.Key("proposal");
        writeProposalObject(w, context, *outcome.proposal);
        w.Key("message");
        w.String("Breaking change detected. Proposal created for consumer acknowledgment.");
        if (outcome.guarantees) services::writeGuaranteeFields(w, *outcome.guarantees);
        w.EndObject();
    });
}

std::string dryRunMessage(const PublishOutcome& outcome) {
    const std::string& version = outcome.version.version;
    const std::string deprecated =
        outcome.previous ? "; version " + outcome.previous->version + " would be deprecated" : "";
    switch (outcome.action) {
        case core::PublishAction::ProposalCreated:
            return "Dry run: breaking change detected; a proposal would be created for consumer "
                   "acknowledgment. Nothing was written.";
        case core::PublishAction::ForcePublished:
            return "Dry run: breaking change would be force-published as version " + version +
                   deprecated + ". Nothing was written.";
        case core::PublishAction::Published:
            break;
    }
    return "Dry run: contract version " + version + " would be published" + deprecated +
           ". Nothing was written.";
}

// ?dry_run=true: the publish response without what a publish creates. `action` is what would
// happen; `version` stands in for the contract (or proposal) that is not there, and
// breaking_changes is always listed. 200, since nothing was created.
HttpResponse dryRunResponse(const PublishOutcome& outcome) {
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        core::writeString(w, core::publishActionName(outcome.action));
        w.Key("dry_run");
        w.Bool(true);
        if (outcome.evaluation) {
            w.Key("change_type");
            core::writeString(w, core::changeTypeName(outcome.evaluation->diff.changeType));
        }
        w.Key("breaking_changes");
        if (outcome.evaluation) {
            services::writeBreakingRecords(w, outcome.evaluation->breaking, outcome.guarantees);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.Key("version");
        core::writeString(w, outcome.version.version);
        if (outcome.version.autoGenerated) {
            w.Key("version_auto_generated");
            w.Bool(true);
        }
        w.Key("message");
        core::writeString(w, dryRunMessage(outcome));
        if (outcome.auditWarning) {
            w.Key("audit_warning");
            core::writeString(w, *outcome.auditWarning);
        }
        if (outcome.guarantees) services::writeGuaranteeFields(w, *outcome.guarantees);
        w.EndObject();
    });
}

}  // namespace

HttpResponse publishContract(RequestContext& context) {
    const services::PublishRequest request = parsePublishRequest(context);
    const PublishOutcome outcome = services::publishContract(context, request);
    if (request.dryRun) return dryRunResponse(outcome);
    if (outcome.proposal) return proposalResponse(context, outcome);
    return publishedResponse(outcome);
}

}  // namespace tessera::server
