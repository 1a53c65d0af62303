// Dashboard views of GET /assets/{id}/blast-radius (issue 19 item 3): `view=summary` and paging
// of the listing, each with its own ETag, pinned against a hand-computed graph.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

const std::string kIdSchema = objectSchema(R"("id":{"type":"integer"})");

std::string compact(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return buffer.GetString();
}

// A ← B1, B2, B3 (depth 1); B1, B3 ← D1 and B2 ← D2 (depth 2); D1 ← E (depth 3).
// Owners: A, B1, E: T1; B2, D1, D2: T2; B3: U. Registered: C on A (depth 1), T2 on B1 (depth 2),
// U on E (depth 4: counted only from depth=4 on). C owns nothing.
struct World {
    std::string t1, t2, u, c;
    std::string a, b1, b2, b3, d1, d2, e;
};

World buildWorld(const HttpClient& http) {
    World w;
    w.t1 = createTestTeam(http);
    w.t2 = createTestTeam(http);
    w.u = createTestTeam(http);
    w.c = createTestTeam(http);
    w.a = createTestAsset(http, w.t1);
    w.b1 = createTestAsset(http, w.t1);
    w.b2 = createTestAsset(http, w.t2);
    w.b3 = createTestAsset(http, w.u);
    w.d1 = createTestAsset(http, w.t2);
    w.d2 = createTestAsset(http, w.t2);
    w.e = createTestAsset(http, w.t1);
    for (const std::string& b : {w.b1, w.b2, w.b3}) dependsOn(http, b, w.a);
    dependsOn(http, w.d1, w.b1);
    dependsOn(http, w.d1, w.b3);
    dependsOn(http, w.d2, w.b2);
    dependsOn(http, w.e, w.d1);
    registerConsumer(http, publishContract(http, w.a, w.t1, kIdSchema), w.c);
    registerConsumer(http, publishContract(http, w.b1, w.t1, kIdSchema), w.t2);
    registerConsumer(http, publishContract(http, w.e, w.t1, kIdSchema), w.u);
    return w;
}

std::string radiusPath(const std::string& asset, const std::string& query) {
    return "/api/v1/assets/" + asset + "/blast-radius?" + query;
}

// "depth:assets/teams" per by_depth row.
std::vector<std::string> depthRows(const rapidjson::Value& summary) {
    std::vector<std::string> rows;
    for (const auto& row : summary["by_depth"].GetArray()) {
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on the one-expression form.
        std::string line = std::to_string(num(row["depth"]));
        line += ":";
        line += std::to_string(num(row["assets"]));
        line += "/";
        line += std::to_string(num(row["teams"]));
        rows.push_back(line);
    }
    return rows;
}

// team id → "assets[ registered]"; checks the rows come in team id order.
std::map<std::string, std::string> teamRows(const rapidjson::Value& summary) {
    std::map<std::string, std::string> rows;
    std::string previous;
    for (const auto& row : summary["teams"].GetArray()) {
        CHECK(keys(row) == "team_id,team_name,assets,registered");
        const std::string id = str(row, "team_id");
        CHECK(previous < id);
        previous = id;
        CHECK(str(row, "team_name").rfind("team", 0) == 0);
        rows[id] =
            std::to_string(num(row["assets"])) + (row["registered"].IsTrue() ? " registered" : "");
    }
    return rows;
}

// The same per-team totals, derived from the default listing and its consumers.
std::map<std::string, std::string> teamRowsOfListing(const rapidjson::Value& listing) {
    std::map<std::string, int> owned;
    std::map<std::string, bool> registered;
    for (const auto& asset : listing["assets"].GetArray()) ++owned[str(asset, "owner_team_id")];
    for (const auto& consumer : listing["consumers"].GetArray()) {
        registered[str(consumer, "team_id")] = true;
        owned.emplace(str(consumer, "team_id"), 0);
    }
    std::map<std::string, std::string> rows;
    for (const auto& [id, count] : owned) {
        rows[id] = std::to_string(count) + (registered.count(id) ? " registered" : "");
    }
    return rows;
}

// `loc` joined with dots and the issue's type, of the only 422 issue.
std::string onlyIssue(const HttpResult& response) {
    if (response.status != 422) return "status " + std::to_string(response.status);
    const auto body = response.json();
    REQUIRE(body.HasMember("detail"));
    REQUIRE(body["detail"].Size() == 1);
    const auto& issue = body["detail"][0];
    std::string loc;
    for (const auto& part : issue["loc"].GetArray()) {
        if (!loc.empty()) loc += ".";
        loc += text(part);
    }
    loc += " ";
    loc += str(issue, "type");
    return loc;
}

}  // namespace

TEST_CASE("blast radius view=summary: totals per depth and team, equal to the listing's",
          "[http][impact][views]") {
    const auto& http = sharedServer().client();
    const World w = buildWorld(http);

    auto response = http.get(radiusPath(w.a, "depth=3&view=summary"));
    REQUIRE(response.status == 200);
    const auto summary = response.json();
    CHECK(keys(summary) == "asset_id,fqn,direction,depth,generation,total_assets,by_depth,teams");
    CHECK(str(summary, "asset_id") == w.a);
    CHECK(str(summary, "direction") == "downstream");
    CHECK(num(summary["depth"]) == 3);
    CHECK(num(summary["total_assets"]) == 6);
    CHECK(depthRows(summary) == std::vector<std::string>{"1:3/3", "2:2/1", "3:1/1"});
    CHECK(teamRows(summary) ==
          std::map<std::string, std::string>{
              {w.t1, "2"}, {w.t2, "3 registered"}, {w.u, "1"}, {w.c, "0 registered"}});
    CHECK(response.body.find(w.b1) == std::string::npos);  // no asset list

    const auto listing = http.get(radiusPath(w.a, "depth=3")).json();
    CHECK(num(summary["total_assets"]) == listing["assets"].Size());
    CHECK(teamRows(summary) == teamRowsOfListing(listing));
    CHECK(num(summary["generation"]) == num(listing["generation"]));

    // At depth 4, E's consumer U counts.
    const auto deeper = http.get(radiusPath(w.a, "depth=4&view=summary")).json();
    CHECK(teamRows(deeper).at(w.u) == "1 registered");
    CHECK(teamRows(deeper) == teamRowsOfListing(http.get(radiusPath(w.a, "depth=4")).json()));

    // Upstream: owners only, nobody registered (the upstream listing has no consumers).
    const auto upstream = http.get(radiusPath(w.e, "direction=upstream&view=summary")).json();
    CHECK(str(upstream, "direction") == "upstream");
    CHECK(num(upstream["total_assets"]) == 4);
    CHECK(depthRows(upstream) == std::vector<std::string>{"1:1/1", "2:2/2", "3:1/1"});
    CHECK(teamRows(upstream) ==
          std::map<std::string, std::string>{{w.t1, "2"}, {w.t2, "1"}, {w.u, "1"}});

    // A leaf: nothing downstream, only the root's own consumers (none here).
    const auto leaf = http.get(radiusPath(w.d2, "view=summary")).json();
    CHECK(num(leaf["total_assets"]) == 0);
    CHECK(leaf["by_depth"].Size() == 0);
    CHECK(leaf["teams"].Size() == 0);
    CHECK(http.get(radiusPath("00000000-0000-0000-0000-000000000000", "view=summary")).status ==
          404);
}

TEST_CASE("blast radius paging: pages concatenate to the listing, next_offset ends it",
          "[http][impact][views]") {
    const auto& http = sharedServer().client();
    const World w = buildWorld(http);
    const auto full = http.get(radiusPath(w.a, "depth=3"));
    const auto listing = full.json();
    REQUIRE(listing["assets"].Size() == 6);
    // The default body is the one it always was; view=full names it.
    CHECK(keys(listing) == "asset_id,fqn,direction,depth,generation,assets,consumers,totals");
    const auto named = http.get(radiusPath(w.a, "depth=3&view=full"));
    CHECK(named.body == full.body);
    CHECK(named.header("etag") == full.header("etag"));

    for (const int limit : {1, 4, 6, 100}) {
        INFO("limit " << limit);
        std::vector<std::string> concatenated;
        long long offset = 0;
        int pages = 0;
        while (true) {
            const auto page = http.get(radiusPath(w.a, "depth=3&limit=" + std::to_string(limit) +
                                                           "&offset=" + std::to_string(offset)));
            REQUIRE(page.status == 200);
            const auto body = page.json();
            CHECK(keys(body) ==
                  "asset_id,fqn,direction,depth,generation,assets,total,limit,offset,next_offset,"
                  "consumers,totals");
            CHECK(num(body["total"]) == 6);
            CHECK(num(body["limit"]) == limit);
            CHECK(num(body["offset"]) == offset);
            CHECK(compact(body["consumers"]) == compact(listing["consumers"]));
            CHECK(compact(body["totals"]) == compact(listing["totals"]));
            for (const auto& asset : body["assets"].GetArray())
                concatenated.push_back(compact(asset));
            ++pages;
            if (body["next_offset"].IsNull()) break;
            REQUIRE(body["assets"].Size() == static_cast<rapidjson::SizeType>(limit));
            CHECK(num(body["next_offset"]) == offset + limit);
            offset = num(body["next_offset"]);
            REQUIRE(pages < 10);
        }
        CHECK(pages == (6 + limit - 1) / limit);
        std::vector<std::string> expected;
        for (const auto& asset : listing["assets"].GetArray()) expected.push_back(compact(asset));
        CHECK(concatenated == expected);
    }

    // Only an offset: the standard default limit (50). Past the end: an empty last page.
    const auto tail = http.get(radiusPath(w.a, "depth=3&offset=5")).json();
    CHECK(num(tail["limit"]) == 50);
    REQUIRE(tail["assets"].Size() == 1);
    CHECK(compact(tail["assets"][0]) == compact(listing["assets"][5]));
    CHECK(tail["next_offset"].IsNull());
    for (const std::string offset : {"6", "1000"}) {
        const auto past = http.get(radiusPath(w.a, "depth=3&limit=2&offset=" + offset)).json();
        CHECK(past["assets"].Size() == 0);
        CHECK(num(past["total"]) == 6);
        CHECK(past["next_offset"].IsNull());
    }
    // Upstream pages the upstream listing.
    const auto up = http.get(radiusPath(w.e, "direction=upstream&limit=3")).json();
    CHECK(num(up["total"]) == 4);
    CHECK(num(up["next_offset"]) == 3);
}

TEST_CASE("blast radius views: each view and page has its own ETag and 304",
          "[http][impact][views]") {
    const auto& http = sharedServer().client();
    const World w = buildWorld(http);
    const std::vector<std::string> queries = {"depth=3", "depth=3&view=summary", "depth=3&limit=2",
                                              "depth=3&limit=2&offset=2", "depth=3&limit=3"};
    std::map<std::string, std::string> tags;
    for (const std::string& query : queries) {
        INFO(query);
        const auto first = http.get(radiusPath(w.a, query));
        REQUIRE(first.status == 200);
        const std::string tag = first.header("etag");
        REQUIRE_FALSE(tag.empty());
        CHECK(first.header("cache-control") == "no-cache");
        for (const auto& [other, otherTag] : tags) CHECK(otherTag != tag);
        tags[query] = tag;
        const auto cached = http.get(radiusPath(w.a, query), {{"If-None-Match", tag}});
        CHECK(cached.status == 304);
        CHECK(cached.body.empty());
        CHECK(cached.header("etag") == tag);
    }
    // One view's tag does not validate another's.
    CHECK(http.get(radiusPath(w.a, "depth=3"), {{"If-None-Match", tags["depth=3&view=summary"]}})
              .status == 200);
    CHECK(http.get(radiusPath(w.a, "depth=3&view=summary"),
                   {{"If-None-Match", tags["depth=3&limit=2"]}})
              .status == 200);

    // A write changes the summary's tag and its totals.
    const std::string f = createTestAsset(http, w.u);
    dependsOn(http, f, w.a);
    const auto changed = http.get(radiusPath(w.a, "depth=3&view=summary"),
                                  {{"If-None-Match", tags["depth=3&view=summary"]}});
    REQUIRE(changed.status == 200);
    CHECK(changed.header("etag") != tags["depth=3&view=summary"]);
    CHECK(num(changed.json()["total_assets"]) == 7);
}

TEST_CASE("blast radius views: bad view, limit and offset are 422", "[http][impact][views]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    const auto bad = [&](const std::string& query) {
        INFO(query);
        return onlyIssue(http.get(radiusPath(asset, query)));
    };
    CHECK(bad("view=sideways") == "query.view enum");
    CHECK(bad("view=") == "query.view enum");
    CHECK(bad("view=Summary") == "query.view enum");
    CHECK(bad("limit=0") == "query.limit greater_than_equal");
    CHECK(bad("limit=101") == "query.limit less_than_equal");
    CHECK(bad("limit=ten") == "query.limit int_parsing");
    CHECK(bad("limit=") == "query.limit int_parsing");
    CHECK(bad("offset=-1") == "query.offset greater_than_equal");
    CHECK(bad("offset=1.5") == "query.offset int_parsing");
    // 01 §7: no upper bound on offset; past the end is an empty page.
    const auto far = http.get(radiusPath(asset, "offset=99999999999"));
    CHECK(far.status == 200);
    CHECK(far.json()["offset"].GetInt64() == 99999999999LL);
    CHECK(far.json()["assets"].Size() == 0);
    CHECK(bad("view=summary&limit=5") == "query.limit value_error");
    CHECK(bad("view=summary&offset=0") == "query.offset value_error");
    // Validation comes before the ETag: a bad view is 422 even with a matching tag.
    const std::string tag = http.get(radiusPath(asset, "view=summary")).header("etag");
    CHECK(http.get(radiusPath(asset, "view=bogus"), {{"If-None-Match", tag}}).status == 422);
    // Pagination errors are reported first, all of them together.
    const auto both = http.get(radiusPath(asset, "view=nope&limit=0")).json();
    REQUIRE(both["detail"].Size() == 2);
    CHECK(str(both["detail"][0], "type") == "greater_than_equal");
    CHECK(str(both["detail"][1], "type") == "enum");
}
