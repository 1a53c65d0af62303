#include "core/openlineage_facets.hpp"

#include <map>
#include <string>
#include <utility>

namespace tessera::core {
namespace {

using K = JsonKind;
constexpr bool req = true;

// The members every facet may carry (BaseFacet): strings when present. The spec marks
// _producer and _schemaURL required; producers in the field omit them, and they are provenance
// only, so their absence is no reason to refuse lineage.
std::vector<JsonMember> base(std::vector<JsonMember> members) {
    members.insert(members.begin(),
                   {{"_producer", K::String}, {"_schemaURL", K::String}, {"_deleted", K::Boolean}});
    return members;
}

// ---- Dataset facets ----
const JsonShape kSchemaField{{{"name", K::String, req},
                              {"type", K::String},
                              {"description", K::String},
                              {"ordinal_position", K::Integer},
                              {"fields", K::Array, false, &kSchemaField}}};
const JsonShape kSchema{base({{"fields", K::Array, false, &kSchemaField}})};
const JsonShape kDocumentation{base({{"description", K::String, req}, {"contentType", K::String}})};
const JsonShape kOwner{{{"name", K::String, req}, {"type", K::String}}};
const JsonShape kOwnership{base({{"owners", K::Array, false, &kOwner}})};
const JsonShape kTransformation{{{"type", K::String, req},
                                 {"subtype", K::String},
                                 {"description", K::String},
                                 {"masking", K::Boolean}}};
const JsonShape kInputField{{{"namespace", K::String, req},
                             {"name", K::String, req},
                             {"field", K::String, req},
                             {"transformations", K::Array, false, &kTransformation}}};
const JsonShape kLineageField{{{"inputFields", K::Array, req, &kInputField},
                               {"transformationDescription", K::String},
                               {"transformationType", K::String}}};
const JsonShape kLineageFields{{}, &kLineageField};
const JsonShape kColumnLineage{base(
    {{"fields", K::Object, req, &kLineageFields}, {"dataset", K::Array, false, &kInputField}})};
const JsonShape kDataSource{base({{"name", K::String}, {"uri", K::String}})};
const JsonShape kVersion{base({{"datasetVersion", K::String, req}})};
const JsonShape kStorage{base({{"storageLayer", K::String, req}, {"fileFormat", K::String}})};
const JsonShape kIdentifier{
    {{"namespace", K::String, req}, {"name", K::String, req}, {"type", K::String, req}}};
const JsonShape kSymlinks{base({{"identifiers", K::Array, false, &kIdentifier}})};
const JsonShape kPreviousIdentifier{{{"name", K::String, req}, {"namespace", K::String, req}}};
const JsonShape kLifecycle{base({{"lifecycleStateChange", K::String, req},
                                 {"previousIdentifier", K::Object, false, &kPreviousIdentifier}})};
const JsonShape kDatasetType{base({{"datasetType", K::String, req}, {"subType", K::String}})};
const JsonShape kLevel{{{"type", K::String, req}, {"name", K::String, req}}};
const JsonShape kHierarchy{base({{"hierarchy", K::Array, req, &kLevel}})};
const JsonShape kTag{{{"key", K::String, req},
                      {"value", K::String, req},
                      {"source", K::String},
                      {"field", K::String}}};
const JsonShape kTags{base({{"tags", K::Array, false, &kTag}})};
const JsonShape kCatalog{base({{"framework", K::String, req},
                               {"type", K::String, req},
                               {"name", K::String, req},
                               {"catalogProperties", K::Object}})};
const JsonShape kColumnMetric{{{"nullCount", K::Integer},
                               {"distinctCount", K::Integer},
                               {"sum", K::Number},
                               {"count", K::Number},
                               {"min", K::Number},
                               {"max", K::Number},
                               {"quantiles", K::Object}}};
const JsonShape kColumnMetrics{{}, &kColumnMetric};
// The schema requires columnMetrics; OpenLineage's own full example event sends rowCount,
// bytes and fileCount alone, so one of rowCount and columnMetrics is required
// (docs/openlineage.md).
const JsonShape kQualityMetrics{base({{"rowCount", K::Integer},
                                      {"bytes", K::Integer},
                                      {"fileCount", K::Integer},
                                      {"lastUpdated", K::String},
                                      {"columnMetrics", K::Object, false, &kColumnMetrics}}),
                                nullptr,
                                {"columnMetrics", "rowCount"}};
const JsonShape kAssertion{
    {{"assertion", K::String, req}, {"success", K::Boolean, req}, {"column", K::String}}};
const JsonShape kQualityAssertions{base({{"assertions", K::Array, req, &kAssertion}})};
const JsonShape kStatistics{
    base({{"rowCount", K::Integer}, {"size", K::Integer}, {"fileCount", K::Integer}})};
// BaseSubsetDatasetFacet: oneOf the input form (inputCondition) and the output form
// (outputCondition), wherever it is attached; a condition (a recursive oneOf) is an object.
const JsonShape kSubset{base({{"inputCondition", K::Object}, {"outputCondition", K::Object}}),
                        nullptr,
                        {"inputCondition", "outputCondition"}};
// LineageFacet: anyOf the dataset form (inputs, fields) and the job form (entries, required
// there), under the one name in either place: {} is a valid dataset form.
const JsonShape kLineageInput{{{"namespace", K::String}, {"name", K::String}, {"type", K::String}}};
const JsonShape kLineage{base(
    {{"inputs", K::Array, false, &kLineageInput}, {"fields", K::Object}, {"entries", K::Array}})};

// ---- Job facets ----
const JsonShape kSql{base({{"query", K::String, req}, {"dialect", K::String}})};
const JsonShape kSourceCode{base({{"language", K::String, req}, {"sourceCode", K::String, req}})};
const JsonShape kSourceCodeLocation{base({{"type", K::String, req}, {"url", K::String, req}})};
const JsonShape kJobType{base(
    {{"processingType", K::String, req}, {"integration", K::String, req}, {"jobType", K::String}})};

// ---- Run facets ----
const JsonShape kRunIdentifier{{{"runId", K::String, req}, {"facets", K::Object}}};
const JsonShape kJobIdentifier{
    {{"namespace", K::String, req}, {"name", K::String, req}, {"facets", K::Object}}};
const JsonShape kRoot{
    {{"run", K::Object, req, &kRunIdentifier}, {"job", K::Object, req, &kJobIdentifier}}};
const JsonShape kParent{base({{"run", K::Object, req, &kRunIdentifier},
                              {"job", K::Object, req, &kJobIdentifier},
                              {"root", K::Object, false, &kRoot}})};
const JsonShape kNominalTime{
    base({{"nominalStartTime", K::String, req}, {"nominalEndTime", K::String}})};
const JsonShape kErrorMessage{base({{"message", K::String, req},
                                    {"programmingLanguage", K::String, req},
                                    {"stackTrace", K::String}})};
const JsonShape kVariable{{{"name", K::String, req}, {"value", K::String, req}}};
const JsonShape kEnvironmentVariables{base({{"environmentVariables", K::Array, req, &kVariable}})};
const JsonShape kExternalQuery{
    base({{"externalQueryId", K::String, req}, {"source", K::String, req}})};
const JsonShape kExtractionErrorItem{{{"errorMessage", K::String, req},
                                      {"stackTrace", K::String},
                                      {"task", K::String},
                                      {"taskNumber", K::Integer}}};
const JsonShape kExtractionError{base({{"totalTasks", K::Integer, req},
                                       {"failedTasks", K::Integer, req},
                                       {"errors", K::Array, req, &kExtractionErrorItem}})};
const JsonShape kTestExecution{{{"name", K::String, req},
                                {"status", K::String, req},
                                {"severity", K::String},
                                {"type", K::String},
                                {"description", K::String},
                                {"content", K::String},
                                {"contentType", K::String},
                                {"params", K::Object}}};
const JsonShape kTest{base({{"tests", K::Array, req, &kTestExecution}})};
// `value` is a string in the schema but a number in its own example: not checked.
const JsonShape kExecutionParameter{
    {{"key", K::String, req}, {"name", K::String}, {"description", K::String}}};
const JsonShape kExecutionParameters{base({{"parameters", K::Array, false, &kExecutionParameter}})};
const JsonShape kDependencyJob{{{"namespace", K::String, req}, {"name", K::String, req}}};
const JsonShape kDependencyRun{{{"runId", K::String, req}}};
const JsonShape kJobDependency{{{"job", K::Object, req, &kDependencyJob},
                                {"run", K::Object, false, &kDependencyRun},
                                {"dependency_type", K::String},
                                {"sequence_trigger_rule", K::String},
                                {"status_trigger_rule", K::String}}};
const JsonShape kJobDependencies{base({{"upstream", K::Array, false, &kJobDependency},
                                       {"downstream", K::Array, false, &kJobDependency},
                                       {"trigger_rule", K::String}})};
const JsonShape kProcessingEngine{base(
    {{"version", K::String, req}, {"name", K::String}, {"openlineageAdapterVersion", K::String}})};

using Tables = std::map<std::pair<FacetPlace, std::string>, const JsonShape*, std::less<>>;

const Tables& tables() {
    using P = FacetPlace;
    static const Tables all = {
        {{P::Dataset, "schema"}, &kSchema},
        {{P::Dataset, "documentation"}, &kDocumentation},
        {{P::Dataset, "ownership"}, &kOwnership},
        {{P::Dataset, "columnLineage"}, &kColumnLineage},
        {{P::Dataset, "dataSource"}, &kDataSource},
        {{P::Dataset, "version"}, &kVersion},
        {{P::Dataset, "storage"}, &kStorage},
        {{P::Dataset, "symlinks"}, &kSymlinks},
        {{P::Dataset, "lifecycleStateChange"}, &kLifecycle},
        {{P::Dataset, "datasetType"}, &kDatasetType},
        {{P::Dataset, "hierarchy"}, &kHierarchy},
        {{P::Dataset, "tags"}, &kTags},
        {{P::Dataset, "catalog"}, &kCatalog},
        {{P::Dataset, "dataQualityMetrics"}, &kQualityMetrics},
        {{P::Input, "dataQualityMetrics"}, &kQualityMetrics},
        {{P::Input, "dataQualityAssertions"}, &kQualityAssertions},
        {{P::Dataset, "lineage"}, &kLineage},
        {{P::Input, "inputStatistics"}, &kStatistics},
        {{P::Input, "subset"}, &kSubset},
        {{P::Output, "outputStatistics"}, &kStatistics},
        {{P::Output, "subset"}, &kSubset},
        {{P::Job, "lineage"}, &kLineage},
        {{P::Job, "documentation"}, &kDocumentation},
        {{P::Job, "ownership"}, &kOwnership},
        {{P::Job, "sql"}, &kSql},
        {{P::Job, "sourceCode"}, &kSourceCode},
        {{P::Job, "sourceCodeLocation"}, &kSourceCodeLocation},
        {{P::Job, "jobType"}, &kJobType},
        {{P::Job, "tags"}, &kTags},
        {{P::Run, "parent"}, &kParent},
        {{P::Run, "nominalTime"}, &kNominalTime},
        {{P::Run, "errorMessage"}, &kErrorMessage},
        {{P::Run, "environmentVariables"}, &kEnvironmentVariables},
        {{P::Run, "externalQuery"}, &kExternalQuery},
        {{P::Run, "extractionError"}, &kExtractionError},
        {{P::Run, "processing_engine"}, &kProcessingEngine},
        {{P::Run, "tags"}, &kTags},
        {{P::Run, "test"}, &kTest},
        {{P::Run, "executionParameters"}, &kExecutionParameters},
        {{P::Run, "jobDependencies"}, &kJobDependencies},
    };
    return all;
}

}  // namespace

const JsonShape* standardFacetShape(FacetPlace place, std::string_view name) {
    const auto found = tables().find(std::make_pair(place, std::string(name)));
    return found == tables().end() ? nullptr : found->second;
}

}  // namespace tessera::core
