// The one Catch2 include of the suite: Catch2 3 (catch2/catch_all.hpp; Debian 13, Ubuntu 24.04)
// or Catch2 2 (the single header catch2/catch.hpp), whichever is installed, with the few names
// that differ between them spelled once here.
#pragma once

#include <string>

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#define TESSERA_CATCH2_MAJOR 3
#else
#include <catch2/catch.hpp>
#define TESSERA_CATCH2_MAJOR 2
#endif

#if TESSERA_CATCH2_MAJOR >= 3
using Catch::Approx;  // global in Catch2 2
#endif

// Matchers for CHECK_THROWS_WITH(expression, textContains("…")).
namespace tessera::testing {

#if TESSERA_CATCH2_MAJOR >= 3
inline auto textContains(const std::string& text) {
    return Catch::Matchers::ContainsSubstring(text);
}
#else
inline auto textContains(const std::string& text) {
    return Catch::Matchers::Contains(text);
}
#endif

inline auto textStartsWith(const std::string& text) {
    return Catch::Matchers::StartsWith(text);
}

}  // namespace tessera::testing
