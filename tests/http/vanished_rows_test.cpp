// A row that vanishes between a handler's lookup and its UPDATE … RETURNING (a concurrent
// delete, an operator): the handler answers as if it had never found it, never reads a row
// that is not there. A BEFORE UPDATE trigger that skips the row stands in for the delete: the
// UPDATE then returns no row, deterministically, as it would after a delete committed in
// between.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// While alive, UPDATEs of the row `id` of `table` change nothing and return no row.
class UpdatesSkipped {
  public:
    UpdatesSkipped(const TestServer& server, std::string table, const std::string& id)
        : server_(server), table_(std::move(table)) {
        execSql(server_,
                "CREATE OR REPLACE FUNCTION public.tessera_test_skip_row() RETURNS trigger"
                " LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
        execSql(server_, "CREATE TRIGGER tessera_test_skip_row BEFORE UPDATE ON " + table_ +
                             " FOR EACH ROW WHEN (OLD.id = '" + id +
                             "') EXECUTE FUNCTION public.tessera_test_skip_row()");
    }
    ~UpdatesSkipped() { execSql(server_, "DROP TRIGGER tessera_test_skip_row ON " + table_); }
    UpdatesSkipped(const UpdatesSkipped&) = delete;
    UpdatesSkipped& operator=(const UpdatesSkipped&) = delete;

  private:
    const TestServer& server_;
    std::string table_;
};

}  // namespace

TEST_CASE("PATCH of a registration that vanished after the lookup is 404",
          "[http][registrations][vanished]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string asset = createTestAsset(http, producer);
    const std::string contract =
        publishContract(http, asset, producer, objectSchema(R"("id":{"type":"integer"})"));
    const std::string registration = registerConsumer(http, contract, consumer);

    const UpdatesSkipped vanished(server, "core.registrations", registration);
    CHECK(rejection(http.patch("/api/v1/registrations/" + registration,
                               R"({"status":"migrating"})")) == "404 REGISTRATION_NOT_FOUND");
}

TEST_CASE("restore of an asset that vanished after the lookup is 404", "[http][assets][vanished]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string asset = createTestAsset(http, createTestTeam(http));
    REQUIRE(http.del("/api/v1/assets/" + asset).status == 204);

    const UpdatesSkipped vanished(server, "core.assets", asset);
    CHECK(rejection(http.post("/api/v1/assets/" + asset + "/restore")) == "404 ASSET_NOT_FOUND");
}
