// The rendered-body cache's rules (server/cache/rendered_body_cache.hpp): found only at the
// revision it was stored at, a newer revision drops the older ones, bounded by bytes with the
// least recently used evicted, large bodies not kept; and SharedBody's gzip form made once.
#include <string>

#include "server/cache/rendered_body_cache.hpp"
#include "server/http/response_compression.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/gunzip.hpp"

using tessera::server::RenderedBodyCache;
using tessera::server::SharedBody;

namespace {

std::shared_ptr<const SharedBody> body(size_t bytes, char fill = 'x') {
    return std::make_shared<const SharedBody>(std::string(bytes, fill));
}

}  // namespace

TEST_CASE("rendered bodies are found only at their revision", "[render_cache]") {
    RenderedBodyCache cache(1000, nullptr);
    const auto a = body(10);
    cache.store("a", 5, a);
    CHECK(cache.find("a", 5) == a);
    CHECK(cache.find("a", 6) == nullptr);
    CHECK(cache.find("b", 5) == nullptr);

    cache.store("a", 4, body(10, 'o'));  // rendered before a change already seen: ignored
    CHECK(cache.find("a", 5) == a);

    const auto b = body(20);
    cache.store("b", 6, b);  // a newer revision drops every older entry
    CHECK(cache.find("a", 5) == nullptr);
    CHECK(cache.find("b", 6) == b);
    CHECK(cache.usage().entries == 1);
    CHECK(cache.usage().bytes == 20);

    const auto again = body(20, 'z');
    cache.store("b", 6, again);  // two renders of one body: the first stays
    CHECK(cache.find("b", 6) == b);
}

TEST_CASE("rendered bodies are bounded by bytes, least recently used out first", "[render_cache]") {
    RenderedBodyCache cache(1000, nullptr);
    cache.store("a", 1, body(200));
    cache.store("b", 1, body(200));
    cache.store("c", 1, body(200));
    cache.store("d", 1, body(200));
    REQUIRE(cache.find("a", 1) != nullptr);  // a is now the most recent
    cache.store("e", 1, body(250));          // 1050 > 1000: b, the least recent, goes
    CHECK(cache.find("b", 1) == nullptr);
    CHECK(cache.find("a", 1) != nullptr);
    CHECK(cache.find("e", 1) != nullptr);
    CHECK(cache.usage().bytes == 850);

    cache.store("huge", 1, body(251));  // over a quarter of the bound: not kept
    CHECK(cache.find("huge", 1) == nullptr);
    CHECK(cache.usage().entries == 4);

    RenderedBodyCache off(0, nullptr);
    CHECK_FALSE(off.enabled());
    off.store("a", 1, body(1));
    CHECK(off.find("a", 1) == nullptr);
}

TEST_CASE("a shared body is gzipped once per level", "[render_cache]") {
    std::string json = "[";
    for (int i = 0; i < 500; ++i)
        json += R"({"asset":"warehouse.table_)" + std::to_string(i) + "\"},";
    json += "{}]";
    const SharedBody shared(json);
    const auto first = shared.gzipped(1);
    REQUIRE(first != nullptr);
    CHECK(shared.gzipped(1) == first);  // the same bytes, not a second compression
    CHECK(tessera::testing::gunzip(std::string(first->bytes())) == json);
    const auto best = shared.gzipped(9);
    REQUIRE(best != nullptr);
    CHECK(best != first);
    CHECK(tessera::testing::gunzip(std::string(best->bytes())) == json);

    const SharedBody tiny("x");  // gzip's header alone is larger: no gzip form
    CHECK(tiny.gzipped(1) == nullptr);
    CHECK(tiny.gzipped(1) == nullptr);
}
