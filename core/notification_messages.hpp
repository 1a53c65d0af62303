// The bodies of outbound notifications: webhook envelopes (spec 04 §3.3, 03 §11) and Slack
// messages (04 §3.7). Pure rendering: callers gather the facts, the delivery path sends the
// bytes exactly as returned (the webhook signature is computed over them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/guarantee_diff.hpp"

namespace tessera::core {

struct NotifiedChange {
    std::string kind;  // the change kind, e.g. property_removed
    std::string path;
    std::string message;
};

struct NotifiedConsumer {
    std::string teamId;
    std::string teamName;
    std::optional<std::string> pinnedVersion;
};

struct ProposalCreatedEvent {
    std::string proposalId;
    std::string assetId;
    std::string assetFqn;
    std::string producerTeamId;
    std::string producerTeamName;
    std::string proposedVersion;
    std::vector<NotifiedChange> breakingChanges;
    std::vector<NotifiedConsumer> impactedConsumers;
};

struct AcknowledgmentEvent {
    std::string proposalId;
    std::string assetId;
    std::string assetFqn;
    std::string consumerTeamId;
    std::string consumerTeamName;
    std::string response;
    std::optional<int64_t> migrationDeadline;
    std::optional<std::string> notes;
    int64_t pendingCount = 0;
    int64_t acknowledgedCount = 0;
};

// proposal.rejected / approved / force_approved / withdrawn.
struct ProposalStatusEvent {
    std::string proposalId;
    std::string assetId;
    std::string assetFqn;
    std::string status;  // rejected / approved / force_approved / withdrawn
    std::optional<std::string> actorTeamId;
    std::optional<std::string> actorTeamName;
};

struct ContractPublishedEvent {
    std::string contractId;
    std::string assetId;
    std::string assetFqn;
    std::string version;
    std::string producerTeamId;
    std::string producerTeamName;  // "unknown" when the team is missing
    std::optional<std::string> fromProposalId;
};

// contract.guarantees_changed (issue 21): a contract published with guarantee changes that
// weaken a promise (warning records, 03 §6.2), sent so registered consumers hear of it.
struct GuaranteesChangedEvent {
    std::string contractId;
    std::string assetId;
    std::string assetFqn;
    std::string version;
    std::optional<std::string> previousVersion;
    std::string producerTeamId;
    std::string producerTeamName;
    std::string guaranteeMode;
    std::vector<GuaranteeChange> changes;  // every record of the guarantee diff
    std::vector<NotifiedConsumer> consumers;
};

// asset.guarantees_violated (issue 21): an audit run failed guarantees the active contract
// promises; sent when a guarantee's failing streak starts (it passed, or was not reported, in
// the run before), not for every failing run.
struct GuaranteesViolatedEvent {
    std::string assetId;
    std::string assetFqn;
    std::string contractId;
    std::string contractVersion;
    std::string auditRunId;
    std::vector<std::string> violated;       // "nullability.email", "freshness", …
    std::vector<std::string> newlyViolated;  // those whose streak starts with this run
    std::vector<NotifiedConsumer> consumers;
};

// Compact envelopes {"event","timestamp","payload"}; `at` is the event time (µs since epoch).
std::string webhookBody(const ProposalCreatedEvent& event, int64_t at);
std::string webhookBody(const AcknowledgmentEvent& event, int64_t at);
// The event type of a status event is "proposal." + status.
std::string webhookBody(const ProposalStatusEvent& event, int64_t at);
std::string webhookBody(const ContractPublishedEvent& event, int64_t at);
std::string webhookBody(const GuaranteesChangedEvent& event, int64_t at);
std::string webhookBody(const GuaranteesViolatedEvent& event, int64_t at);

// The event name and the X-Tessera-Timestamp value (+00:00 form) of a stored envelope; nullopt
// if the text is not one.
struct EnvelopeHeaders {
    std::string event;
    std::string timestamp;
};
std::optional<EnvelopeHeaders> envelopeHeaders(const std::string& body);

// Slack incoming-webhook bodies {"text","blocks"} (04 §3.7).
std::string slackProposalCreated(const ProposalCreatedEvent& event);
std::string slackAcknowledged(const std::string& teamName, const std::string& response,
                              const std::string& assetFqn, const std::optional<std::string>& notes);
std::string slackAllApproved(const std::string& assetFqn);
std::string slackGuaranteesChanged(const GuaranteesChangedEvent& event);
std::string slackGuaranteesViolated(const GuaranteesViolatedEvent& event);

}  // namespace tessera::core
