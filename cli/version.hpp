// The client's version, printed by `tessera version` and `tessera doctor` (spec 04 §6).
#pragma once

namespace tessera::cli {

inline constexpr const char* kClientVersion = "0.1.0";

}  // namespace tessera::cli
