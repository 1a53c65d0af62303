#include "core/openlineage_event.hpp"

#include <array>
#include <string_view>

#include "core/json.hpp"
#include "core/json_shape.hpp"
#include "core/openlineage_facets.hpp"
#include "core/openlineage_mapping.hpp"
#include "core/timestamp.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;

constexpr std::array<std::string_view, 6> kEventTypes = {"START", "RUNNING", "COMPLETE",
                                                         "ABORT", "FAIL",    "OTHER"};

JsonLoc at(const JsonLoc& loc, LocPart part) {
    JsonLoc out = loc;
    out.push_back(std::move(part));
    return out;
}

std::string textOf(const Value& value) {
    return {value.GetString(), value.GetStringLength()};
}

std::optional<std::string> optionalText(const Value& object, const char* name) {
    const auto found = object.FindMember(name);
    if (found == object.MemberEnd() || !found->value.IsString()) return std::nullopt;
    return textOf(found->value);
}

// One event's reading: records issues, extracts what the ingest maps.
class EventReader {
  public:
    EventReader(std::vector<ValidationIssue>& issues, const OpenLineageLimits& limits)
        : issues_(issues), limits_(limits) {}

    std::optional<OpenLineageEvent> read(const Value& value, const JsonLoc& loc) {
        const size_t before = issues_.size();
        if (!value.IsObject()) {
            issues_.push_back(wrongKind(loc, JsonKind::Object, value));
            return std::nullopt;
        }
        OpenLineageEvent event;
        readEventTime(value, loc, event);
        required(value, "producer", loc, JsonKind::String);
        required(value, "schemaURL", loc, JsonKind::String);
        const bool dataset =
            value.HasMember("dataset") && !value.HasMember("run") && !value.HasMember("job");
        // A RunEvent by its `run`, or by its schemaURL even without one (then `run` is missing,
        // not a JobEvent with extra members: Marquez reads the kind from the schemaURL too).
        if (dataset) {
            event.kind = OpenLineageEventKind::Dataset;
            if (const Value* found = required(value, "dataset", loc, JsonKind::Object)) {
                event.dataset = readDataset(*found, at(loc, "dataset"), std::nullopt);
            }
        } else {
            event.kind = value.HasMember("run") || namesRunEvent(value) ? OpenLineageEventKind::Run
                                                                        : OpenLineageEventKind::Job;
            if (event.kind == OpenLineageEventKind::Run) readRun(value, loc, event);
            readJob(value, loc, event);
            event.inputs = readDatasets(value, "inputs", loc, FacetPlace::Input);
            event.outputs = readDatasets(value, "outputs", loc, FacetPlace::Output);
        }
        if (issues_.size() != before) return std::nullopt;
        return event;
    }

  private:
    // The member when present with the right kind; records `missing` or the type issue.
    const Value* required(const Value& object, const char* name, const JsonLoc& loc,
                          JsonKind kind) {
        const auto found = object.FindMember(name);
        if (found == object.MemberEnd()) {
            issues_.push_back(missingMember(at(loc, name)));
            return nullptr;
        }
        return ofKind(found->value, at(loc, name), kind);
    }
    const Value* optional(const Value& object, const char* name, const JsonLoc& loc,
                          JsonKind kind) {
        const auto found = object.FindMember(name);
        if (found == object.MemberEnd()) return nullptr;
        return ofKind(found->value, at(loc, name), kind);
    }
    const Value* ofKind(const Value& value, const JsonLoc& loc, JsonKind kind) {
        if (hasKind(value, kind)) return &value;
        issues_.push_back(wrongKind(loc, kind, value));
        return nullptr;
    }
    // A required string of at least one character.
    std::string name(const Value& object, const char* member, const JsonLoc& loc) {
        const Value* value = required(object, member, loc, JsonKind::String);
        if (!value) return {};
        if (value->GetStringLength() == 0) {
            issues_.push_back({"string_too_short", at(loc, member),
                               "String should have at least 1 character", "\"\"",
                               "{\"min_length\":1}"});
        }
        return textOf(*value);
    }

    static bool namesRunEvent(const Value& value) {
        const auto url = value.FindMember("schemaURL");
        if (url == value.MemberEnd() || !url->value.IsString()) return false;
        const std::string_view text(url->value.GetString(), url->value.GetStringLength());
        constexpr std::string_view kRunEvent = "/RunEvent";
        return text.size() >= kRunEvent.size() &&
               text.substr(text.size() - kRunEvent.size()) == kRunEvent;
    }

    void readEventTime(const Value& value, const JsonLoc& loc, OpenLineageEvent& event) {
        const Value* time = required(value, "eventTime", loc, JsonKind::String);
        if (!time) return;
        std::string reason;
        if (!isRfc3339DateTime(textOf(*time))) {
            reason = "expected an RFC 3339 date-time such as 2024-05-01T10:00:00.000Z";
        } else if (const auto parsed = parseDatetime(textOf(*time), &reason)) {
            event.eventTime = *parsed;
            return;
        }
        issues_.push_back({"datetime_parsing", at(loc, "eventTime"),
                           "Input should be a valid datetime, " + reason, toJson(*time),
                           "{\"error\":" + jsonQuote(reason) + "}"});
    }

    void readRun(const Value& value, const JsonLoc& loc, OpenLineageEvent& event) {
        if (const Value* type = optional(value, "eventType", loc, JsonKind::String)) {
            event.eventType = textOf(*type);
            bool known = false;
            for (std::string_view allowed : kEventTypes)
                known = known || allowed == event.eventType;
            if (!known) {
                issues_.push_back({"enum", at(loc, "eventType"),
                                   "Input should be 'START', 'RUNNING', 'COMPLETE', 'ABORT', "
                                   "'FAIL' or 'OTHER'",
                                   toJson(*type), ""});
            }
        }
        const Value* run = required(value, "run", loc, JsonKind::Object);
        if (!run) return;
        const JsonLoc runLoc = at(loc, "run");
        // `format: uuid` is an annotation in JSON Schema, not asserted: OpenLineage's own
        // fixtures send ids such as "run_id".
        event.runId = name(*run, "runId", runLoc);
        checkFacets(*run, "facets", runLoc, FacetPlace::Run);
    }

    void readJob(const Value& value, const JsonLoc& loc, OpenLineageEvent& event) {
        const Value* job = required(value, "job", loc, JsonKind::Object);
        if (!job) return;
        const JsonLoc jobLoc = at(loc, "job");
        event.jobNamespace = name(*job, "namespace", jobLoc);
        event.jobName = name(*job, "name", jobLoc);
        checkFacets(*job, "facets", jobLoc, FacetPlace::Job);
    }

    std::vector<OpenLineageDataset> readDatasets(const Value& value, const char* member,
                                                 const JsonLoc& loc, FacetPlace place) {
        std::vector<OpenLineageDataset> datasets;
        const Value* list = optional(value, member, loc, JsonKind::Array);
        if (!list) return datasets;
        long long index = 0;
        for (const auto& item : list->GetArray()) {
            const JsonLoc itemLoc = at(at(loc, member), index++);
            if (!ofKind(item, itemLoc, JsonKind::Object)) continue;
            datasets.push_back(readDataset(item, itemLoc, place));
        }
        return datasets;
    }

    OpenLineageDataset readDataset(const Value& value, const JsonLoc& loc,
                                   std::optional<FacetPlace> ioPlace) {
        OpenLineageDataset dataset;
        dataset.ns = name(value, "namespace", loc);
        dataset.name = name(value, "name", loc);
        if (!dataset.ns.empty() && !dataset.name.empty()) checkFqn(dataset, at(loc, "name"));
        if (const Value* facets = checkFacets(value, "facets", loc, FacetPlace::Dataset)) {
            extractFacets(*facets, dataset);
        }
        if (ioPlace == FacetPlace::Input) checkFacets(value, "inputFacets", loc, *ioPlace);
        if (ioPlace == FacetPlace::Output) checkFacets(value, "outputFacets", loc, *ioPlace);
        return dataset;
    }

    void checkFqn(OpenLineageDataset& dataset, const JsonLoc& loc) {
        dataset.fqn = openLineageFqn(dataset.ns, dataset.name);
        if (dataset.fqn.empty()) {
            issues_.push_back({"value_error", loc,
                               "Value error, namespace and name leave fewer than two FQN segments",
                               jsonQuote(dataset.name), "{\"error\":{}}"});
        } else if (dataset.fqn.size() > limits_.maxFqnLength) {
            const std::string limit = std::to_string(limits_.maxFqnLength);
            issues_.push_back({"string_too_long", loc,
                               "The asset FQN of namespace and name would have " +
                                   std::to_string(dataset.fqn.size()) + " characters, at most " +
                                   limit + " are allowed",
                               jsonQuote(dataset.name), "{\"max_length\":" + limit + "}"});
        }
    }

    // The facets object when it and every facet in it are well formed, else nullptr.
    const Value* checkFacets(const Value& owner, const char* member, const JsonLoc& loc,
                             FacetPlace place) {
        const Value* facets = optional(owner, member, loc, JsonKind::Object);
        if (!facets) return nullptr;
        const size_t before = issues_.size();
        for (const auto& facet : facets->GetObject()) {
            const std::string facetName = textOf(facet.name);
            const JsonLoc facetLoc = at(at(loc, member), facetName);
            if (!ofKind(facet.value, facetLoc, JsonKind::Object) || deleted(facet.value)) continue;
            if (const JsonShape* shape = standardFacetShape(place, facetName)) {
                checkJsonShape(facet.value, *shape, facetLoc, issues_);
            }
        }
        return issues_.size() == before ? facets : nullptr;
    }

    // `_deleted: true` asks the consumer to forget the facet: it carries nothing else.
    static bool deleted(const Value& facet) {
        const auto flag = facet.FindMember("_deleted");
        return flag != facet.MemberEnd() && flag->value.IsBool() && flag->value.GetBool();
    }

    // From well-formed facets only (checked above).
    static void extractFacets(const Value& facets, OpenLineageDataset& dataset) {
        const auto facet = [&](const char* name) -> const Value* {
            const auto found = facets.FindMember(name);
            if (found == facets.MemberEnd() || deleted(found->value)) return nullptr;
            return &found->value;
        };
        if (const Value* schema = facet("schema")) {
            dataset.columns.emplace();
            if (const auto fields = schema->FindMember("fields"); fields != schema->MemberEnd()) {
                for (const auto& field : fields->value.GetArray()) {
                    dataset.columns->push_back({textOf(field["name"]), optionalText(field, "type"),
                                                optionalText(field, "description")});
                }
            }
        }
        if (const Value* documentation = facet("documentation")) {
            dataset.description = textOf((*documentation)["description"]);
        }
        if (const Value* ownership = facet("ownership")) {
            dataset.owners.emplace();
            if (const auto owners = ownership->FindMember("owners");
                owners != ownership->MemberEnd()) {
                for (const auto& owner : owners->value.GetArray()) {
                    dataset.owners->push_back({textOf(owner["name"]), optionalText(owner, "type")});
                }
            }
        }
        if (const Value* lineage = facet("columnLineage")) {
            dataset.hasColumnLineage = true;
            extractColumnLineage(*lineage, dataset.columnLineage);
        }
    }

    // Every version of the facet: per-input `transformations` (1-1-0 on), else the field's
    // `transformationType` (1-0-x: IDENTITY, MASKED) as the subtype of a DIRECT input; the
    // dataset-level list (1-2-0) with an empty target column.
    static void extractColumnLineage(const Value& facet,
                                     std::vector<OpenLineageColumnInput>& inputs) {
        const auto addInputs = [&](const std::string& target, const Value& list,
                                   const std::string& fallbackSubtype) {
            for (const auto& input : list.GetArray()) {
                OpenLineageColumnInput base{target,
                                            textOf(input["namespace"]),
                                            textOf(input["name"]),
                                            textOf(input["field"]),
                                            "DIRECT",
                                            fallbackSubtype};
                const auto transformations = input.FindMember("transformations");
                if (transformations == input.MemberEnd() ||
                    transformations->value.GetArray().Empty()) {
                    inputs.push_back(base);
                    continue;
                }
                for (const auto& transformation : transformations->value.GetArray()) {
                    OpenLineageColumnInput one = base;
                    one.kind = textOf(transformation["type"]);
                    one.subtype = optionalText(transformation, "subtype").value_or("");
                    inputs.push_back(std::move(one));
                }
            }
        };
        for (const auto& field : facet["fields"].GetObject()) {
            addInputs(textOf(field.name), field.value["inputFields"],
                      optionalText(field.value, "transformationType").value_or(""));
        }
        if (const auto dataset = facet.FindMember("dataset"); dataset != facet.MemberEnd()) {
            addInputs("", dataset->value, "");
        }
    }

    std::vector<ValidationIssue>& issues_;
    const OpenLineageLimits& limits_;
};

}  // namespace

OpenLineageReading readOpenLineageBody(const rapidjson::Value& body,
                                       const OpenLineageLimits& limits) {
    const size_t maxEvents = limits.maxEvents;
    OpenLineageReading reading;
    EventReader reader(reading.issues, limits);
    const JsonLoc bodyLoc{std::string("body")};
    if (!body.IsArray()) {
        if (auto event = reader.read(body, bodyLoc)) reading.events.push_back(std::move(*event));
        return reading;
    }
    if (body.Size() > maxEvents) {
        reading.issues.push_back(
            {"too_long", bodyLoc,
             "List should have at most " + std::to_string(maxEvents) +
                 " items after validation, not " + std::to_string(body.Size()),
             "[]",
             "{\"field_type\":\"List\",\"max_length\":" + std::to_string(maxEvents) +
                 ",\"actual_length\":" + std::to_string(body.Size()) + "}"});
        return reading;
    }
    long long index = 0;
    for (const auto& item : body.GetArray()) {
        if (auto event = reader.read(item, at(bodyLoc, index++))) {
            reading.events.push_back(std::move(*event));
        }
    }
    if (!reading.issues.empty()) reading.events.clear();  // a batch is all or nothing
    return reading;
}

}  // namespace tessera::core
