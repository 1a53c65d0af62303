// WAP report rules (spec 04 §2.2, §2.3): size limits, count auto-fill, failed guarantees.
#include "core/audit_runs.hpp"

#include <string>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

// An object whose json.dumps length is exactly `length`: {"k": "xxx…"} is 9 + n characters.
std::string objectOfLength(size_t length) {
    return R"({"k":")" + std::string(length - 9, 'x') + "\"}";
}

}  // namespace

TEST_CASE("metadata and details size limits count json.dumps characters", "[audit_runs]") {
    CHECK_FALSE(checkGuaranteeMetadataSize(parse(objectOfLength(10240))));
    CHECK(checkGuaranteeMetadataSize(parse(objectOfLength(10241))) ==
          "metadata exceeds maximum size of 10240 bytes (got 10241 bytes)");
    CHECK_FALSE(checkAuditDetailsSize(parse(objectOfLength(102400))));
    CHECK(checkAuditDetailsSize(parse(objectOfLength(102401))) ==
          "details exceeds maximum size of 102400 bytes (got 102401 bytes)");
    // Separators with spaces and escaped non-ASCII count: "é" is six characters.
    const std::string accented = R"({"k":")" + std::string(10240 - 9 - 6, 'x') + "é\"}";
    CHECK_FALSE(checkGuaranteeMetadataSize(parse(accented)));
    const std::string over = R"({"k":")" + std::string(10240 - 9 - 5, 'x') + "é\"}";
    CHECK(checkGuaranteeMetadataSize(parse(over)) ==
          "metadata exceeds maximum size of 10240 bytes (got 10241 bytes)");
}

TEST_CASE("guarantee_results count limit", "[audit_runs]") {
    CHECK_FALSE(checkGuaranteeResultCount(0));
    CHECK_FALSE(checkGuaranteeResultCount(1000));
    CHECK(checkGuaranteeResultCount(1001) ==
          "guarantee_results exceeds maximum count of 1000 (got 1001)");
}

TEST_CASE("count auto-fill only with results and checked == 0", "[audit_runs]") {
    const GuaranteeCounts given{0, 7, 9};
    const auto filled = fillGuaranteeCounts(given, {true, false, true});
    CHECK(filled.checked == 3);
    CHECK(filled.passed == 2);
    CHECK(filled.failed == 1);

    const auto kept = fillGuaranteeCounts({5, 4, 1}, {false, false});
    CHECK(kept.checked == 5);
    CHECK(kept.passed == 4);
    CHECK(kept.failed == 1);

    const auto noResults = fillGuaranteeCounts({0, 3, 2}, {});
    CHECK(noResults.checked == 0);
    CHECK(noResults.passed == 3);
    CHECK(noResults.failed == 2);
}

TEST_CASE("failed guarantees of stored details", "[audit_runs]") {
    using List = std::vector<std::string>;
    CHECK(failedGuaranteeIds("") == List{});
    CHECK(failedGuaranteeIds("[]") == List{});
    CHECK(failedGuaranteeIds(R"([{"guarantee_id": "a", "passed": true},
                                 {"guarantee_id": "b", "passed": false},
                                 {"guarantee_id": "c", "passed": false}])") == List{"b", "c"});
    // A missing `passed` counts as passed; a missing id is "unknown".
    CHECK(failedGuaranteeIds(R"([{"guarantee_id": "a"}, {"passed": false}])") == List{"unknown"});
    // Client-written lists: falsy values fail, junk entries are skipped, odd ids are rendered.
    CHECK(failedGuaranteeIds(R"([{"guarantee_id": "n", "passed": null},
                                 {"guarantee_id": "z", "passed": 0},
                                 {"guarantee_id": "t", "passed": "yes"},
                                 "text", 5, null,
                                 {"guarantee_id": null, "passed": false},
                                 {"guarantee_id": 7, "passed": false}])") ==
          List{"n", "z", "unknown", "7"});
    CHECK(failedGuaranteeIds(R"({"guarantee_id": "a", "passed": false})") == List{});
    CHECK(failedGuaranteeIds(R"("not a list")") == List{});
}
