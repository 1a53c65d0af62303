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
