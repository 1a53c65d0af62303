// The standard OpenLineage facets (spec/facets/*.json of OpenLineage 2-0-2) as shape tables:
// required members and member types, so an event whose standard facet is malformed is refused
// (the invalid events of OpenLineage's own test suite). Custom facets have no table.
#pragma once

#include <string_view>

#include "core/json_shape.hpp"

namespace tessera::core {

// Where a facet sits: run.facets, job.facets, a dataset's facets, inputFacets, outputFacets.
enum class FacetPlace { Run, Job, Dataset, Input, Output };

// The table of the standard facet `name` at `place`; nullptr for any other facet.
const JsonShape* standardFacetShape(FacetPlace place, std::string_view name);

}  // namespace tessera::core
