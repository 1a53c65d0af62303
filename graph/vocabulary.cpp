// Wire spellings of the graph's enumerations (spec 02 §1), indexed by enumerator value.
#include <array>

#include "graph/dependency_index.hpp"

namespace tessera::graph {
namespace {

constexpr std::array<std::string_view, 3> kDependencyTypes = {"consumes", "references",
                                                              "transforms"};
constexpr std::array<std::string_view, 3> kRegistrationStatuses = {"active", "migrating",
                                                                   "inactive"};

template <class Enum, size_t N>
std::optional<Enum> parseName(const std::array<std::string_view, N>& names, std::string_view text) {
    for (size_t i = 0; i < N; ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

}  // namespace

std::string_view toString(DependencyType type) {
    return kDependencyTypes.at(size_t(type));
}

std::string_view toString(RegistrationStatus status) {
    return kRegistrationStatuses.at(size_t(status));
}

std::optional<DependencyType> parseDependencyType(std::string_view text) {
    return parseName<DependencyType>(kDependencyTypes, text);
}

std::optional<RegistrationStatus> parseRegistrationStatus(std::string_view text) {
    return parseName<RegistrationStatus>(kRegistrationStatuses, text);
}

}  // namespace tessera::graph
