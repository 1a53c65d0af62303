#include "tests/fuzz/vocabulary.hpp"

#include <map>

namespace tessera::fuzz {
namespace {

const std::string kApi = "/api/v1";

// Placeholders in the seeds: {team} {home} {asset} {asset2} {contract} {user} {n}.
const std::map<std::string, std::string>& seeds() {
    static const std::map<std::string, std::string> bodies = {
        {"POST " + kApi + "/teams", R"({"name":"fuzz-team-{n}","metadata":{"tier":"gold"}})"},
        {"PATCH " + kApi + "/teams/{team_id}", R"({"name":"fuzz-renamed-{n}","metadata":{}})"},
        {"PUT " + kApi + "/teams/{team_id}", R"({"name":"fuzz-put-{n}"})"},
        {"POST " + kApi + "/teams/{team_id}/reassign-assets",
         R"({"target_team_id":"{home}","asset_ids":["{asset2}"]})"},
        {"POST " + kApi + "/users",
         R"({"email":"fuzz{n}@example.com","name":"Fuzz {n}","team_id":"{team}","role":"user"})"},
        {"PATCH " + kApi + "/users/{user_id}", R"({"name":"Fuzz","role":"team_admin"})"},
        {"PUT " + kApi + "/users/{user_id}", R"({"email":"fuzz-put{n}@example.com"})"},
        {"POST " + kApi + "/api-keys",
         R"({"name":"fuzz key","team_id":"{team}","scopes":["read","write"],)"
         R"("expires_at":"2030-01-01T00:00:00Z"})"},
        {"POST " + kApi + "/assets",
         R"({"fqn":"warehouse.fuzz.t{n}","owner_team_id":"{team}","environment":"production",)"
         R"("metadata":{"layer":"gold"}})"},
        {"PATCH " + kApi + "/assets/{asset_id}",
         R"({"environment":"staging","guarantee_mode":"notify","owner_user_id":"{user}"})"},
        {"POST " + kApi + "/assets/bulk-assign",
         R"({"asset_ids":["{asset2}"],"owner_team_id":"{team}"})"},
        {"POST " + kApi + "/assets/{asset_id}/contracts",
         R"({"schema":{"type":"object","properties":{"id":{"type":"integer"},)"
         R"("name":{"type":"string","maxLength":10}},"required":["id"]},"version":"{n}.0.0",)"
         R"("compatibility_mode":"backward","guarantees":{"freshness":{"max_staleness_minutes":60},)"
         R"("nullability":{"id":"never"},"accepted_values":{"name":["a","b"]}}})"},
        {"POST " + kApi + "/assets/{asset_id}/audit-results",
         R"({"status":"passed","guarantees_checked":2,"guarantees_passed":2,"guarantees_failed":0,)"
         R"("triggered_by":"dbt","run_id":"run-{n}","run_at":"2024-01-01T00:00:00Z",)"
         R"("guarantee_results":[{"guarantee_id":"not_null_id","passed":true,"rows_checked":10,)"
         R"("rows_failed":0}]})"},
        {"POST " + kApi + "/assets/{asset_id}/dependencies",
         R"({"depends_on_asset_id":"{asset2}","dependency_type":"consumes"})"},
        {"POST " + kApi + "/assets/{asset_id}/impact",
         R"({"type":"object","properties":{"id":{"type":"string"}}})"},
        {"POST " + kApi + "/contracts/compare",
         R"({"contract_id_1":"{contract}","contract_id_2":"{contract}","compatibility_mode":"full"})"},
        {"POST " + kApi + "/registrations",
         R"({"consumer_team_id":"{home}","pinned_version":null})"},
        {"PATCH " + kApi + "/registrations/{registration_id}",
         R"({"status":"active","pinned_version":"1.0.0"})"},
        {"POST " + kApi + "/proposals/{proposal_id}/acknowledge",
         R"({"consumer_team_id":"{home}","response":"approved","notes":"fine",)"
         R"("migration_deadline":"2030-01-01T00:00:00Z"})"},
        {"POST " + kApi + "/proposals/{proposal_id}/publish",
         R"({"version":"{n}.1.0","published_by":"{team}"})"},
        {"POST " + kApi + "/schemas/validate",
         R"({"type":"object","properties":{"a":{"type":"array","items":{"$ref":"#/x"}}}})"},
    };
    return bodies;
}

std::string fill(std::string text, const KnownIds& ids, Rng& rng) {
    const std::map<std::string, std::string> values = {
        {"{team}", ids.targetTeam},
        {"{home}", ids.homeTeam},
        {"{asset}", ids.asset},
        {"{asset2}", ids.downstreamAsset},
        {"{contract}", ids.contract},
        {"{user}", ids.user},
        {"{n}", std::to_string(rng.between(2, 1000000))},
    };
    for (const auto& [placeholder, value] : values) {
        for (size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size())) {
            text.replace(at, placeholder.size(), value);
        }
    }
    return text;
}

}  // namespace

const std::vector<std::string>& bodyFieldNames() {
    static const std::vector<std::string> names = {
        "name",
        "metadata",
        "team_id",
        "fqn",
        "owner_team_id",
        "owner_user_id",
        "environment",
        "guarantee_mode",
        "asset_ids",
        "target_team_id",
        "email",
        "role",
        "password",
        "notification_preferences",
        "scopes",
        "expires_at",
        "schema",
        "version",
        "compatibility_mode",
        "guarantees",
        "freshness",
        "volume",
        "nullability",
        "accepted_values",
        "status",
        "guarantees_checked",
        "guarantees_passed",
        "guarantees_failed",
        "triggered_by",
        "run_id",
        "run_at",
        "details",
        "guarantee_results",
        "guarantee_id",
        "passed",
        "rows_checked",
        "rows_failed",
        "error_message",
        "depends_on_asset_id",
        "dependency_type",
        "contract_id_1",
        "contract_id_2",
        "consumer_team_id",
        "pinned_version",
        "response",
        "notes",
        "migration_deadline",
        "acknowledged_by_user_id",
        "published_by",
        "published_by_user_id",
        "type",
        "properties",
        "required",
        "items",
        "$ref",
        "id",
        "__proto__",
        "constructor",
    };
    return names;
}

const std::vector<std::string>& queryNames() {
    static const std::vector<std::string> names = {
        "limit",
        "offset",
        "q",
        "team_id",
        "status",
        "published_by",
        "published_by_user_id",
        "contract_id",
        "asset_id",
        "consumer_team_id",
        "owner",
        "owner_user",
        "environment",
        "fqn",
        "sort_by",
        "sort_order",
        "unowned",
        "include_revoked",
        "include_deactivated",
        "force",
        "require_audit_pass",
        "from_version",
        "to_version",
        "version",
        "direction",
        "depth",
        "action",
        "actor_id",
        "entity_id",
        "entity_type",
        "from",
        "to",
        "triggered_by",
        "event_type",
        "proposed_by",
        "name",
        "email",
    };
    return names;
}

std::string seedBody(const std::string& route, const KnownIds& ids, Rng& rng) {
    auto it = seeds().find(route);
    return it == seeds().end() ? std::string() : fill(it->second, ids, rng);
}

std::string seedQuery(const std::string& route, const KnownIds& ids) {
    if (route == "POST " + kApi + "/assets/{asset_id}/contracts") {
        return "published_by=" + ids.targetTeam;
    }
    if (route == "POST " + kApi + "/registrations") return "contract_id=" + ids.contract;
    if (route == "GET " + kApi + "/assets/search") return "q=fuzz";
    if (route == "GET " + kApi + "/assets/{asset_id}/contracts/diff") {
        return "from_version=1.0.0&to_version=" + ids.contractVersion;
    }
    return "";
}

std::vector<std::string> seededRoutes() {
    std::vector<std::string> routes;
    for (const auto& [route, body] : seeds()) routes.push_back(route);
    return routes;
}

}  // namespace tessera::fuzz
