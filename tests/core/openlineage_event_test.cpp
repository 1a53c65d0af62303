// OpenLineage events read and checked (core/openlineage_event.cpp, core/openlineage_facets.cpp):
// OpenLineage's own sample events of ../shared/data/openlineage/events, valid and invalid.
#include "core/openlineage_event.hpp"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/json.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/shared_data.hpp"

using namespace tessera::core;
using tessera::testing::sharedFile;

namespace {

OpenLineageReading readText(const std::string& json, OpenLineageLimits limits = {}) {
    JsonParseResult parsed = parseJson(json, 128);
    REQUIRE(parsed.ok);
    return readOpenLineageBody(parsed.document, limits);
}

OpenLineageReading readShared(const std::string& file) {
    return readText(sharedFile("openlineage/events/" + file));
}

std::string locText(const ValidationIssue& issue) {
    std::string text;
    for (const auto& part : issue.loc) {
        if (!text.empty()) text += ".";
        text += std::holds_alternative<std::string>(part)
                    ? std::get<std::string>(part)
                    : std::to_string(std::get<long long>(part));
    }
    return text;
}

// "type@loc" of every issue.
std::string issuesOf(const OpenLineageReading& reading) {
    std::string text;
    for (const auto& issue : reading.issues) {
        text += (text.empty() ? "" : " ") + issue.type + "@" + locText(issue);
    }
    return text;
}

const char* kSimple = R"({"eventType":"START","eventTime":"2024-05-01T10:00:00Z",
  "run":{"runId":"41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7"},"job":{"namespace":"sched","name":"j"},
  "inputs":[{"namespace":"pg://db","name":"shop.orders"}],"outputs":[],
  "producer":"p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"})";

std::string withMember(const std::string& event, const std::string& replaced,
                       const std::string& by) {
    const size_t at = event.find(replaced);
    REQUIRE(at != std::string::npos);
    std::string changed = event;
    changed.replace(at, replaced.size(), by);
    return changed;
}

}  // namespace

TEST_CASE("OpenLineage's valid sample events are read", "[core][openlineage]") {
    for (const char* file :
         {"event_full.json", "event_simple.json", "example_full_event.json",
          "serde_example_run_event.json", "serde_example_job_event.json",
          "serde_example_dataset_event.json", "simple_run_event/events/simple_run_event.json"}) {
        INFO(file);
        const OpenLineageReading reading = readShared(file);
        CHECK(issuesOf(reading).empty());
        CHECK(reading.events.size() == 1);
    }
}

TEST_CASE("a sample event's kind, job, datasets and facets", "[core][openlineage]") {
    const OpenLineageReading full = readShared("event_full.json");
    REQUIRE(full.events.size() == 1);
    const OpenLineageEvent& event = full.events[0];
    CHECK(event.kind == OpenLineageEventKind::Run);
    CHECK(event.complete());
    CHECK(event.jobNamespace == "my-scheduler-namespace");
    CHECK(event.eventTime == 1609185061641000);  // 2020-12-28T19:51:01.641Z
    REQUIRE(event.inputs.size() == 1);
    const OpenLineageDataset& input = event.inputs[0];
    CHECK(input.fqn == "my_datasource_namespace.instance.schema.table");
    REQUIRE(input.columns);
    REQUIRE(input.columns->size() == 1);
    CHECK((*input.columns)[0].name == "column1");
    CHECK((*input.columns)[0].type == "VARCHAR");
    CHECK(input.description == "canonical representation of entity Foo");
    CHECK_FALSE(input.owners);

    const OpenLineageReading job = readShared("serde_example_job_event.json");
    REQUIRE(job.events.size() == 1);
    CHECK(job.events[0].kind == OpenLineageEventKind::Job);
    CHECK(job.events[0].outputs.at(0).name == "dataset_b");
    const OpenLineageReading dataset = readShared("serde_example_dataset_event.json");
    REQUIRE(dataset.events.size() == 1);
    CHECK(dataset.events[0].kind == OpenLineageEventKind::Dataset);
    REQUIRE(dataset.events[0].dataset);
    CHECK(dataset.events[0].dataset->columns->size() == 2);
    // No offset in the sample: UTC.
    CHECK(dataset.events[0].eventTime == 1635936832427343);
}

TEST_CASE("OpenLineage's invalid sample events are refused, naming the field",
          "[core][openlineage]") {
    const std::pair<const char*, const char*> cases[] = {
        {"event_no_run_id.json", "missing@body.run.runId"},
        {"event_invalid_dataset_facet.json",
         "missing@body.outputs.0.facets.ownership.owners.0.name"},
        {"event_invalid_job_facet.json", "missing@body.job.facets.ownership.owners.0.name"},
        {"event_invalid_input_dataset_facet.json",
         "missing@body.inputs.0.inputFacets.dataQualityMetrics.columnMetrics"},
        {"event_invalid_output_dataset_facet.json",
         "int_type@body.outputs.0.outputFacets.outputStatistics.rowCount"},
        {"event_invalid_run_facet.json", "missing@body.run.facets.parent.run.runId"},
    };
    for (const auto& [file, expected] : cases) {
        INFO(file);
        const OpenLineageReading reading = readShared(file);
        CHECK(issuesOf(reading) == expected);
        CHECK(reading.events.empty());
    }
}

TEST_CASE("required fields, bad times and facets of the wrong type", "[core][openlineage]") {
    CHECK(issuesOf(readText(kSimple)).empty());
    CHECK(issuesOf(readText(withMember(kSimple, R"("eventTime":"2024-05-01T10:00:00Z")",
                                       R"("eventTime":"yesterday")"))) ==
          "datetime_parsing@body.eventTime");
    CHECK(issuesOf(readText(withMember(kSimple, R"("eventTime":"2024-05-01T10:00:00Z",)", ""))) ==
          "missing@body.eventTime");
    CHECK(issuesOf(readText(withMember(kSimple, R"("producer":"p",)", ""))) ==
          "missing@body.producer");
    CHECK(issuesOf(readText(withMember(kSimple, "41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7", ""))) ==
          "string_too_short@body.run.runId");
    CHECK(issuesOf(readText(withMember(kSimple, R"("runId":"41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7")",
                                       R"("runId":7)"))) == "string_type@body.run.runId");
    CHECK(issuesOf(readText(withMember(kSimple, "START", "BEGIN"))) == "enum@body.eventType");
    CHECK(issuesOf(readText(withMember(kSimple, R"("namespace":"sched",)", ""))) ==
          "missing@body.job.namespace");
    CHECK(issuesOf(readText(withMember(kSimple, R"("name":"shop.orders")",
                                       R"("name":"shop.orders","facets":{"schema":"text"})"))) ==
          "dict_type@body.inputs.0.facets.schema");
    CHECK(issuesOf(readText(
              withMember(kSimple, R"("name":"shop.orders")",
                         R"("name":"shop.orders","facets":{"schema":{"fields":[{"name":1}]}})"))) ==
          "string_type@body.inputs.0.facets.schema.fields.0.name");
    CHECK(issuesOf(readText(withMember(kSimple, R"("inputs":[)", R"("inputs":[7,)"))) ==
          "dict_type@body.inputs.0");
    CHECK(issuesOf(readText(withMember(kSimple, R"("outputs":[])", R"("outputs":{})"))) ==
          "list_type@body.outputs");
    CHECK(issuesOf(readText("[1]")) == "dict_type@body.0");
}

TEST_CASE("custom facets are never an error and deleted facets are not checked",
          "[core][openlineage]") {
    const OpenLineageReading reading = readText(withMember(
        kSimple, R"("name":"shop.orders")",
        R"("name":"shop.orders","facets":{"myCompany_quality":{"anything":[1,{"x":null}]},)"
        R"("documentation":{"_producer":"p","_schemaURL":"u","_deleted":true}})"));
    CHECK(issuesOf(reading).empty());
    REQUIRE(reading.events.size() == 1);
    CHECK_FALSE(reading.events[0].inputs[0].description);
}

TEST_CASE("a batch is read whole or not at all", "[core][openlineage]") {
    const std::string bad = withMember(kSimple, R"("producer":"p",)", "");
    const OpenLineageReading good = readText("[" + std::string(kSimple) + "," + kSimple + "]");
    CHECK(good.events.size() == 2);
    const OpenLineageReading mixed = readText("[" + std::string(kSimple) + "," + bad + "]");
    CHECK(issuesOf(mixed) == "missing@body.1.producer");
    CHECK(mixed.events.empty());
    CHECK(issuesOf(readText("[" + std::string(kSimple) + "," + kSimple + "]", {1, 1000})) ==
          "too_long@body");
    CHECK(readText("[]").events.empty());
}

TEST_CASE("a dataset whose FQN would be too long or empty is refused on its name",
          "[core][openlineage]") {
    const std::string longName(995, 'n');
    CHECK(issuesOf(readText(withMember(kSimple, "shop.orders", longName))) ==
          "string_too_long@body.inputs.0.name");
    CHECK(issuesOf(readText(withMember(kSimple, "shop.orders", longName), {1000, 2000})).empty());
    CHECK(issuesOf(readText(withMember(kSimple, R"("namespace":"pg://db","name":"shop.orders")",
                                       R"("namespace":"...","name":"t")"))) ==
          "value_error@body.inputs.0.name");
    CHECK(issuesOf(readText(withMember(kSimple, "shop.orders", ""))) ==
          "string_too_short@body.inputs.0.name");
}

TEST_CASE("every version of the columnLineage facet becomes column inputs", "[core][openlineage]") {
    // 1-2-0: per-input transformations, the dataset-level list.
    const std::string facet =
        sharedFile("openlineage/facet_examples/ColumnLineageDatasetFacet/1.json");
    const std::string facetBody =
        facet.substr(facet.find('{') + 1, facet.rfind('}') - facet.find('{') - 1);
    const OpenLineageReading reading = readText(
        withMember(kSimple, R"("outputs":[])",
                   R"("outputs":[{"namespace":"SnowflakeOpenLineage","name":"OUT","facets":{)" +
                       facetBody + "}}]"));
    REQUIRE(issuesOf(reading).empty());
    const OpenLineageDataset& output = reading.events.at(0).outputs.at(0);
    CHECK(output.hasColumnLineage);
    REQUIRE(output.columnLineage.size() >= 3);
    const OpenLineageColumnInput& first = output.columnLineage[0];
    CHECK(first.targetColumn == "NAME");  // object members in document order
    CHECK(first.name == "CUSTOMERS");
    CHECK(first.field == "NAME");
    CHECK(first.kind == "DIRECT");
    CHECK(first.subtype == "IDENTITY");
    const OpenLineageColumnInput& join = output.columnLineage[1];
    CHECK(join.field == "ID");
    CHECK(join.kind == "INDIRECT");
    CHECK(join.subtype == "JOIN");

    // 1-0-x: no transformations, the field's transformationType.
    const OpenLineageReading old = readText(withMember(
        kSimple, R"("outputs":[])",
        R"("outputs":[{"namespace":"n","name":"a.out","facets":{"columnLineage":{"_producer":"p",)"
        R"("_schemaURL":"u","fields":{"email_hash":{"inputFields":[{"namespace":"n","name":"a.users",)"
        R"("field":"email"}],"transformationType":"MASKED"}}}}}])"));
    REQUIRE(issuesOf(old).empty());
    const auto& inputs = old.events.at(0).outputs.at(0).columnLineage;
    REQUIRE(inputs.size() == 1);
    CHECK(inputs[0].targetColumn == "email_hash");
    CHECK(inputs[0].name == "a.users");
    CHECK(inputs[0].field == "email");
    CHECK(inputs[0].kind == "DIRECT");
    CHECK(inputs[0].subtype == "MASKED");
}

TEST_CASE("eventTime is an RFC 3339 date-time, with or without an offset", "[core][openlineage]") {
    for (const std::string time : {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123456+05:30",
                                   "2024-05-01t10:00:00z", "2021-11-03T10:53:52.427343"}) {
        INFO(time);
        CHECK(issuesOf(readText(withMember(kSimple, "2024-05-01T10:00:00Z", time))).empty());
    }
    for (const std::string time :
         {"2024-01-01", "2024-01-01T10:00Z", "2024-01-01T10:00:00+0530", "2024-01-01 10:00:00Z",
          "2024-02-30T10:00:00Z", "2024-01-01T10:00:00.Z"}) {
        INFO(time);
        CHECK(issuesOf(readText(withMember(kSimple, "2024-05-01T10:00:00Z", time))) ==
              "datetime_parsing@body.eventTime");
    }
}

TEST_CASE("a RunEvent by its schemaURL needs its run", "[core][openlineage]") {
    const std::string noRun =
        withMember(kSimple, R"("run":{"runId":"41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7"},)", "");
    CHECK(issuesOf(readText(noRun)) == "missing@body.run");
    // Without a RunEvent schemaURL (and without eventType's enum applying) it is a JobEvent.
    const std::string jobEvent = withMember(withMember(noRun, R"("eventType":"START",)", ""),
                                            "$defs/RunEvent", "$defs/JobEvent");
    const auto reading = readText(jobEvent);
    CHECK(issuesOf(reading).empty());
    REQUIRE(reading.events.size() == 1);
    CHECK(reading.events[0].kind == OpenLineageEventKind::Job);
}

TEST_CASE("the test, executionParameters, jobDependencies, subset and lineage facets are checked",
          "[core][openlineage]") {
    // `anchor` followed by `,"<member>":<facets>` (appended piecewise: gcc 12 warns falsely
    // of overlapping copies on the chained + form).
    const auto after = [](const std::string& anchor, const char* member,
                          const std::string& facets) {
        std::string text = anchor;
        text.append(",\"").append(member).append("\":").append(facets);
        return withMember(kSimple, anchor, text);
    };
    const std::string runId = R"("run":{"runId":"41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7")";
    const std::string input = R"({"namespace":"pg://db","name":"shop.orders")";
    const auto withRunFacets = [&](const std::string& f) { return after(runId, "facets", f); };
    const auto withInputFacets = [&](const std::string& f) {
        return after(input, "inputFacets", f);
    };
    const auto withDatasetFacets = [&](const std::string& f) { return after(input, "facets", f); };
    const auto withJobFacets = [&](const std::string& f) {
        return after(R"("name":"j")", "facets", f);
    };
    const std::vector<std::pair<std::string, std::string>> refused = {
        {withRunFacets(R"({"test":{"tests":"not-a-list"}})"), "@body.run.facets.test.tests"},
        {withRunFacets(R"({"test":{}})"), "@body.run.facets.test.tests"},
        {withRunFacets(R"({"test":{"tests":[{"name":"n"}]}})"),
         "@body.run.facets.test.tests.0.status"},
        {withRunFacets(R"({"executionParameters":{"parameters":"x"}})"),
         "@body.run.facets.executionParameters.parameters"},
        {withRunFacets(R"({"jobDependencies":{"upstream":"x"}})"),
         "@body.run.facets.jobDependencies.upstream"},
        {withRunFacets(R"({"jobDependencies":{"upstream":[{"run":{"runId":"r"}}]}})"),
         "@body.run.facets.jobDependencies.upstream.0.job"},
        {withInputFacets(R"({"subset":{"inputCondition":"x"}})"),
         "@body.inputs.0.inputFacets.subset.inputCondition"},
        {withDatasetFacets(R"({"lineage":{"inputs":"x","fields":7}})"),
         "@body.inputs.0.facets.lineage.inputs"},
        {withJobFacets(R"({"lineage":{"entries":{}}})"), "@body.job.facets.lineage.entries"},
    };
    for (const auto& [event, loc] : refused) {
        INFO(event);
        const std::string issues = issuesOf(readText(event));
        CHECK(issues.find(loc) != std::string::npos);
    }
    CHECK_FALSE(issuesOf(readText(withInputFacets(R"({"subset":{}})"))).empty());
    // The facets' own examples pass, wherever the schema lets them go.
    for (const char* file : {"1.json", "2.json", "3.json", "4.json"}) {
        INFO(file);
        const std::string example =
            sharedFile(std::string("openlineage/facet_examples/BaseSubsetDatasetFacet/") + file);
        CHECK(issuesOf(readText(withInputFacets(example))).empty());
    }
    for (const char* file :
         {"dataset-to-dataset.json", "dataset-to-job.json", "generator.json", "implicit-job.json",
          "job-to-dataset.json", "job-to-job.json", "mixed-sources.json"}) {
        INFO(file);
        const std::string example =
            sharedFile(std::string("openlineage/facet_examples/LineageFacet/") + file);
        CHECK(issuesOf(readText(withDatasetFacets(example))).empty());
        CHECK(issuesOf(readText(withJobFacets(example))).empty());
    }
}
