// The paths a contract's guarantees promise, and which of them failed results break (issue 21).
#include "core/guarantee_promises.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::core;

namespace {

rapidjson::Document parse(const char* text) {
    rapidjson::Document document;
    document.Parse(text);
    return document;
}

}  // namespace

TEST_CASE("promised guarantee paths follow the guarantee diff's categories", "[guarantees]") {
    const auto guarantees =
        parse(R"({"custom":{"owner":1},"freshness":{"hours":1},"volume":null,)"
              R"("accepted_values":{"status":["a"]},"nullability":{"id":"never","email":"never"},)"
              R"("uniqueness":{"id":true},"expressions":"not an object"})");
    CHECK(promisedGuaranteePaths(guarantees) ==
          std::vector<std::string>{"nullability.id", "nullability.email", "uniqueness.id",
                                   "accepted_values.status", "freshness", "custom.owner"});
    CHECK(promisedGuaranteePaths(parse("null")).empty());
    CHECK(promisedGuaranteePaths(parse(R"({"freshness":null,"nullability":null})")).empty());
}

TEST_CASE("violated guarantees are the promised paths among the failures", "[guarantees]") {
    const std::vector<std::string> promised = {"nullability.id", "freshness", "custom.owner"};
    CHECK(violatedGuarantees(promised, {"freshness", "row_count", "nullability.id", "freshness"}) ==
          std::vector<std::string>{"nullability.id", "freshness"});
    CHECK(violatedGuarantees(promised, {"not_null_id", "Freshness"}).empty());
    CHECK(violatedGuarantees({}, {"freshness"}).empty());
}
