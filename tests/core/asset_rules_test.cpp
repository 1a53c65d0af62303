#include "core/asset_rules.hpp"
#include "tests/support/catch.hpp"

using tessera::core::isValidFqn;

TEST_CASE("FQN pattern: dot-separated identifier segments", "[core][assets]") {
    CHECK(isValidFqn("db.schema.table"));
    CHECK(isValidFqn("a.b"));
    CHECK(isValidFqn("_raw.Orders_2024"));
    CHECK(isValidFqn("warehouse.analytics.fct_orders.v2"));

    CHECK_FALSE(isValidFqn("orders"));           // one segment
    CHECK_FALSE(isValidFqn("db..table"));        // empty segment
    CHECK_FALSE(isValidFqn(".db.table"));        // leading dot
    CHECK_FALSE(isValidFqn("db.table."));        // trailing dot
    CHECK_FALSE(isValidFqn("1db.table"));        // digit first
    CHECK_FALSE(isValidFqn("db.9table"));        // digit first in a later segment
    CHECK_FALSE(isValidFqn("db.my-table"));      // hyphen
    CHECK_FALSE(isValidFqn("db.my table"));      // space
    CHECK_FALSE(isValidFqn("db.table\n"));       // no trailing newline
    CHECK_FALSE(isValidFqn("d\xc3\xa9.table"));  // non-ASCII letter
    CHECK_FALSE(isValidFqn(""));
}
