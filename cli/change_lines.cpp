#include "cli/change_lines.hpp"

#include "cli/json_text.hpp"

namespace tessera::cli {

void printChanges(std::ostream& out, const rapidjson::Value& changes) {
    if (!changes.IsArray()) return;
    for (const auto& change : changes.GetArray()) {
        out << "  - " << stringAt(change, {"type"}) << " at " << stringAt(change, {"path"}) << ": "
            << stringAt(change, {"message"}) << "\n";
    }
}

}  // namespace tessera::cli
