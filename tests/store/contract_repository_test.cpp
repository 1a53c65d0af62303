#include "store/contract_repository.hpp"

#include "store/asset_repository.hpp"
#include "store/registration_repository.hpp"
#include "store/sql_text.hpp"
#include "store/team_repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/migrated_database.hpp"

using namespace tessera;

namespace {

struct Fixture {
    testing::MigratedDatabase db;
    store::DbSession session{db.pool};
    store::ContractRepository contracts{session};
    std::string team;
    std::string asset;

    Fixture() {
        store::TeamRepository teams(session);
        team = teams.insert("producers", "{}").id;
        store::AssetRepository assets(session);
        asset = assets.insert({"db.sales.orders", team, std::nullopt, "production", "{}"}).id;
    }

    store::ContractRecord add(const std::string& version, const std::string& assetId = {}) {
        return contracts.insert({assetId.empty() ? asset : assetId, version,
                                 R"({"type":"object","properties":{"b":{},"a":{}}})", "backward",
                                 std::nullopt, team, std::nullopt});
    }
};

}  // namespace

TEST_CASE("the current contract is the active one published last", "[store][contracts]") {
    Fixture f;
    CHECK_FALSE(f.contracts.current(f.asset));
    const auto first = f.add("1.0.0");
    CHECK(first.status == "active");
    // The schema keeps its text (json, not jsonb); guarantees stay null.
    CHECK(first.schemaJson == R"({"type":"object","properties":{"b":{},"a":{}}})");
    CHECK_FALSE(first.guaranteesJson);
    CHECK(f.contracts.current(f.asset)->id == first.id);

    // Two active rows (never written by the service, possible in imported data): the latest.
    const auto second = f.add("1.1.0");
    CHECK(f.contracts.current(f.asset)->id == second.id);
    f.contracts.deprecate(second.id);
    CHECK(f.contracts.current(f.asset)->id == first.id);
    f.contracts.deprecate(first.id);
    CHECK_FALSE(f.contracts.current(f.asset));

    CHECK(f.contracts.findByVersion(f.asset, "1.1.0")->id == second.id);
    CHECK_FALSE(f.contracts.findByVersion(f.asset, "1.1"));
    const auto all = f.contracts.allForAsset(f.asset);
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == second.id);  // newest first
    CHECK(all[0].publishedAt > all[1].publishedAt);
}

TEST_CASE("a version is unique per asset", "[store][contracts]") {
    Fixture f;
    f.add("1.0.0");
    try {
        f.add("1.0.0");
        FAIL("expected a unique violation");
    } catch (const store::UniqueViolation& error) {
        CHECK(error.constraint() == "uq_contract_asset_version");
    }
}

TEST_CASE("contract lists: filters count in total", "[store][contracts]") {
    Fixture f;
    store::AssetRepository assets(f.session);
    const std::string other =
        assets.insert({"db.sales.refunds", f.team, std::nullopt, "production", "{}"}).id;
    const auto v1 = f.add("1.0.0");
    f.contracts.deprecate(v1.id);
    f.add("1.10.0");
    f.add("2.0.0", other);

    store::ContractFilter all;
    auto everything = f.contracts.list(all, 50, 0);
    CHECK(everything.total == 3);
    CHECK(everything.rows.at(0).assetFqn == "db.sales.refunds");  // newest first

    store::ContractFilter filter;
    filter.assetId = f.asset;
    filter.status = "active";
    filter.versionPattern = store::containsPattern("1.1");
    auto filtered = f.contracts.list(filter, 50, 0);
    CHECK(filtered.total == 1);
    CHECK(filtered.rows.at(0).contract.version == "1.10.0");
    filter.status = "deprecated";
    CHECK(f.contracts.list(filter, 50, 0).total == 0);

    auto forAsset = f.contracts.listForAsset(f.asset, 1, 0);
    CHECK(forAsset.total == 2);
    REQUIRE(forAsset.rows.size() == 1);
    CHECK(forAsset.rows[0].contract.version == "1.10.0");
    CHECK(forAsset.rows[0].publishedByTeamName == "producers");
    CHECK_FALSE(forAsset.rows[0].publishedByUserName);
}

TEST_CASE("registrations: filters and partial updates", "[store][registrations]") {
    Fixture f;
    store::RegistrationRepository registrations(f.session);
    const auto contract = f.add("1.0.0");
    const auto pinned = registrations.insert(contract.id, f.team, std::string("1.0.0"));
    const auto loose = registrations.insert(contract.id, f.team, std::nullopt);
    CHECK(pinned.status == "active");
    CHECK_FALSE(pinned.acknowledgedAt);

    auto updated = registrations.update(pinned.id, std::nullopt, std::string("migrating"));
    REQUIRE(updated);
    CHECK(updated->pinnedVersion == "1.0.0");  // null leaves the pin
    CHECK(updated->status == "migrating");

    store::RegistrationFilter migrating;
    migrating.status = "migrating";
    CHECK(registrations.list(migrating, 50, 0).total == 1);
    store::RegistrationFilter byContract;
    byContract.contractId = contract.id;
    auto page = registrations.list(byContract, 50, 0);
    CHECK(page.total == 2);
    auto named = registrations.listForContract(contract.id, 50, 0);
    CHECK(named.rows.at(0).consumerTeamName == "producers");

    registrations.remove(loose.id);
    CHECK_FALSE(registrations.find(loose.id));
    CHECK_FALSE(registrations.update(loose.id, std::nullopt, std::nullopt));
}
