// OpenLineage events as Tessera reads them (issue 20): the RunEvent, and the JobEvent and
// DatasetEvent of spec 2-0-x, checked against the spec's required fields and the types of the
// standard facets (core/openlineage_facets.hpp), and reduced to what the ingest maps: the job,
// its input and output datasets, and the facets that fill an asset's metadata and column
// lineage. Custom facets are neither checked nor kept.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace tessera::core {

// One top-level field of the `schema` facet.
struct OpenLineageColumn {
    std::string name;
    std::optional<std::string> type;
    std::optional<std::string> description;
};

struct OpenLineageOwner {
    std::string name;
    std::optional<std::string> type;
};

// One source column of a `columnLineage` facet: the target column of the output dataset (empty
// for the facet's dataset-level list, which affects every column) reads `field` of the input
// dataset (`ns`, `name`). `kind` is DIRECT or INDIRECT; `subtype` e.g. IDENTITY, AGGREGATION,
// JOIN, FILTER (the 1-0-x facets' transformationType, such as MASKED, lands there too).
struct OpenLineageColumnInput {
    std::string targetColumn;
    std::string ns;
    std::string name;
    std::string field;
    std::string kind;
    std::string subtype;
};

struct OpenLineageDataset {
    std::string ns;
    std::string name;
    std::string fqn;                                        // core/openlineage_mapping.hpp's rule
    std::optional<std::vector<OpenLineageColumn>> columns;  // the `schema` facet
    std::optional<std::string> description;                 // the `documentation` facet
    std::optional<std::vector<OpenLineageOwner>> owners;    // the `ownership` facet
    bool hasColumnLineage = false;                          // a `columnLineage` facet was sent
    std::vector<OpenLineageColumnInput> columnLineage;
};

enum class OpenLineageEventKind { Run, Job, Dataset };

struct OpenLineageEvent {
    OpenLineageEventKind kind = OpenLineageEventKind::Run;
    std::string eventType;  // RunEvent: START, RUNNING, COMPLETE, ABORT, FAIL, OTHER or ""
    int64_t eventTime = 0;  // epoch microseconds
    std::string runId;      // RunEvent only; a UUID by the spec, not checked
    std::string jobNamespace;
    std::string jobName;
    std::vector<OpenLineageDataset> inputs;
    std::vector<OpenLineageDataset> outputs;
    std::optional<OpenLineageDataset> dataset;  // DatasetEvent only

    bool complete() const { return eventType == "COMPLETE"; }
};

struct OpenLineageReading {
    std::vector<OpenLineageEvent> events;
    // Every problem found, each `loc` starting at "body" (then the index in a batch).
    std::vector<ValidationIssue> issues;
};

struct OpenLineageLimits {
    size_t maxEvents = 1000;     // in one batch
    size_t maxFqnLength = 1000;  // of every dataset's FQN (core.assets.fqn)
};

// A body holding one event (an object) or a batch (an array of them). A dataset whose FQN
// would break the FQN rules is an issue on its `name`.
OpenLineageReading readOpenLineageBody(const rapidjson::Value& body,
                                       const OpenLineageLimits& limits);

}  // namespace tessera::core
