// Guarantee diff engine: the examples of spec 03 §6.5, every kind of §6.2, modes of §6.3 and
// the combined contract check.
#include "core/guarantee_diff.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;
using Strings = std::vector<std::string>;

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseFullPrecisionFlag>(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

std::vector<GuaranteeChange> diff(const std::string& oldJson, const std::string& newJson) {
    return diffGuarantees(parse(oldJson), parse(newJson));
}

std::string recordJson(const GuaranteeChange& change) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeGuaranteeChangeJson(writer, change);
    return buffer.GetString();
}

Strings records(const std::vector<GuaranteeChange>& changes) {
    Strings out;
    for (const GuaranteeChange& change : changes) out.push_back(recordJson(change));
    return out;
}

std::string record(const std::string& type, const std::string& path, const std::string& message,
                   const std::string& severity, const std::string& oldJson,
                   const std::string& newJson) {
    return R"({"type":")" + type + R"(","path":")" + path + R"(","message":")" + message +
           R"(","severity":")" + severity + R"(","old_value":)" + oldJson + R"(,"new_value":)" +
           newJson + "}";
}

Strings kinds(const std::vector<GuaranteeChange>& changes) {
    Strings out;
    for (const GuaranteeChange& change : changes) {
        out.emplace_back(guaranteeChangeKindName(change.kind));
    }
    return out;
}

}  // namespace

// ---- 03 §6.5 examples ----

TEST_CASE("§6.5 freshness added from null", "[guarantee_diff][example]") {
    const auto changes = diff("null", R"({"freshness":{"max_staleness_minutes":60}})");
    CHECK(records(changes) ==
          Strings{record("freshness_added", "freshness",
                         "freshness guarantee added: {'max_staleness_minutes': 60}", "info", "null",
                         R"({"max_staleness_minutes":60})")});
    CHECK(breakingGuaranteeChanges(changes, GuaranteeMode::Strict).empty());
}

TEST_CASE("§6.5 freshness changed is a warning, breaking only under strict",
          "[guarantee_diff][example]") {
    const auto changes = diff(R"({"freshness":{"max_staleness_minutes":60}})",
                              R"({"freshness":{"max_staleness_minutes":30}})");
    CHECK(records(changes) ==
          Strings{record("freshness_relaxed", "freshness",
                         "freshness guarantee changed from {'max_staleness_minutes': 60} to "
                         "{'max_staleness_minutes': 30}",
                         "warning", R"({"max_staleness_minutes":60})",
                         R"({"max_staleness_minutes":30})")});
    CHECK(kinds(breakingGuaranteeChanges(changes, GuaranteeMode::Strict)) ==
          Strings{"freshness_relaxed"});
    CHECK(breakingGuaranteeChanges(changes, GuaranteeMode::Notify).empty());
    CHECK(breakingGuaranteeChanges(changes, GuaranteeMode::Ignore).empty());
}

TEST_CASE("§6.5 not_null removed; value changes are not detected", "[guarantee_diff][example]") {
    CHECK(records(diff(R"({"nullability":{"id":"never","email":"allowed"}})",
                       R"({"nullability":{"id":"allowed"}})")) ==
          Strings{record("not_null_removed", "nullability.email",
                         "not_null guarantee removed for column 'email'", "warning", R"("email")",
                         "null")});
}

TEST_CASE("§6.5 accepted_values expanded, contracted, changed", "[guarantee_diff][example]") {
    CHECK(records(diff(R"({"accepted_values":{"s":["a","b"]}})",
                       R"({"accepted_values":{"s":["a","b","c"]}})")) ==
          Strings{record("accepted_values_expanded", "accepted_values.s",
                         "accepted_values for 's' expanded: added {'c'}", "warning", R"(["a","b"])",
                         R"(["a","b","c"])")});
    CHECK(records(diff(R"({"accepted_values":{"s":["a","b"]}})",
                       R"({"accepted_values":{"s":["a"]}})")) ==
          Strings{record("accepted_values_contracted", "accepted_values.s",
                         "accepted_values for 's' contracted: removed {'b'}", "info",
                         R"(["a","b"])", R"(["a"])")});
    CHECK(records(diff(R"({"accepted_values":{"s":["a","b"]}})",
                       R"({"accepted_values":{"s":["a","c"]}})")) ==
          Strings{record("accepted_values_expanded", "accepted_values.s",
                         "accepted_values for 's' changed: added {'c'}, removed {'b'}", "warning",
                         R"(["a","b"])", R"(["a","c"])")});
}

TEST_CASE("§6.5 custom guarantees", "[guarantee_diff][example]") {
    const auto changes = diff(R"({"custom":{"x":1,"y":2}})", R"({"custom":{"x":2,"z":3}})");
    CHECK(records(changes) == Strings{record("custom_guarantee_added", "custom.z",
                                             "custom guarantee added: z", "info", "null", "3"),
                                      record("custom_guarantee_removed", "custom.y",
                                             "custom guarantee removed: y", "warning", "2", "null"),
                                      record("custom_guarantee_changed", "custom.x",
                                             "custom guarantee changed: x", "warning", "1", "2")});
    CHECK(kinds(breakingGuaranteeChanges(changes, GuaranteeMode::Strict)) ==
          Strings{"custom_guarantee_removed", "custom_guarantee_changed"});
}

// ---- §6.2 details ----

TEST_CASE("every category, in category order", "[guarantee_diff]") {
    const auto changes =
        diff(R"({"custom":{"gone":1},"volume":{"min_rows":1},"freshness":{"m":1},)"
             R"("expressions":{"e1":"a > 0","e2":"b"},"relationships":{"r_old":{"to":"x"}},)"
             R"("accepted_values":{"old":["x"],"same":["a","a"]},"uniqueness":{"u_old":true},)"
             R"("nullability":{"n_old":"never"}})",
             R"({"nullability":{"n_new":"never"},"uniqueness":{"u_new":true},)"
             R"("accepted_values":{"new":["y"],"same":["a"]},"relationships":{"r_new":{"to":"y"}},)"
             R"("expressions":{"e1":"a > 1","e3":"c","e2":"b"},"freshness":{"m":1},)"
             R"("volume":null,"custom":{"new":[1]}})");
    CHECK(
        records(changes) ==
        Strings{
            record("not_null_added", "nullability.n_new",
                   "not_null guarantee added for column 'n_new'", "info", "null", R"("n_new")"),
            record("not_null_removed", "nullability.n_old",
                   "not_null guarantee removed for column 'n_old'", "warning", R"("n_old")",
                   "null"),
            record("unique_added", "uniqueness.u_new", "unique guarantee added for column 'u_new'",
                   "info", "null", R"("u_new")"),
            record("unique_removed", "uniqueness.u_old",
                   "unique guarantee removed for column 'u_old'", "warning", R"("u_old")", "null"),
            record("accepted_values_added", "accepted_values.new",
                   "accepted_values guarantee added for column 'new'", "info", "null", R"(["y"])"),
            record("accepted_values_removed", "accepted_values.old",
                   "accepted_values guarantee removed for column 'old'", "warning", R"(["x"])",
                   "null"),
            record("relationship_added", "relationships.r_new",
                   "relationship guarantee added: r_new", "info", "null", R"({"to":"y"})"),
            record("relationship_removed", "relationships.r_old",
                   "relationship guarantee removed: r_old", "warning", R"({"to":"x"})", "null"),
            record("expression_added", "expressions.e3", "expression guarantee added: e3", "info",
                   "null", R"("c")"),
            record("expression_changed", "expressions.e1", "expression guarantee changed: e1",
                   "warning", R"("a > 0")", R"("a > 1")"),
            record("volume_removed", "volume", "volume guarantee removed (was {'min_rows': 1})",
                   "warning", R"({"min_rows":1})", "null"),
            record("custom_guarantee_added", "custom.new", "custom guarantee added: new", "info",
                   "null", "[1]"),
            record("custom_guarantee_removed", "custom.gone", "custom guarantee removed: gone",
                   "warning", "1", "null"),
        });
}

TEST_CASE("volume added and changed", "[guarantee_diff]") {
    CHECK(records(diff("{}", R"({"volume":{"min_rows":10}})")) ==
          Strings{record("volume_added", "volume", "volume guarantee added: {'min_rows': 10}",
                         "info", "null", R"({"min_rows":10})")});
    CHECK(records(diff(R"({"volume":{"min_rows":10}})", R"({"volume":{"min_rows":1000}})")) ==
          Strings{record("volume_relaxed", "volume",
                         "volume guarantee changed from {'min_rows': 10} to {'min_rows': 1000}",
                         "warning", R"({"min_rows":10})", R"({"min_rows":1000})")});
    CHECK(records(diff(R"({"freshness":"1h"})", "{}")) ==
          Strings{record("freshness_removed", "freshness", "freshness guarantee removed (was 1h)",
                         "warning", R"("1h")", "null")});
}

TEST_CASE("null, absent and malformed guarantees", "[guarantee_diff]") {
    CHECK(diff("null", "null").empty());
    CHECK(diff("null", "{}").empty());
    CHECK(diff(R"({"nullability":null,"freshness":null,"custom":null})", "null").empty());
    CHECK(diff(R"({"nullability":["a"],"custom":5})", "{}").empty());
    CHECK(diff(R"({"unknown":{"a":1}})", R"({"unknown":{"b":2}})").empty());
    CHECK(diff(R"([1,2])", "{}").empty());
    CHECK(kinds(diff(R"({"nullability":null})", R"({"nullability":{"a":"never"}})")) ==
          Strings{"not_null_added"});
    SECTION("a non-array accepted_values is the empty set") {
        CHECK(records(
                  diff(R"({"accepted_values":{"s":"a"}})", R"({"accepted_values":{"s":["a"]}})")) ==
              Strings{record("accepted_values_expanded", "accepted_values.s",
                             "accepted_values for 's' expanded: added {'a'}", "warning", "[]",
                             R"(["a"])")});
        CHECK(diff(R"({"accepted_values":{"s":"a"}})", R"({"accepted_values":{"s":{}}})").empty());
    }
    SECTION("equal values in another order or representation") {
        CHECK(diff(R"({"accepted_values":{"s":["a","b"]}})",
                   R"({"accepted_values":{"s":["b","a","a"]}})")
                  .empty());
        CHECK(diff(R"({"freshness":{"a":1,"b":2}})", R"({"freshness":{"b":2.0,"a":1}})").empty());
        CHECK(diff(R"({"expressions":{"e":[1]}})", R"({"expressions":{"e":[1.0]}})").empty());
    }
}

TEST_CASE("modes", "[guarantee_diff]") {
    const auto changes =
        diff(R"({"nullability":{"a":1},"uniqueness":{}})", R"({"uniqueness":{"b":1}})");
    REQUIRE(kinds(changes) == Strings{"not_null_removed", "unique_added"});
    CHECK(kinds(breakingGuaranteeChanges(changes, GuaranteeMode::Strict)) ==
          Strings{"not_null_removed"});
    CHECK(breakingGuaranteeChanges(changes, GuaranteeMode::Notify).empty());
    CHECK(breakingGuaranteeChanges(changes, GuaranteeMode::Ignore).empty());
    CHECK(guaranteeModeName(GuaranteeMode::Notify) == "notify");
    CHECK(guaranteeModeName(GuaranteeMode::Strict) == "strict");
    CHECK(guaranteeModeName(GuaranteeMode::Ignore) == "ignore");
    CHECK(parseGuaranteeMode("strict") == GuaranteeMode::Strict);
    CHECK_FALSE(parseGuaranteeMode("STRICT"));
    CHECK(kDefaultGuaranteeMode == GuaranteeMode::Notify);
    CHECK(guaranteeSeverityName(GuaranteeSeverity::Breaking) == "breaking");
    CHECK(guaranteeChangeKindName(GuaranteeChangeKind::FreshnessTightened) ==
          "freshness_tightened");
    CHECK(guaranteeChangeKindName(GuaranteeChangeKind::VolumeTightened) == "volume_tightened");
}

TEST_CASE("combined contract check", "[guarantee_diff]") {
    const auto oldSchema = parse(R"({"type":"object","properties":{"id":{"type":"integer"}}})");
    const auto newSchema =
        parse(R"({"type":"object","properties":{"id":{"type":"integer"},"n":{"type":"string"}}})");
    const auto oldGuarantees = parse(R"({"nullability":{"id":"never"}})");
    const auto newGuarantees = parse(R"({"freshness":{"max_staleness_minutes":5}})");

    const ContractCheck notify = checkContract(oldSchema, newSchema, oldGuarantees, newGuarantees,
                                               CompatibilityMode::Backward);
    CHECK(notify.compatible());
    CHECK(notify.schema.changeType == ChangeType::Minor);
    CHECK(notify.guaranteeChanges.size() == 2);

    const ContractCheck strict = checkContract(oldSchema, newSchema, oldGuarantees, newGuarantees,
                                               CompatibilityMode::Backward, GuaranteeMode::Strict);
    CHECK_FALSE(strict.compatible());
    CHECK(strict.schemaBreaking.empty());
    CHECK(kinds(strict.guaranteeBreaking) == Strings{"not_null_removed"});

    const ContractCheck forward = checkContract(oldSchema, newSchema, oldGuarantees, newGuarantees,
                                                CompatibilityMode::Forward, GuaranteeMode::Ignore);
    CHECK_FALSE(forward.compatible());
    // Guarantee changes never alter the schema change_type.
    CHECK(forward.schema.changeType == ChangeType::Minor);

    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeContractCheckJson(writer, strict);
    CHECK(std::string(buffer.GetString()) ==
          R"({"schema_changes":[{"type":"property_added","path":"properties.n",)"
          R"("message":"Property 'n' was added","old_value":null,"new_value":{"type":"string"}}],)"
          R"("schema_change_type":"minor","guarantee_changes":[)"
          R"({"type":"not_null_removed","path":"nullability.id",)"
          R"("message":"not_null guarantee removed for column 'id'","severity":"warning",)"
          R"("old_value":"id","new_value":null},)"
          R"({"type":"freshness_added","path":"freshness",)"
          R"("message":"freshness guarantee added: {'max_staleness_minutes': 5}",)"
          R"("severity":"info","old_value":null,"new_value":{"max_staleness_minutes":5}}],)"
          R"("guarantee_warnings":1,"guarantee_info":1})");
}
