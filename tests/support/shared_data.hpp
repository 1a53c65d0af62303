// Real files written by others, read where CI keeps them (../shared/data beside the checkout,
// or TESSERA_SHARED_DATA); never copied into the repository.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/catch.hpp"

namespace tessera::testing {

inline std::string sharedDataPath(const std::string& relative) {
    const char* overridden = std::getenv("TESSERA_SHARED_DATA");
    return std::string(overridden ? overridden : TESSERA_SHARED_DATA_DIR) + "/" + relative;
}

inline std::string sharedFile(const std::string& relative) {
    const std::string path = sharedDataPath(relative);
    std::ifstream file(path);
    INFO("reading " << path);
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace tessera::testing
