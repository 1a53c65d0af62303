// Wire spellings of the graph's enumerations (spec 02 §1).
#include "graph/dependency_index.hpp"

namespace tessera::graph {

std::string_view toString(DependencyType type) {
    switch (type) {
        case DependencyType::kConsumes: return "consumes";
        case DependencyType::kReferences: return "references";
        case DependencyType::kTransforms: return "transforms";
    }
    return "consumes";
}

std::string_view toString(RegistrationStatus status) {
    switch (status) {
        case RegistrationStatus::kActive: return "active";
        case RegistrationStatus::kMigrating: return "migrating";
        case RegistrationStatus::kInactive: return "inactive";
    }
    return "active";
}

std::optional<DependencyType> parseDependencyType(std::string_view text) {
    for (const auto type :
         {DependencyType::kConsumes, DependencyType::kReferences, DependencyType::kTransforms}) {
        if (toString(type) == text) return type;
    }
    return std::nullopt;
}

std::optional<RegistrationStatus> parseRegistrationStatus(std::string_view text) {
    for (const auto status : {RegistrationStatus::kActive, RegistrationStatus::kMigrating,
                              RegistrationStatus::kInactive}) {
        if (toString(status) == text) return status;
    }
    return std::nullopt;
}

}  // namespace tessera::graph
