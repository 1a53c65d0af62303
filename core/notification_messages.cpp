#include "core/notification_messages.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "core/json.hpp"
#include "core/timestamp.hpp"

namespace tessera::core {
namespace {

template <typename WriteFn>
std::string render(WriteFn&& write) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    write(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

template <typename WritePayload>
std::string envelope(std::string_view event, int64_t at, WritePayload&& writePayload) {
    return render([&](JsonWriter& w) {
        w.StartObject();
        w.Key("event");
        writeString(w, event);
        w.Key("timestamp");
        writeString(w, formatTimestamp(at));
        w.Key("payload");
        w.StartObject();
        writePayload(w);
        w.EndObject();
        w.EndObject();
    });
}

void field(JsonWriter& w, const char* key, std::string_view value) {
    w.Key(key);
    writeString(w, value);
}

void nullableField(JsonWriter& w, const char* key, const std::optional<std::string>& value) {
    w.Key(key);
    writeNullableString(w, value);
}

void writeAssetFields(JsonWriter& w, const std::string& proposalId, const std::string& assetId,
                      const std::string& assetFqn) {
    field(w, "proposal_id", proposalId);
    field(w, "asset_id", assetId);
    field(w, "asset_fqn", assetFqn);
}

// Slack Block Kit pieces.
void mrkdwn(JsonWriter& w, std::string_view text) {
    w.StartObject();
    field(w, "type", "mrkdwn");
    field(w, "text", text);
    w.EndObject();
}

void sectionBlock(JsonWriter& w, std::string_view text) {
    w.StartObject();
    field(w, "type", "section");
    w.Key("text");
    mrkdwn(w, text);
    w.EndObject();
}

void contextBlock(JsonWriter& w, std::string_view text) {
    w.StartObject();
    field(w, "type", "context");
    w.Key("elements");
    w.StartArray();
    mrkdwn(w, text);
    w.EndArray();
    w.EndObject();
}

template <typename WriteBlocks>
std::string slackMessage(std::string_view fallback, WriteBlocks&& writeBlocks) {
    return render([&](JsonWriter& w) {
        w.StartObject();
        field(w, "text", fallback);
        w.Key("blocks");
        w.StartArray();
        writeBlocks(w);
        w.EndArray();
        w.EndObject();
    });
}

constexpr size_t kSlackListLimit = 5;

void writeConsumers(JsonWriter& w, const char* key,
                    const std::vector<NotifiedConsumer>& consumers) {
    w.Key(key);
    w.StartArray();
    for (const auto& consumer : consumers) {
        w.StartObject();
        field(w, "team_id", consumer.teamId);
        field(w, "team_name", consumer.teamName);
        nullableField(w, "pinned_version", consumer.pinnedVersion);
        w.EndObject();
    }
    w.EndArray();
}

// "A, B, C, +2 more", or "none".
std::string teamList(const std::vector<NotifiedConsumer>& consumers) {
    std::string names;
    for (size_t i = 0; i < consumers.size() && i < kSlackListLimit; ++i) {
        if (i > 0) names += ", ";
        names += consumers[i].teamName;
    }
    if (consumers.size() > kSlackListLimit) {
        names += ", +" + std::to_string(consumers.size() - kSlackListLimit) + " more";
    }
    return names.empty() ? "none" : names;
}

// At most kSlackListLimit bullet lines, then "…and n more".
std::string bulletList(const std::vector<std::string>& lines) {
    std::string text;
    for (size_t i = 0; i < lines.size() && i < kSlackListLimit; ++i) {
        if (i > 0) text += "\n";
        text += "• " + lines[i];
    }
    if (lines.size() > kSlackListLimit) {
        text += "\n• _...and " + std::to_string(lines.size() - kSlackListLimit) + " more_";
    }
    return text;
}

void headerBlock(JsonWriter& w, std::string_view text) {
    w.StartObject();
    field(w, "type", "header");
    w.Key("text");
    w.StartObject();
    field(w, "type", "plain_text");
    field(w, "text", text);
    w.Key("emoji");
    w.Bool(true);
    w.EndObject();
    w.EndObject();
}

void fieldsBlock(JsonWriter& w, const std::vector<std::string>& texts) {
    w.StartObject();
    field(w, "type", "section");
    w.Key("fields");
    w.StartArray();
    for (const auto& text : texts) mrkdwn(w, text);
    w.EndArray();
    w.EndObject();
}

}  // namespace

std::string webhookBody(const ProposalCreatedEvent& event, int64_t at) {
    return envelope("proposal.created", at, [&](JsonWriter& w) {
        writeAssetFields(w, event.proposalId, event.assetId, event.assetFqn);
        field(w, "producer_team_id", event.producerTeamId);
        field(w, "producer_team_name", event.producerTeamName);
        field(w, "proposed_version", event.proposedVersion);
        w.Key("breaking_changes");
        w.StartArray();
        for (const auto& change : event.breakingChanges) {
            w.StartObject();
            // The original always sent "unknown" here (it read a key the records lack); the
            // spec allows the real kind, which is what receivers want.
            field(w, "change_type", change.kind);
            field(w, "path", change.path);
            field(w, "message", change.message);
            w.Key("details");
            w.Null();
            w.EndObject();
        }
        w.EndArray();
        writeConsumers(w, "impacted_consumers", event.impactedConsumers);
    });
}

std::string webhookBody(const AcknowledgmentEvent& event, int64_t at) {
    return envelope("proposal.acknowledged", at, [&](JsonWriter& w) {
        writeAssetFields(w, event.proposalId, event.assetId, event.assetFqn);
        field(w, "consumer_team_id", event.consumerTeamId);
        field(w, "consumer_team_name", event.consumerTeamName);
        field(w, "response", event.response);
        w.Key("migration_deadline");
        writeNullableTimestamp(w, event.migrationDeadline);
        nullableField(w, "notes", event.notes);
        w.Key("pending_count");
        w.Int64(event.pendingCount);
        w.Key("acknowledged_count");
        w.Int64(event.acknowledgedCount);
    });
}

std::string webhookBody(const ProposalStatusEvent& event, int64_t at) {
    return envelope("proposal." + event.status, at, [&](JsonWriter& w) {
        writeAssetFields(w, event.proposalId, event.assetId, event.assetFqn);
        field(w, "status", event.status);
        nullableField(w, "actor_team_id", event.actorTeamId);
        nullableField(w, "actor_team_name", event.actorTeamName);
    });
}

std::string webhookBody(const ContractPublishedEvent& event, int64_t at) {
    return envelope("contract.published", at, [&](JsonWriter& w) {
        field(w, "contract_id", event.contractId);
        field(w, "asset_id", event.assetId);
        field(w, "asset_fqn", event.assetFqn);
        field(w, "version", event.version);
        field(w, "producer_team_id", event.producerTeamId);
        field(w, "producer_team_name", event.producerTeamName);
        nullableField(w, "from_proposal_id", event.fromProposalId);
    });
}

std::string webhookBody(const GuaranteesChangedEvent& event, int64_t at) {
    return envelope("contract.guarantees_changed", at, [&](JsonWriter& w) {
        field(w, "contract_id", event.contractId);
        field(w, "asset_id", event.assetId);
        field(w, "asset_fqn", event.assetFqn);
        field(w, "version", event.version);
        nullableField(w, "previous_version", event.previousVersion);
        field(w, "producer_team_id", event.producerTeamId);
        field(w, "producer_team_name", event.producerTeamName);
        field(w, "guarantee_mode", event.guaranteeMode);
        w.Key("guarantee_changes");
        w.StartArray();
        size_t warnings = 0;
        for (const auto& change : event.changes) {
            writeGuaranteeChangeJson(w, change);
            if (change.severity == GuaranteeSeverity::Warning) ++warnings;
        }
        w.EndArray();
        w.Key("guarantee_warnings");
        w.Uint64(warnings);
        writeConsumers(w, "impacted_consumers", event.consumers);
    });
}

std::string webhookBody(const GuaranteesViolatedEvent& event, int64_t at) {
    return envelope("asset.guarantees_violated", at, [&](JsonWriter& w) {
        field(w, "asset_id", event.assetId);
        field(w, "asset_fqn", event.assetFqn);
        field(w, "contract_id", event.contractId);
        field(w, "contract_version", event.contractVersion);
        field(w, "audit_run_id", event.auditRunId);
        for (const auto& [key, paths] : {std::pair{"violated_guarantees", &event.violated},
                                         std::pair{"newly_violated", &event.newlyViolated}}) {
            w.Key(key);
            w.StartArray();
            for (const auto& path : *paths) writeString(w, path);
            w.EndArray();
        }
        writeConsumers(w, "impacted_consumers", event.consumers);
    });
}

std::optional<EnvelopeHeaders> envelopeHeaders(const std::string& body) {
    rapidjson::Document document;
    document.Parse(body.data(), body.size());
    if (document.HasParseError() || !document.IsObject()) return std::nullopt;
    const auto event = document.FindMember("event");
    const auto timestamp = document.FindMember("timestamp");
    if (event == document.MemberEnd() || !event->value.IsString() ||
        timestamp == document.MemberEnd() || !timestamp->value.IsString()) {
        return std::nullopt;
    }
    std::string at = timestamp->value.GetString();
    // The header carries the same instant in the +00:00 form (04 §3.4).
    if (!at.empty() && at.back() == 'Z') at.replace(at.size() - 1, 1, "+00:00");
    return EnvelopeHeaders{event->value.GetString(), at};
}

std::string slackProposalCreated(const ProposalCreatedEvent& event) {
    const std::string affected = teamList(event.impactedConsumers);
    std::string changes = "*Breaking Changes:*\n";
    for (size_t i = 0; i < event.breakingChanges.size() && i < kSlackListLimit; ++i) {
        if (i > 0) changes += "\n";
        // The original prints "changed" for every kind; kept, receivers match on it.
        changes += "• `" + event.breakingChanges[i].path + "`: changed";
    }
    if (event.breakingChanges.size() > kSlackListLimit) {
        changes += "\n• _...and " + std::to_string(event.breakingChanges.size() - kSlackListLimit) +
                   " more_";
    }
    return slackMessage(
        "Breaking change proposed for " + event.assetFqn + " v" + event.proposedVersion,
        [&](JsonWriter& w) {
            w.StartObject();
            field(w, "type", "header");
            w.Key("text");
            w.StartObject();
            field(w, "type", "plain_text");
            field(w, "text", ":warning: Breaking Change Proposed");
            w.Key("emoji");
            w.Bool(true);
            w.EndObject();
            w.EndObject();

            w.StartObject();
            field(w, "type", "section");
            w.Key("fields");
            w.StartArray();
            mrkdwn(w, "*Asset:*\n`" + event.assetFqn + "`");
            mrkdwn(w, "*Version:*\n`" + event.proposedVersion + "`");
            mrkdwn(w, "*Producer:*\n" + event.producerTeamName);
            mrkdwn(w, "*Affected:*\n" + affected);
            w.EndArray();
            w.EndObject();

            sectionBlock(w, changes);
            w.StartObject();
            field(w, "type", "divider");
            w.EndObject();
            contextBlock(w, "Consumers must acknowledge before this change can ship.");
        });
}

std::string slackAcknowledged(const std::string& teamName, const std::string& response,
                              const std::string& assetFqn,
                              const std::optional<std::string>& notes) {
    // Any response but `approved` (migrating too) is worded "blocked", as the original does.
    const bool approved = response == "approved";
    const std::string status = approved ? "approved" : "blocked";
    const std::string emoji = approved ? ":white_check_mark:" : ":no_entry:";
    return slackMessage(teamName + " " + status + " breaking change for " + assetFqn,
                        [&](JsonWriter& w) {
                            sectionBlock(w, emoji + " *" + teamName + "* " + status +
                                                " the breaking change for `" + assetFqn + "`");
                            if (notes && !notes->empty()) contextBlock(w, "_" + *notes + "_");
                        });
}

std::string slackAllApproved(const std::string& assetFqn) {
    // "vpending": the original prints the literal word where a version would go.
    return slackMessage(
        "All consumers approved breaking change for " + assetFqn + " vpending", [&](JsonWriter& w) {
            sectionBlock(w, ":tada: *All consumers approved!* Breaking change for `" + assetFqn +
                                "` v`pending` is ready to ship.");
        });
}

std::string slackGuaranteesChanged(const GuaranteesChangedEvent& event) {
    std::vector<std::string> weakened;
    for (const auto& change : event.changes) {
        if (change.severity == GuaranteeSeverity::Warning) {
            weakened.push_back("`" + change.path + "`: " + change.message);
        }
    }
    return slackMessage(
        "Guarantees weakened for " + event.assetFqn + " v" + event.version, [&](JsonWriter& w) {
            headerBlock(w, ":warning: Data Guarantees Changed");
            fieldsBlock(
                w, {"*Asset:*\n`" + event.assetFqn + "`", "*Version:*\n`" + event.version + "`",
                    "*Producer:*\n" + event.producerTeamName,
                    "*Consumers:*\n" + teamList(event.consumers)});
            sectionBlock(w, "*Weakened guarantees:*\n" + bulletList(weakened));
        });
}

std::string slackGuaranteesViolated(const GuaranteesViolatedEvent& event) {
    std::vector<std::string> violated;
    for (const auto& path : event.violated) {
        const bool isNew = std::find(event.newlyViolated.begin(), event.newlyViolated.end(),
                                     path) != event.newlyViolated.end();
        violated.push_back("`" + path + "`" + (isNew ? " (new)" : ""));
    }
    return slackMessage("Guarantees violated for " + event.assetFqn + " v" + event.contractVersion,
                        [&](JsonWriter& w) {
                            headerBlock(w, ":rotating_light: Data Guarantees Violated");
                            fieldsBlock(w, {"*Asset:*\n`" + event.assetFqn + "`",
                                            "*Contract:*\n`" + event.contractVersion + "`",
                                            "*Consumers:*\n" + teamList(event.consumers)});
                            sectionBlock(
                                w, "*Failed in the latest audit run:*\n" + bulletList(violated));
                        });
}

}  // namespace tessera::core
