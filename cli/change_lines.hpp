// Change items (spec 02 §2.5) as `  - <type> at <path>: <message>` lines.
#pragma once

#include <rapidjson/document.h>

#include <ostream>

namespace tessera::cli {

void printChanges(std::ostream& out, const rapidjson::Value& changes);

}  // namespace tessera::cli
