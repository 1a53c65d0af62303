// Minimal structured logging to stderr: one line per event, thread-safe.
#pragma once

#include <string_view>

namespace tessera::server {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

void setLogLevel(std::string_view level);
void log(LogLevel level, std::string_view message);

inline void logInfo(std::string_view message) {
    log(LogLevel::Info, message);
}
inline void logWarning(std::string_view message) {
    log(LogLevel::Warning, message);
}
inline void logError(std::string_view message) {
    log(LogLevel::Error, message);
}

}  // namespace tessera::server
