// The id table behind the index: dense slots in insertion order, single and batched lookups.
#include "graph/uuid_interner.hpp"

#include <random>
#include <vector>

#include "tests/support/catch.hpp"

using tessera::graph::Uuid;
using tessera::graph::UuidInterner;

TEST_CASE("UuidInterner numbers ids densely and finds them one by one or in batches",
          "[graph][interner]") {
    UuidInterner interner;
    std::vector<uint32_t> none(3, 0);
    const std::vector<Uuid> early = {Uuid{1, 2}, Uuid{3, 4}, Uuid{5, 6}};
    interner.findMany(early.data(), early.size(), none.data());  // empty table
    CHECK(none == std::vector<uint32_t>(3, UuidInterner::kNotFound));

    std::mt19937_64 random(7);
    std::vector<Uuid> ids;
    for (int i = 0; i < 5000; ++i) ids.push_back(Uuid{random(), random()});
    for (uint32_t i = 0; i < ids.size(); ++i) {
        const auto [slot, added] = interner.intern(ids[i]);
        CHECK(slot == i);
        CHECK(added);
    }
    CHECK(interner.intern(ids[42]) == std::pair<uint32_t, bool>{42, false});

    // A batch that is not a multiple of the prefetch group, mixing known and unknown ids.
    std::vector<Uuid> queries;
    std::vector<uint32_t> expected;
    for (int i = 0; i < 1001; ++i) {
        if (i % 3 == 0) {
            queries.push_back(Uuid{random(), random()});
            expected.push_back(UuidInterner::kNotFound);
        } else {
            const uint32_t slot = static_cast<uint32_t>(random() % ids.size());
            queries.push_back(ids[slot]);
            expected.push_back(slot);
        }
    }
    std::vector<uint32_t> found(queries.size(), 0);
    interner.findMany(queries.data(), queries.size(), found.data());
    CHECK(found == expected);
    for (size_t i = 0; i < queries.size(); ++i) CHECK(interner.find(queries[i]) == expected[i]);
}
