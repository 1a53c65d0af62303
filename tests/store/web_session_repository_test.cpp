#include "store/web_session_repository.hpp"

#include <pqxx/pqxx>

#include "core/timestamp.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/migrated_database.hpp"

using namespace tessera;

namespace {

// A user row; returns its id.
std::string addUser(const testing::MigratedDatabase& db, const std::string& email,
                    const char* passwordHash, bool deactivated = false) {
    pqxx::connection connection(db.database.url());
    pqxx::nontransaction query(connection);
    const auto team =
        query
            .exec1("INSERT INTO core.teams (name) VALUES ('t-" + email + "') RETURNING id::text")[0]
            .as<std::string>();
    return query
        .exec_params1(
            "INSERT INTO core.users (email, name, password_hash, role, team_id,"
            " deactivated_at) VALUES ($1, 'Name', $2, 'team_admin', $3,"
            " CASE WHEN $4 THEN now() END) RETURNING id::text",
            email, passwordHash, team, deactivated)[0]
        .as<std::string>();
}

int64_t inSeconds(int64_t seconds) {
    return core::currentEpochMicros() + seconds * 1000000;
}

}  // namespace

TEST_CASE("login candidates: active users by exact e-mail, with their hash", "[store][web]") {
    testing::MigratedDatabase db;
    const std::string id = addUser(db, "a@example.com", "$argon2id$x");
    addUser(db, "nohash@example.com", nullptr);
    addUser(db, "gone@example.com", "$argon2id$y", true);
    store::DbSession session(db.pool);
    store::WebSessionRepository sessions(session);

    const auto found = sessions.findLoginCandidate("a@example.com");
    REQUIRE(found);
    CHECK(found->userId == id);
    CHECK(found->passwordHash == "$argon2id$x");
    CHECK_FALSE(sessions.findLoginCandidate("A@example.com"));
    CHECK_FALSE(sessions.findLoginCandidate("gone@example.com"));
    const auto noHash = sessions.findLoginCandidate("nohash@example.com");
    REQUIRE(noHash);
    CHECK_FALSE(noHash->passwordHash);
}

TEST_CASE("sessions: live until they expire, are removed, or their user is deactivated",
          "[store][web]") {
    testing::MigratedDatabase db;
    const std::string id = addUser(db, "s@example.com", "$argon2id$x");
    {
        store::DbSession session(db.pool);
        store::WebSessionRepository sessions(session);
        sessions.insert("live", id, inSeconds(3600));
        sessions.insert("expired", id, inSeconds(-1));
        sessions.insert("removed", id, inSeconds(3600));
        session.commit();
    }
    store::DbSession session(db.pool);
    store::WebSessionRepository sessions(session);
    const auto live = sessions.findLive("live");
    REQUIRE(live);
    CHECK(live->userId == id);
    CHECK(live->email == "s@example.com");
    CHECK(live->role == "team_admin");
    CHECK(live->teamId.has_value());
    CHECK_FALSE(sessions.findLive("expired"));
    CHECK_FALSE(sessions.findLive("unknown"));

    sessions.remove("removed");
    CHECK_FALSE(sessions.findLive("removed"));
    sessions.removeExpired();
    CHECK(session.execRaw("SELECT count(*) FROM core.web_sessions")[0][0].as<int>() == 1);

    session.execRaw("UPDATE core.users SET deactivated_at = now()");
    CHECK_FALSE(sessions.findLive("live"));
}
