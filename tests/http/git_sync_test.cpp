// Git sync over HTTP (spec 04 §4.1–§4.3): push writes the YAML layout of the spec's examples,
// pull reads any YAML back by id (soft-deleted rows too) in one transaction, and a malformed
// file fails the pull with a 4xx naming the file and the key, writing nothing.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/git_sync_examples.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;
namespace fs = std::filesystem;

namespace {

fs::path freshDirectory() {
    const fs::path dir = fs::temp_directory_path() / ("tessera-git-sync-" + uniqueSuffix());
    fs::remove_all(dir);
    return dir;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    INFO("reading " << path);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    INFO("replacing '" << from << "' in\n" << text);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The spec's example rows, written straight into Postgres (the ids are the spec's).
void insertExampleRows(const TestServer& server) {
    execSql(server,
            "INSERT INTO core.teams (id, name, metadata) VALUES"
            " ('11111111-1111-1111-1111-111111111111', 'data-platform', '{\"slack\": \"#dp\"}'),"
            " ('55555555-5555-5555-5555-555555555555', 'consumers', '{}')");
    execSql(server,
            "INSERT INTO core.assets (id, fqn, owner_team_id) VALUES"
            " ('22222222-2222-2222-2222-222222222222', 'analytics.public.users',"
            "  '11111111-1111-1111-1111-111111111111')");
    execSql(server,
            "INSERT INTO core.contracts (id, asset_id, version, schema, published_by) VALUES"
            " ('33333333-3333-3333-3333-333333333333', '22222222-2222-2222-2222-222222222222',"
            "  '1.0.0', '{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
            "\"required\":[]}', '11111111-1111-1111-1111-111111111111')");
    execSql(server,
            "INSERT INTO core.registrations (id, contract_id, consumer_team_id) VALUES"
            " ('44444444-4444-4444-4444-444444444444', '33333333-3333-3333-3333-333333333333',"
            "  '55555555-5555-5555-5555-555555555555')");
}

// "teams,assets,contracts,registrations" row counts, to show a failed pull wrote nothing.
std::string rowCounts(const TestServer& server) {
    std::string counts;
    for (const char* table : {"teams", "assets", "contracts", "registrations"}) {
        counts +=
            std::to_string(countRows(server, std::string("SELECT count(*) FROM core.") + table)) +
            " ";
    }
    return counts;
}

long long generation(const TestServer& server) {
    return countRows(server, "SELECT generation FROM core.graph_state");
}

std::string counts(const rapidjson::Value& body, const char* key) {
    const auto& c = body[key];
    return std::to_string(num(c["teams"])) + " " + std::to_string(num(c["assets"])) + " " +
           std::to_string(num(c["contracts"]));
}

}  // namespace

TEST_CASE("push writes the layout of the spec's examples", "[http][git_sync]") {
    const fs::path dir = freshDirectory() / "nested";  // created by the push
    TestServer server({{"GIT_SYNC_PATH", dir.string()}});
    const auto& http = server.client();
    insertExampleRows(server);
    // Soft-deleted rows and every contract status are exported too.
    execSql(server,
            "INSERT INTO core.teams (id, name, deleted_at) VALUES"
            " ('66666666-6666-6666-6666-666666666666', 'gone', now())");
    execSql(server,
            "INSERT INTO core.assets (id, fqn, owner_team_id, metadata, deleted_at) VALUES"
            " ('77777777-7777-7777-7777-777777777777', 'raw.s3/bucket.events',"
            "  '66666666-6666-6666-6666-666666666666', '{\"yes\": \"1.0\"}', now())");
    execSql(server,
            "INSERT INTO core.contracts (id, asset_id, version, schema, status, guarantees,"
            " published_by) VALUES ('88888888-8888-8888-8888-888888888888',"
            " '77777777-7777-7777-7777-777777777777', '2.0.0-rc.1', '{}', 'retired',"
            " '{\"freshness\": {\"max_staleness_minutes\": 60}}',"
            " '66666666-6666-6666-6666-666666666666')");

    auto response = http.post("/api/v1/sync/push");
    REQUIRE(response.status == 200);
    const auto body = response.json();
    CHECK(keys(body) == "status,path,exported");
    CHECK(str(body, "status") == "success");
    CHECK(str(body, "path") == dir.string());
    CHECK(keys(body["exported"]) == "teams,assets,contracts");
    CHECK(counts(body, "exported") == "3 2 2");

    CHECK(readFile(dir / "teams/data-platform.yaml") == kTeamExample);
    CHECK(readFile(dir / "assets/analytics_public_users.yaml") == kAssetExample);
    CHECK(readFile(dir / "teams/consumers.yaml") ==
          "id: 55555555-5555-5555-5555-555555555555\nname: consumers\nmetadata: {}\n");
    CHECK(readFile(dir / "teams/gone.yaml").find("name: gone\n") != std::string::npos);
    CHECK(readFile(dir / "assets/raw_s3__bucket_events.yaml") ==
          "id: 77777777-7777-7777-7777-777777777777\n"
          "fqn: raw.s3/bucket.events\n"
          "owner_team_id: 66666666-6666-6666-6666-666666666666\n"
          "metadata:\n"
          "  'yes': '1.0'\n"
          "contracts:\n"
          "- id: 88888888-8888-8888-8888-888888888888\n"
          "  version: 2.0.0-rc.1\n"
          "  schema: {}\n"
          "  compatibility_mode: backward\n"
          "  guarantees:\n"
          "    freshness:\n"
          "      max_staleness_minutes: 60\n"
          "  status: retired\n"
          "  registrations: []\n");

    // Files are overwritten, stale ones stay.
    writeFile(dir / "teams/stale.yaml", "x");
    execSql(server, "UPDATE core.teams SET metadata = '{}' WHERE name = 'data-platform'");
    REQUIRE(http.post("/api/v1/sync/push").status == 200);
    CHECK(readFile(dir / "teams/data-platform.yaml") ==
          "id: 11111111-1111-1111-1111-111111111111\nname: data-platform\nmetadata: {}\n");
    CHECK(fs::exists(dir / "teams/stale.yaml"));
    fs::remove_all(dir.parent_path());
}

TEST_CASE("pull reads the files back by id", "[http][git_sync]") {
    const fs::path dir = freshDirectory();
    TestServer server({{"GIT_SYNC_PATH", dir.string()}});
    const auto& http = server.client();

    SECTION("round trip: push, edit a file, pull, the API shows the edit") {
        const std::string owner = createTestTeam(http);
        const std::string consumer = createTestTeam(http);
        const std::string upstream = createTestAsset(http, owner);
        const std::string fqn = uniqueFqn("round");
        auto created = postAsset(http, owner, fqn);
        REQUIRE(created.status == 201);
        const std::string asset = str(created.json(), "id");
        dependsOn(http, asset, upstream);
        const std::string contract =
            publishContract(http, asset, owner, objectSchema(R"("id":{"type":"integer"})"));
        const std::string registration = registerConsumer(http, contract, consumer);
        // A name only an update allows (not the create pattern) goes out and back too.
        REQUIRE(http.patch("/api/v1/teams/" + consumer, R"({"name":"Ops & Data."})").status == 200);
        auto pushed = http.post("/api/v1/sync/push");
        REQUIRE(pushed.status == 200);
        CHECK(counts(pushed.json(), "exported") == "2 2 1");

        const std::string ownerName = str(http.get("/api/v1/teams/" + owner).json(), "name");
        const fs::path teamFile = dir / "teams" / (ownerName + ".yaml");
        writeFile(teamFile, replaced(readFile(teamFile), "metadata: {}", "metadata:\n  tier: '1'"));
        fs::path assetFile = dir / "assets";
        for (const auto& entry : fs::directory_iterator(assetFile)) {
            if (readFile(entry.path()).find(asset) != std::string::npos) assetFile = entry.path();
        }
        std::string text = readFile(assetFile);
        text = replaced(text, "fqn: " + fqn, "fqn: " + fqn + "_renamed");
        text = replaced(text, "metadata: {}", "metadata:\n  owner: \"me\"");
        text = replaced(text, "  status: active\n  registrations",
                        "  status: deprecated\n  registrations");
        text = replaced(text, "pinned_version: null", "pinned_version: 1.0.0");
        writeFile(assetFile, text);

        const long long before = generation(server);
        auto pulled = http.post("/api/v1/sync/pull");
        REQUIRE(pulled.status == 200);
        const auto body = pulled.json();
        CHECK(keys(body) == "status,path,imported");
        CHECK(str(body, "status") == "success");
        CHECK(str(body, "path") == dir.string());
        CHECK(keys(body["imported"]) == "teams,assets,contracts");
        CHECK(counts(body, "imported") == "2 2 1");
        CHECK(generation(server) == before + 1);  // one bump for the whole pull

        CHECK(str(http.get("/api/v1/teams/" + owner).json()["metadata"], "tier") == "1");
        CHECK(fs::exists(dir / "teams/Ops & Data..yaml"));
        CHECK(str(http.get("/api/v1/teams/" + consumer).json(), "name") == "Ops & Data.");
        const auto read = http.get("/api/v1/assets/" + asset).json();
        CHECK(str(read, "fqn") == fqn + "_renamed");
        CHECK(str(read["metadata"], "owner") == "me");
        CHECK(str(http.get("/api/v1/contracts/" + contract).json(), "status") == "deprecated");
        CHECK(str(http.get("/api/v1/registrations/" + registration).json(), "pinned_version") ==
              "1.0.0");
        // The index took the new FQN: the upstream's blast radius names it.
        const auto blast = http.get("/api/v1/assets/" + upstream + "/blast-radius").json();
        REQUIRE(blast["assets"].Size() == 1);
        CHECK(str(blast["assets"][0], "fqn") == fqn + "_renamed");

        // Pulling the same files again changes nothing: no generation bump.
        REQUIRE(http.post("/api/v1/sync/pull").status == 200);
        CHECK(generation(server) == before + 1);
    }

    SECTION("hand-written YAML in any style creates rows") {
        writeFile(dir / "teams/owners.yaml",
                  "{id: AAAAAAAA-0000-0000-0000-000000000001, name: owners}\n");
        writeFile(dir / "teams/readers.yaml",
                  "id: aaaaaaaa-0000-0000-0000-000000000002\nname: \"readers\"\n"
                  "metadata: {slack: '#readers'}\n");
        writeFile(dir / "teams/ignored.yml", "not: read");
        fs::create_directories(dir / "teams/folder.yaml");
        writeFile(dir / "assets/orders.yaml",
                  "id: bbbbbbbb-0000-0000-0000-000000000001\n"
                  "fqn: shop.public.orders\n"
                  "owner_team_id: aaaaaaaa-0000-0000-0000-000000000001\n"
                  "metadata:\n"
                  "    source: hand\n"
                  "contracts:\n"
                  "    - id: cccccccc-0000-0000-0000-000000000001\n"
                  "      version: '1.0.0'\n"
                  "      schema: {type: object, properties: {id: {type: integer}}}\n"
                  "      compatibility_mode: full\n"
                  "      status: active\n"
                  "      registrations:\n"
                  "        - id: dddddddd-0000-0000-0000-000000000001\n"
                  "          consumer_team_id: aaaaaaaa-0000-0000-0000-000000000002\n"
                  "          pinned_version: ~\n"
                  "          status: active\n");
        auto pulled = http.post("/api/v1/sync/pull");
        REQUIRE(pulled.status == 200);
        CHECK(counts(pulled.json(), "imported") == "2 1 1");

        const auto team = http.get("/api/v1/teams/aaaaaaaa-0000-0000-0000-000000000002").json();
        CHECK(str(team, "name") == "readers");
        CHECK(str(team["metadata"], "slack") == "#readers");
        const auto asset = http.get("/api/v1/assets/bbbbbbbb-0000-0000-0000-000000000001").json();
        CHECK(str(asset, "fqn") == "shop.public.orders");
        CHECK(str(asset, "environment") == "production");
        CHECK(str(asset["metadata"], "source") == "hand");
        const auto contract =
            http.get("/api/v1/contracts/cccccccc-0000-0000-0000-000000000001").json();
        CHECK(str(contract, "version") == "1.0.0");
        CHECK(str(contract, "compatibility_mode") == "full");
        CHECK(str(contract, "published_by") == "aaaaaaaa-0000-0000-0000-000000000001");
        CHECK(contract["guarantees"].IsNull());
        CHECK(http.get("/api/v1/registrations/dddddddd-0000-0000-0000-000000000001").status == 200);
        // The index has the new asset and its consumer.
        const auto blast =
            http.get("/api/v1/assets/bbbbbbbb-0000-0000-0000-000000000001/blast-radius");
        CHECK(blast.status == 200);
        // The schema kept its key order (a json column, written as the file has it).
        CHECK(countRows(
                  server,
                  "SELECT count(*) FROM core.contracts WHERE schema::text ="
                  " '{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}'") == 1);
    }

    SECTION("soft-deleted rows are updated and stay deleted; a missing folder is skipped") {
        const std::string team = createTestTeam(http);
        const std::string asset = createTestAsset(http, team);
        REQUIRE(http.del("/api/v1/assets/" + asset).status == 204);
        execSql(server, "UPDATE core.teams SET deleted_at = now() WHERE id = $1", team);
        REQUIRE(http.post("/api/v1/sync/push").status == 200);
        fs::path assetFile;
        for (const auto& entry : fs::directory_iterator(dir / "assets")) assetFile = entry.path();
        writeFile(assetFile, replaced(readFile(assetFile), "metadata: {}", "metadata: {k: v}"));
        for (const auto& entry : fs::directory_iterator(dir / "teams")) {
            writeFile(entry.path(),
                      replaced(readFile(entry.path()), "metadata: {}", "metadata: {k: w}"));
        }
        REQUIRE(http.post("/api/v1/sync/pull").status == 200);
        CHECK(countRows(server,
                        "SELECT count(*) FROM core.assets WHERE id = $1 AND deleted_at IS NOT NULL"
                        " AND metadata->>'k' = 'v'",
                        asset) == 1);
        CHECK(countRows(server,
                        "SELECT count(*) FROM core.teams WHERE id = $1 AND deleted_at IS NOT NULL"
                        " AND metadata->>'k' = 'w'",
                        team) == 1);

        fs::remove_all(dir / "assets");
        auto teamsOnly = http.post("/api/v1/sync/pull");
        REQUIRE(teamsOnly.status == 200);
        CHECK(counts(teamsOnly.json(), "imported") == "1 0 0");
    }
    fs::remove_all(dir);
}

TEST_CASE("a malformed file fails the pull, naming the file and the key", "[http][git_sync]") {
    const fs::path dir = freshDirectory();
    TestServer server({{"GIT_SYNC_PATH", dir.string()}});
    const auto& http = server.client();
    insertExampleRows(server);
    REQUIRE(http.post("/api/v1/sync/push").status == 200);
    execSql(server,
            "INSERT INTO core.teams (id, name) VALUES ('99999999-9999-9999-9999-999999999999',"
            " 'bystanders')");
    execSql(server,
            "INSERT INTO core.assets (id, fqn, owner_team_id) VALUES"
            " ('12121212-1212-1212-1212-121212121212', 'analytics.public.taken',"
            "  '99999999-9999-9999-9999-999999999999')");
    // A valid new team sorts first: it must not be written when a later file fails.
    writeFile(dir / "teams/a-new-team.yaml",
              "id: abababab-0000-0000-0000-000000000001\nname: a-new-team\n");
    const std::string rowsBefore = rowCounts(server);
    const long long generationBefore = generation(server);

    const std::string assetFile = "assets/analytics_public_users.yaml";
    struct Case {
        const char* what;
        std::string file;
        std::string text;
        int status;
        std::string path;
    };
    const std::string teamFile = "teams/data-platform.yaml";
    const std::vector<Case> cases = {
        {"YAML syntax", assetFile, replaced(kAssetExample, "metadata: {}", "metadata: {"), 400, ""},
        {"not a mapping", teamFile, "- just\n- a list\n", 422, ""},
        {"missing key", assetFile, replaced(kAssetExample, "fqn: analytics.public.users\n", ""),
         422, "fqn"},
        {"bad uuid", assetFile, replaced(kAssetExample, "id: 4444", "id: not-a-uuid-4444"), 422,
         "contracts[0].registrations[0].id"},
        {"bad enum", assetFile,
         replaced(kAssetExample, "compatibility_mode: backward", "compatibility_mode: sideways"),
         422, "contracts[0].compatibility_mode"},
        {"wrong type", assetFile, replaced(kAssetExample, "metadata: {}", "metadata: [1, 2]"), 422,
         "metadata"},
        {"a number for a string", teamFile,
         replaced(kTeamExample, "name: data-platform", "name: 42"), 422, "name"},
        {"invalid semver", assetFile, replaced(kAssetExample, "version: 1.0.0", "version: '1.0'"),
         422, "contracts[0].version"},
        {"invalid schema", assetFile, replaced(kAssetExample, "type: integer", "type: 12"), 422,
         "contracts[0].schema"},
        {"owner team missing", assetFile,
         replaced(kAssetExample, "owner_team_id: 1111", "owner_team_id: 0000"), 422,
         "owner_team_id"},
        {"consumer team missing", assetFile,
         replaced(kAssetExample, "consumer_team_id: 5555", "consumer_team_id: 0000"), 422,
         "contracts[0].registrations[0].consumer_team_id"},
        {"team name taken", teamFile,
         replaced(kTeamExample, "name: data-platform", "name: bystanders"), 422, "name"},
        {"fqn taken", assetFile,
         replaced(kAssetExample, "fqn: analytics.public.users", "fqn: analytics.public.taken"), 422,
         "fqn"},
        {"bad fqn for a new asset", assetFile,
         replaced(replaced(kAssetExample, "id: 2222", "id: 3232"), "fqn: analytics.public.users",
                  "fqn: no-dots"),
         422, "fqn"},
        {"contract of another asset", assetFile,
         replaced(replaced(kAssetExample, "id: 2222", "id: 3232"), "fqn: analytics.public.users",
                  "fqn: analytics.public.other"),
         422, "contracts[0].id"},
        {"bad name for a new team", "teams/a-new-team.yaml",
         "id: abababab-0000-0000-0000-000000000001\nname: 'a/new team!'\n", 422, "name"},
        {"duplicate key", teamFile, std::string(kTeamExample) + "name: again\n", 422, "name"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const std::string original = readFile(dir / c.file);
        writeFile(dir / c.file, c.text);
        auto response = http.post("/api/v1/sync/pull");
        INFO(response.body);
        CHECK(response.status == c.status);
        const auto body = response.json();
        CHECK(errorCode(body) == (c.status == 400 ? "BAD_REQUEST" : "VALIDATION_ERROR"));
        CHECK(errorMessage(body).find(c.file) != std::string::npos);
        const auto& details = body["error"]["details"];
        CHECK(str(details, "file") == c.file);
        CHECK(str(details, "path") == c.path);
        if (!c.path.empty()) CHECK(errorMessage(body).find(c.path) != std::string::npos);
        CHECK(rowCounts(server) == rowsBefore);
        CHECK(generation(server) == generationBefore);
        CHECK(http.get("/api/v1/teams/abababab-0000-0000-0000-000000000001").status == 404);
        if (c.status == 400) CHECK(num(details["line"]) == 6);
        writeFile(dir / c.file, original);
    }
    // The same files, repaired: the pull goes through.
    auto repaired = http.post("/api/v1/sync/pull");
    CHECK(repaired.status == 200);
    CHECK(counts(repaired.json(), "imported") == "3 1 1");
    CHECK(http.get("/api/v1/teams/abababab-0000-0000-0000-000000000001").status == 200);
    fs::remove_all(dir);
}

TEST_CASE("git sync needs GIT_SYNC_PATH, an existing directory and the admin scope",
          "[http][git_sync]") {
    SECTION("not configured") {
        TestServer server;
        for (const char* route : {"/api/v1/sync/push", "/api/v1/sync/pull"}) {
            auto response = server.client().post(route);
            CHECK(response.status == 400);
            CHECK(errorCode(response.json()) == "BAD_REQUEST");
            CHECK(errorMessage(response.json()) ==
                  "GIT_SYNC_PATH not configured. Set the GIT_SYNC_PATH environment variable.");
        }
    }
    SECTION("pull of a missing directory, scopes") {
        const fs::path dir = freshDirectory();
        SecuredServer secured({{"GIT_SYNC_PATH", dir.string()}});
        const std::string team = secured.createTeam("syncers");
        const std::string admin = secured.createKey(team, R"(["admin"])");
        auto missing = secured.http().post("/api/v1/sync/pull", "", bearer(admin));
        CHECK(missing.status == 404);
        CHECK(errorCode(missing.json()) == "SYNC_PATH_NOT_FOUND");
        CHECK(errorMessage(missing.json()) == "Sync path not found: " + dir.string());

        const std::string writer = secured.createKey(team, R"(["read","write"])");
        for (const char* route : {"/api/v1/sync/push", "/api/v1/sync/pull"}) {
            auto denied = secured.http().post(route, "", bearer(writer));
            CHECK(denied.status == 403);
            CHECK(errorCode(denied.json()) == "INSUFFICIENT_SCOPE");
        }
        CHECK_FALSE(fs::exists(dir));  // the refused push wrote nothing
        auto pushed = secured.http().post("/api/v1/sync/push", "", bearer(admin));
        CHECK(pushed.status == 200);
        CHECK(fs::exists(dir / "teams/syncers.yaml"));
        fs::remove_all(dir);
    }
}
