// /api/v1/users and team membership (spec 01 §10.7–§11) over HTTP.
#include <pqxx/pqxx>

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

std::string createTeam(const HttpClient& http, const std::string& name) {
    auto response = http.post("/api/v1/teams", R"({"name":")" + name + "\"}");
    REQUIRE(response.status == 201);
    return str(response.json(), "id");
}

HttpResult createUser(const HttpClient& http, const std::string& fields) {
    return http.post("/api/v1/users", "{" + fields + "}");
}

}  // namespace

TEST_CASE("create a user: normalised e-mail, trimmed name, never the password", "[http][users]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string teamId = createTeam(http, "users-" + suffix);
    auto response = createUser(http, R"("email":"Jane.)" + suffix +
                                         R"(@Example.COM","name":"  Jane Doe ","team_id":")" +
                                         teamId + R"(","password":"s3cret","role":"team_admin")");
    REQUIRE(response.status == 201);
    auto user = response.json();
    CHECK(keys(user) ==
          "id,email,name,role,team_id,metadata,notification_preferences,created_at,deactivated_at");
    CHECK(str(user, "email") == "Jane." + suffix + "@example.com");
    CHECK(str(user, "name") == "Jane Doe");
    CHECK(str(user, "role") == "team_admin");
    CHECK(user["deactivated_at"].IsNull());
    CHECK(response.body.find("s3cret") == std::string::npos);
    CHECK(response.body.find("password") == std::string::npos);

    pqxx::connection connection(sharedServer().databaseUrl());
    pqxx::nontransaction query(connection);
    CHECK(
        query.exec_params1("SELECT password_hash FROM core.users WHERE id = $1", str(user, "id"))[0]
            .as<std::string>()
            .rfind("$argon2id$", 0) == 0);
}

TEST_CASE("user validation and conflicts", "[http][users]") {
    const auto& http = sharedServer().client();
    const std::string email = "dup." + uniqueSuffix() + "@example.com";
    REQUIRE(createUser(http, R"("email":")" + email + R"(","name":"Dup")").status == 201);
    const RowCounts rows(sharedServer());

    auto duplicate = createUser(http, R"("email":")" + email + R"(","name":"Dup")");
    CHECK(rejection(duplicate) == "409 DUPLICATE_USER");
    CHECK(errorMessage(duplicate.json()) == "User with email '" + email + "' already exists");

    auto badEmail = createUser(http, R"("email":"nobody","name":"Nobody")");
    CHECK(rejection(badEmail) == "422 value_error");
    CHECK(str(badEmail.json()["detail"][0], "msg") ==
          "value is not a valid email address: An email address must have an @-sign.");

    CHECK(rejection(createUser(http, R"("email":"n1@example.com","name":"R2D2")")) ==
          "422 value_error");
    CHECK(
        rejection(createUser(http, R"("email":"n2@example.com","name":"Pat","password":"abc")")) ==
        "422 string_too_short");
    CHECK(rejection(createUser(http, R"("email":"n3@example.com","name":"Pat","role":"root")")) ==
          "422 enum");

    auto unknownTeam = createUser(
        http,
        R"("email":"n4@example.com","name":"Pat","team_id":"00000000-0000-0000-0000-000000000000")");
    CHECK(rejection(unknownTeam) == "404 NOT_FOUND");
    CHECK(errorMessage(unknownTeam.json()) == "Team not found");
    CHECK(rows.changes() == "");
}

TEST_CASE("a rejected user update changes nothing", "[http][users]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    auto taken =
        createUser(http, R"("email":"taken.)" + suffix + R"(@example.com","name":"Taken")");
    auto created =
        createUser(http, R"("email":"mine.)" + suffix + R"(@example.com","name":"Mine")");
    REQUIRE(taken.status == 201);
    REQUIRE(created.status == 201);
    const std::string path = "/api/v1/users/" + str(created.json(), "id");
    const std::string before = http.get(path).body;
    const RowCounts rows(sharedServer());

    CHECK(rejection(http.patch(path, R"({"email":"taken.)" + suffix + R"(@example.com"})")) ==
          "409 DUPLICATE_USER");
    CHECK(rejection(http.patch(path, R"({"name":"Mine","email":"nobody"})")) == "422 value_error");
    CHECK(rejection(http.patch(path, R"({"name":"Renamed","role":"root"})")) == "422 enum");
    CHECK(rejection(http.patch(
              path, R"({"name":"Renamed","team_id":"00000000-0000-0000-0000-000000000000"})")) ==
          "404 NOT_FOUND");
    CHECK(http.get(path).body == before);
    CHECK(rows.changes() == "");
}

TEST_CASE("get, list, update, deactivate and reactivate users", "[http][users]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string teamId = createTeam(http, "crew-" + suffix);
    auto created =
        createUser(http, R"("email":"ann.)" + suffix + R"(@example.com","name":"Ann","team_id":")" +
                             teamId + R"(","metadata":{"k":1})");
    REQUIRE(created.status == 201);
    const std::string id = str(created.json(), "id");

    auto got = http.get("/api/v1/users/" + id).json();
    CHECK(str(got, "team_name") == "crew-" + suffix);
    CHECK(got["metadata"].ObjectEmpty());  // quirk of spec 01 §11.3

    auto listed = http.get("/api/v1/users?email=" + suffix).json();
    REQUIRE(num(listed["total"]) == 1);
    CHECK(num(listed["results"][0]["metadata"]["k"]) == 1);
    CHECK(num(listed["results"][0]["asset_count"]) == 0);
    CHECK(str(listed["results"][0], "team_name") == "crew-" + suffix);
    CHECK(num(http.get("/api/v1/users?team_id=" + teamId).json()["total"]) == 1);

    auto members = http.get("/api/v1/teams/" + teamId + "/members").json();
    REQUIRE(num(members["total"]) == 1);
    CHECK(keys(members["results"][0]) ==
          "id,email,name,role,team_id,metadata,notification_preferences,created_at,deactivated_at");

    auto patched = http.patch("/api/v1/users/" + id,
                              R"({"name":"Ann B","notification_preferences":{"email":false}})");
    REQUIRE(patched.status == 200);
    CHECK(str(patched.json(), "name") == "Ann B");
    CHECK(patched.json()["notification_preferences"]["email"].IsFalse());
    CHECK(num(patched.json()["metadata"]["k"]) == 1);

    CHECK(http.del("/api/v1/users/" + id).status == 204);
    CHECK(http.get("/api/v1/users/" + id).status == 404);
    CHECK(http.del("/api/v1/users/" + id).status == 404);
    CHECK(num(http.get("/api/v1/users?email=" + suffix).json()["total"]) == 0);
    CHECK(num(http.get("/api/v1/users?email=" + suffix + "&include_deactivated=true")
                  .json()["total"]) == 1);
    CHECK(num(http.get("/api/v1/teams/" + teamId + "/members").json()["total"]) == 0);

    auto reactivated = http.post("/api/v1/users/" + id + "/reactivate");
    CHECK(reactivated.status == 200);
    CHECK(reactivated.json()["deactivated_at"].IsNull());
    CHECK(http.post("/api/v1/users/00000000-0000-0000-0000-000000000000/reactivate").status == 404);
}

TEST_CASE("members of an unknown team is a NOT_FOUND 404", "[http][users]") {
    auto response =
        sharedServer().client().get("/api/v1/teams/00000000-0000-0000-0000-000000000000/members");
    CHECK(response.status == 404);
    CHECK(errorCode(response.json()) == "NOT_FOUND");
    CHECK(errorMessage(response.json()) == "Team not found");
}

TEST_CASE("reassign a team's assets", "[http][teams]") {
    const auto& server = sharedServer();
    const auto& http = server.client();
    const std::string suffix = uniqueSuffix();
    const std::string source = createTeam(http, "src-" + suffix);
    const std::string target = createTeam(http, "dst-" + suffix);
    std::vector<std::string> assets;
    {
        pqxx::connection connection(server.databaseUrl());
        pqxx::work tx(connection);
        for (int i = 0; i < 3; ++i) {
            assets.push_back(
                tx.exec_params1("INSERT INTO core.assets (fqn, owner_team_id) VALUES ($1, $2)"
                                " RETURNING id::text",
                                "db.s.t" + std::to_string(i) + "_" + suffix, source)[0]
                    .as<std::string>());
        }
        tx.commit();
    }
    const std::string path = "/api/v1/teams/" + source + "/reassign-assets";
    auto one = http.post(
        path, R"({"target_team_id":")" + target + R"(","asset_ids":[")" + assets[0] + R"("]})");
    REQUIRE(one.status == 200);
    auto body = one.json();
    CHECK(keys(body) == "reassigned,source_team,target_team,asset_ids");
    CHECK(num(body["reassigned"]) == 1);
    CHECK(str(body["target_team"], "name") == "dst-" + suffix);

    auto rest = http.post(path, R"({"target_team_id":")" + target + R"(","asset_ids":[]})");
    CHECK(num(rest.json()["reassigned"]) == 2);
    auto nothing = http.post(path, R"({"target_team_id":")" + target + R"("})");
    CHECK(num(nothing.json()["reassigned"]) == 0);
    CHECK_FALSE(nothing.json().HasMember("asset_ids"));

    auto same = http.post(path, R"({"target_team_id":")" + source + R"("})");
    CHECK(same.status == 400);
    CHECK(errorMessage(same.json()) == "Source and target team cannot be the same");
    auto noTarget = http.post(path, R"({"target_team_id":"00000000-0000-0000-0000-000000000000"})");
    CHECK(errorMessage(noTarget.json()) == "Target team not found");
    auto noSource = http.post("/api/v1/teams/00000000-0000-0000-0000-000000000000/reassign-assets",
                              R"({"target_team_id":")" + target + R"("})");
    CHECK(errorMessage(noSource.json()) == "Source team not found");
}
