// JSON the user hands the client (a schema file, a --metadata value): checked before any
// request is sent; a bad one ends the run with a one-line error and exit status 2.
#pragma once

#include <string>

namespace tessera::cli {

// The file's JSON object, compacted. Missing, unreadable, not JSON or not an object →
// `Error: schema file '<path>' …` on stderr, ExitRequest{2}.
std::string readSchemaFile(const std::string& path);
// `text` compacted when it is a JSON object; else `Error: --<option> is not a JSON object`, exit 2.
std::string parseObjectOption(const std::string& option, const std::string& text);

}  // namespace tessera::cli
