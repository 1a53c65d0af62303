// The manifest of a dbt sync request read by the 04 §4.4 rules: a shape they cannot read, or
// an FQN no asset can hold, is a 422 naming the key (error.details.path).
#pragma once

#include <rapidjson/document.h>

#include "core/dbt_manifest.hpp"

namespace tessera::server {

core::DbtManifest readManifestOrRefuse(const rapidjson::Value& manifest);

}  // namespace tessera::server
