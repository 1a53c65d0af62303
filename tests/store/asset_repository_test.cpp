#include "store/asset_repository.hpp"

#include <algorithm>

#include "store/contract_repository.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/migrated_database.hpp"

using namespace tessera;

namespace {

store::AssetInsert assetNamed(const std::string& fqn, const std::string& teamId,
                              const std::string& environment = "production") {
    return store::AssetInsert{fqn, teamId, std::nullopt, environment, "{}"};
}

struct Fixture {
    testing::MigratedDatabase db;
    store::DbSession session{db.pool};
    store::TeamRepository teams{session};
    store::AssetRepository assets{session};

    std::string addUser(const std::string& email, const std::optional<std::string>& teamId) {
        store::NewUser user;
        user.email = email;
        user.name = email.substr(0, email.find('@'));
        user.teamId = teamId;
        return store::UserRepository(session).insert(user).id;
    }
};

std::vector<std::string> fqns(const store::PageOf<store::AssetDetail>& page) {
    std::vector<std::string> names;
    for (const auto& row : page.rows) names.push_back(row.asset.fqn);
    return names;
}

}  // namespace

TEST_CASE("asset rows: insert, lookups, soft delete, restore", "[store][assets]") {
    Fixture f;
    auto& teams = f.teams;
    auto& assets = f.assets;
    const std::string team = teams.insert("owners", "{}").id;

    auto asset = assets.insert({"db.sales.orders", team, std::nullopt, "production", R"({"a":1})"});
    CHECK(asset.guaranteeMode == "notify");
    CHECK_FALSE(asset.deleted);
    CHECK(asset.metadataJson == R"({"a": 1})");
    CHECK(assets.holderOfName("db.sales.orders", "production") == false);
    CHECK_FALSE(assets.holderOfName("db.sales.orders", "dev").has_value());

    assets.softDelete(asset.id);
    CHECK_FALSE(assets.findActive(asset.id));
    CHECK(assets.findIncludingDeleted(asset.id)->deleted);
    CHECK(assets.lockIncludingDeleted(asset.id)->deleted);
    CHECK(assets.holderOfName("db.sales.orders", "production") == true);
    CHECK_FALSE(assets.update(asset.id, {}));  // deleted assets are not updated
    CHECK_FALSE(assets.restore(asset.id)->deleted);
    CHECK(assets.findActive(asset.id));

    try {
        assets.insert(assetNamed("db.sales.orders", team));
        FAIL("expected a unique violation");
    } catch (const store::UniqueViolation& error) {
        CHECK(error.constraint() == "uq_asset_fqn_environment");
    }
}

TEST_CASE("asset list: filters, sort keys, active contract version", "[store][assets]") {
    Fixture f;
    auto& teams = f.teams;
    auto& assets = f.assets;
    store::ContractRepository contracts(f.session);
    const std::string alpha = teams.insert("alpha", "{}").id;
    const std::string beta = teams.insert("beta", "{}").id;
    const std::string userId = f.addUser("Una@example.com", alpha);

    const auto orders = assets.insert({"db.sales.orders", alpha, userId, "production", "{}"});
    const auto refunds = assets.insert(assetNamed("db.sales.refunds", beta));
    assets.insert(assetNamed("db.sales.orders", alpha, "dev"));
    assets.insert(assetNamed("db.sales_x.items", beta));
    const auto gone = assets.insert(assetNamed("db.sales.gone", beta));
    assets.softDelete(gone.id);

    const std::string schema = R"({"type":"object"})";
    const auto v1 = contracts.insert(
        {orders.id, "1.0.0", schema, "backward", std::nullopt, alpha, std::nullopt});
    contracts.deprecate(v1.id);
    contracts.insert({orders.id, "1.1.0", schema, "backward", std::nullopt, alpha, std::nullopt});
    contracts.insert({refunds.id, "2.0.0", schema, "backward", std::nullopt, beta, std::nullopt});
    contracts.deprecate(contracts.current(refunds.id)->id);

    store::AssetFilter all;
    auto page = assets.list(all, store::AssetSort::Fqn, false, 50, 0);
    CHECK(page.total == 4);
    CHECK(fqns(page) == std::vector<std::string>{"db.sales.orders", "db.sales.orders",
                                                 "db.sales.refunds", "db.sales_x.items"});
    for (const auto& row : page.rows) {
        if (row.asset.id == orders.id) {
            CHECK(row.activeContractVersion == "1.1.0");
            CHECK(row.ownerTeamName == "alpha");
            CHECK(row.ownerUserName == "Una");
            CHECK(row.ownerUserEmail == "Una@example.com");
        } else {
            CHECK_FALSE(row.activeContractVersion);  // none, or only deprecated ones
        }
    }

    store::AssetFilter escaped;
    escaped.fqnPattern = store::containsPattern("SALES_");
    CHECK(fqns(assets.list(escaped, store::AssetSort::Fqn, false, 50, 0)) ==
          std::vector<std::string>{"db.sales_x.items"});

    store::AssetFilter filtered;
    filtered.ownerTeamId = alpha;
    filtered.environment = "production";
    auto alphaProd = assets.list(filtered, store::AssetSort::Fqn, false, 50, 0);
    CHECK(alphaProd.total == 1);
    CHECK(alphaProd.rows.at(0).asset.id == orders.id);

    store::AssetFilter unowned;
    unowned.unownedOnly = true;
    CHECK(assets.list(unowned, store::AssetSort::Fqn, false, 50, 0).total == 3);
    store::AssetFilter byUser;
    byUser.ownerUserId = userId;
    CHECK(assets.list(byUser, store::AssetSort::Fqn, false, 50, 0).total == 1);

    CHECK(assets.list(all, store::AssetSort::OwnerTeamName, true, 50, 0)
              .rows.at(0)
              .asset.ownerTeamId == beta);
    CHECK(assets.list(all, store::AssetSort::OwnerUserName, false, 50, 0).rows.at(0).asset.id ==
          orders.id);
    CHECK(assets.list(all, store::AssetSort::CreatedAt, true, 50, 0).rows.size() == 4);
    auto second = assets.list(all, store::AssetSort::Fqn, true, 1, 1);
    CHECK(second.total == 4);
    REQUIRE(second.rows.size() == 1);
    CHECK(second.rows[0].asset.fqn == "db.sales.refunds");
}

TEST_CASE("asset search and owner-user assignment", "[store][assets]") {
    Fixture f;
    auto& teams = f.teams;
    auto& assets = f.assets;
    const std::string team = teams.insert("search", "{}").id;
    const auto a = assets.insert(assetNamed("lake.raw.events", team));
    const auto b = assets.insert(assetNamed("lake.raw.users", team, "dev"));
    const auto c = assets.insert(assetNamed("lake.mart.events", team));
    assets.softDelete(c.id);

    auto found = assets.search(store::containsPattern("RAW"), std::nullopt, std::nullopt, 50, 0);
    CHECK(found.total == 2);
    REQUIRE(found.rows.size() == 2);
    CHECK(found.rows[0].fqn == "lake.raw.events");
    CHECK(found.rows[0].ownerTeamName == "search");
    CHECK(assets.search(store::containsPattern("raw"), team, std::string("dev"), 50, 0).total == 1);

    const std::string userId = f.addUser("Bo@example.com", std::nullopt);
    auto updated = assets.assignOwnerUser({a.id, b.id, c.id, a.id}, userId);
    std::sort(updated.begin(), updated.end());
    std::vector<std::string> expected{a.id, b.id};
    std::sort(expected.begin(), expected.end());
    CHECK(updated == expected);  // each once, deleted ones skipped
    CHECK(assets.findActive(a.id)->ownerUserId == userId);
    CHECK(assets.assignOwnerUser({a.id}, std::nullopt).size() == 1);
    CHECK_FALSE(assets.findActive(a.id)->ownerUserId);
}
