// The resource schemas of the OpenAPI document, as one JSON object of named JSON Schemas.
#pragma once

#include <string_view>

namespace tessera::server {

std::string_view openApiComponentSchemas();

}  // namespace tessera::server
