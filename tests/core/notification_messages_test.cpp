// Webhook envelopes and Slack messages (spec 04 §3.3, §3.7): exact bytes, key order, quirks.
#include "core/notification_messages.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

namespace {
// 2025-01-02T03:04:05Z and the same instant with .678901 seconds.
constexpr int64_t kWholeSecond = 1735787045000000;
constexpr int64_t kFraction = 1735787045678901;
}  // namespace

TEST_CASE("status envelope matches the spec's example byte for byte", "[notifications]") {
    const ProposalStatusEvent event{"00000000-0000-0000-0000-000000000001",
                                    "00000000-0000-0000-0000-000000000002",
                                    "a.b.c",
                                    "withdrawn",
                                    std::nullopt,
                                    std::nullopt};
    CHECK(webhookBody(event, kWholeSecond) ==
          R"({"event":"proposal.withdrawn","timestamp":"2025-01-02T03:04:05Z","payload":{)"
          R"("proposal_id":"00000000-0000-0000-0000-000000000001",)"
          R"("asset_id":"00000000-0000-0000-0000-000000000002","asset_fqn":"a.b.c",)"
          R"("status":"withdrawn","actor_team_id":null,"actor_team_name":null}})");
}

TEST_CASE("envelope headers: event name and the +00:00 timestamp", "[notifications]") {
    const ProposalStatusEvent event{"p", "a", "f", "force_approved", "t", "Team"};
    const std::string body = webhookBody(event, kFraction);
    CHECK(body.find(R"("timestamp":"2025-01-02T03:04:05.678901Z")") != std::string::npos);
    const auto headers = envelopeHeaders(body);
    REQUIRE(headers);
    CHECK(headers->event == "proposal.force_approved");
    CHECK(headers->timestamp == "2025-01-02T03:04:05.678901+00:00");
    CHECK_FALSE(envelopeHeaders("not json"));
    CHECK_FALSE(envelopeHeaders(R"({"event":1})"));
}

TEST_CASE("proposal.created payload keys, change kinds and null details", "[notifications]") {
    ProposalCreatedEvent event{"p", "a", "db.s.t", "team", "Producers", "2.0.0", {}, {}};
    event.breakingChanges.push_back({"property_removed", "properties.name", "Property removed"});
    event.impactedConsumers.push_back({"c1", "Consumers", std::nullopt});
    event.impactedConsumers.push_back({"c2", "Others", std::string("1.0.0")});
    CHECK(webhookBody(event, kWholeSecond) ==
          R"({"event":"proposal.created","timestamp":"2025-01-02T03:04:05Z","payload":{)"
          R"("proposal_id":"p","asset_id":"a","asset_fqn":"db.s.t","producer_team_id":"team",)"
          R"("producer_team_name":"Producers","proposed_version":"2.0.0","breaking_changes":[)"
          R"({"change_type":"property_removed","path":"properties.name",)"
          R"("message":"Property removed","details":null}],"impacted_consumers":[)"
          R"({"team_id":"c1","team_name":"Consumers","pinned_version":null},)"
          R"({"team_id":"c2","team_name":"Others","pinned_version":"1.0.0"}]}})");
}

TEST_CASE("acknowledgment and contract.published payloads", "[notifications]") {
    const AcknowledgmentEvent ack{"p",         "a",          "f",          "c", "Consumers",
                                  "migrating", kWholeSecond, std::nullopt, 1,   2};
    CHECK(webhookBody(ack, kWholeSecond) ==
          R"({"event":"proposal.acknowledged","timestamp":"2025-01-02T03:04:05Z","payload":{)"
          R"("proposal_id":"p","asset_id":"a","asset_fqn":"f","consumer_team_id":"c",)"
          R"("consumer_team_name":"Consumers","response":"migrating",)"
          R"("migration_deadline":"2025-01-02T03:04:05Z","notes":null,"pending_count":1,)"
          R"("acknowledged_count":2}})");
    const ContractPublishedEvent published{"k", "a", "f", "2.0.0", "t", "unknown", "p"};
    CHECK(webhookBody(published, kWholeSecond) ==
          R"({"event":"contract.published","timestamp":"2025-01-02T03:04:05Z","payload":{)"
          R"("contract_id":"k","asset_id":"a","asset_fqn":"f","version":"2.0.0",)"
          R"("producer_team_id":"t","producer_team_name":"unknown","from_proposal_id":"p"}})");
}

TEST_CASE("Slack messages: fallback texts, blocks and the original's wording", "[notifications]") {
    ProposalCreatedEvent event{"p", "a", "db.s.t", "team", "Producers", "2.0.0", {}, {}};
    for (int i = 0; i < 7; ++i) {
        event.breakingChanges.push_back(
            {"property_removed", "properties.c" + std::to_string(i), ""});
        event.impactedConsumers.push_back({"id", "T" + std::to_string(i), std::nullopt});
    }
    const std::string created = slackProposalCreated(event);
    CHECK(created.rfind(R"({"text":"Breaking change proposed for db.s.t v2.0.0","blocks":[)", 0) ==
          0);
    CHECK(
        created.find(
            R"({"type":"header","text":{"type":"plain_text","text":":warning: Breaking Change Proposed","emoji":true}})") !=
        std::string::npos);
    CHECK(created.find(R"("*Affected:*\nT0, T1, T2, T3, T4, +2 more")") != std::string::npos);
    CHECK(created.find(R"(• `properties.c4`: changed\n• _...and 2 more_")") != std::string::npos);
    CHECK(created.find(R"({"type":"divider"})") != std::string::npos);
    CHECK(created.find("Consumers must acknowledge before this change can ship.") !=
          std::string::npos);

    CHECK(slackAcknowledged("Team A", "migrating", "db.s.t", std::string("soon")) ==
          R"({"text":"Team A blocked breaking change for db.s.t","blocks":[)"
          R"({"type":"section","text":{"type":"mrkdwn","text":":no_entry: *Team A* blocked the )"
          R"(breaking change for `db.s.t`"}},{"type":"context","elements":[)"
          R"({"type":"mrkdwn","text":"_soon_"}]}]})");
    CHECK(slackAcknowledged("Team A", "approved", "f", std::nullopt).find(":white_check_mark:") !=
          std::string::npos);
    CHECK(slackAllApproved("f") ==
          R"({"text":"All consumers approved breaking change for f vpending","blocks":[)"
          R"({"type":"section","text":{"type":"mrkdwn","text":":tada: *All consumers )"
          R"(approved!* Breaking change for `f` v`pending` is ready to ship."}}]})");
}

TEST_CASE("guarantee events: exact envelope, Slack lists what weakened or failed",
          "[notifications][guarantees]") {
    GuaranteeChange removed;
    removed.kind = GuaranteeChangeKind::NotNullRemoved;
    removed.path = "nullability.email";
    removed.message = "not_null guarantee removed for column 'email'";
    removed.severity = GuaranteeSeverity::Warning;
    removed.oldValueJson = R"("email")";
    GuaranteeChange added;
    added.kind = GuaranteeChangeKind::FreshnessAdded;
    added.path = "freshness";
    added.message = "freshness guarantee added: {'hours': 1}";
    added.newValueJson = R"({"hours":1})";
    const GuaranteesChangedEvent changed{
        "c", "a",    "a.b.c",  "1.1.0",          "1.0.0",
        "t", "Team", "notify", {removed, added}, {{"k", "Consumers", std::nullopt}}};
    CHECK(webhookBody(changed, kWholeSecond) ==
          R"({"event":"contract.guarantees_changed","timestamp":"2025-01-02T03:04:05Z",)"
          R"("payload":{"contract_id":"c","asset_id":"a","asset_fqn":"a.b.c","version":"1.1.0",)"
          R"("previous_version":"1.0.0","producer_team_id":"t","producer_team_name":"Team",)"
          R"("guarantee_mode":"notify","guarantee_changes":[{"type":"not_null_removed",)"
          R"("path":"nullability.email","message":"not_null guarantee removed for column )"
          R"('email'","severity":"warning","old_value":"email","new_value":null},)"
          R"({"type":"freshness_added","path":"freshness","message":"freshness guarantee )"
          R"(added: {'hours': 1}","severity":"info","old_value":null,"new_value":{"hours":1}}],)"
          R"("guarantee_warnings":1,"impacted_consumers":[{"team_id":"k",)"
          R"("team_name":"Consumers","pinned_version":null}]}})");
    const std::string slack = slackGuaranteesChanged(changed);
    CHECK(slack.find("nullability.email") != std::string::npos);
    CHECK(slack.find("freshness guarantee added") == std::string::npos);  // info is not news
    CHECK(slack.find("*Consumers:*\\nConsumers") != std::string::npos);

    const GuaranteesViolatedEvent violated{
        "a", "a.b.c", "c", "1.0.0", "r", {"nullability.email", "freshness"}, {"freshness"}, {}};
    CHECK(webhookBody(violated, kWholeSecond) ==
          R"({"event":"asset.guarantees_violated","timestamp":"2025-01-02T03:04:05Z",)"
          R"("payload":{"asset_id":"a","asset_fqn":"a.b.c","contract_id":"c",)"
          R"("contract_version":"1.0.0","audit_run_id":"r",)"
          R"("violated_guarantees":["nullability.email","freshness"],)"
          R"("newly_violated":["freshness"],"impacted_consumers":[]}})");
    const std::string alert = slackGuaranteesViolated(violated);
    CHECK(alert.find("`freshness` (new)") != std::string::npos);
    CHECK(alert.find("`nullability.email`\\n") != std::string::npos);
    CHECK(alert.find("*Consumers:*\\nnone") != std::string::npos);
}
