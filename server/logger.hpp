// Structured logging to stderr: one line per event, thread-safe. Two formats (issue 18):
// `text` — `<time> <LEVEL> <message> key=value …` for a terminal — and `json` — one object per
// line, {"time","level","message", fields…}, for log collectors. LOG_FORMAT picks one; by
// default text when stderr (where the lines go) is a terminal, JSON otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tessera::server {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };
enum class LogFormat { Text, Json };

// One named value of a log line; strings are quoted (JSON) or printed as they are (text; quoted
// when they hold spaces, quotes or control characters).
struct LogField {
    std::string_view key;
    std::variant<std::string_view, int64_t, double> value;
};

// `level`: debug, info, warning (or warn), error; an unknown name keeps the current level.
void setLogLevel(std::string_view level);
void setLogFormat(LogFormat format);
// LOG_FORMAT's value: "json", "text", or empty for the terminal-dependent default.
void setLogFormat(std::string_view format);
bool logEnabled(LogLevel level);

void log(LogLevel level, std::string_view message, const std::vector<LogField>& fields = {});

// The line `log` writes, without the trailing newline (for tests).
std::string formatLogLine(LogFormat format, int64_t epochMicros, LogLevel level,
                          std::string_view message, const std::vector<LogField>& fields);

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
