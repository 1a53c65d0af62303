#include "server/handlers/openlineage.hpp"

#include "core/errors.hpp"
#include "core/openlineage_event.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/services/openlineage_ingest.hpp"

namespace tessera::server {
namespace {

constexpr size_t kMaxEventsPerBatch = 1000;

}  // namespace

// One event (an object) or a batch (an array), all or nothing; 201 with an empty body like
// Marquez. Any event that breaks the spec's required fields or a standard facet's shape is a
// 422 naming the field, before anything is written.
HttpResponse ingestLineageEvents(RequestContext& context) {
    if (!context.body) {
        throw core::RequestValidationError({core::ValidationIssue{
            "missing", {std::string("body")}, "Field required", "null", ""}});
    }
    const core::OpenLineageLimits limits{kMaxEventsPerBatch,
                                         static_cast<size_t>(context.config().maxFqnLength)};
    core::OpenLineageReading reading = core::readOpenLineageBody(*context.body, limits);
    if (!reading.issues.empty()) throw core::RequestValidationError(std::move(reading.issues));
    services::ingestOpenLineage(context, reading.events);
    return emptyResponse(core::status::kCreated);
}

}  // namespace tessera::server
