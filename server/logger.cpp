#include "server/logger.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>

#include "core/json.hpp"
#include "core/timestamp.hpp"

namespace tessera::server {
namespace {

std::atomic<int> minimumLevel{static_cast<int>(LogLevel::Info)};
std::atomic<int> outputFormat{static_cast<int>(LogFormat::Text)};
std::mutex outputMutex;

const char* levelName(LogLevel level, LogFormat format) {
    const bool json = format == LogFormat::Json;
    switch (level) {
        case LogLevel::Debug:
            return json ? "debug" : "DEBUG";
        case LogLevel::Info:
            return json ? "info" : "INFO";
        case LogLevel::Warning:
            return json ? "warning" : "WARNING";
        case LogLevel::Error:
            return json ? "error" : "ERROR";
    }
    return "info";
}

// Text values are printed bare unless a reader could misparse them.
bool needsQuotes(std::string_view text) {
    if (text.empty()) return true;
    for (const unsigned char c : text) {
        if (c <= ' ' || c == '"' || c == '=' || c == 0x7f) return true;
    }
    return false;
}

std::string numberText(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

std::string textLine(int64_t at, LogLevel level, std::string_view message,
                     const std::vector<LogField>& fields) {
    std::string line = core::formatTimestamp(at);
    line += ' ';
    line += levelName(level, LogFormat::Text);
    line += ' ';
    line += message;
    for (const LogField& field : fields) {
        line += ' ';
        line += field.key;
        line += '=';
        if (const auto* text = std::get_if<std::string_view>(&field.value)) {
            line += needsQuotes(*text) ? core::jsonQuote(*text) : std::string(*text);
        } else if (const auto* integer = std::get_if<int64_t>(&field.value)) {
            line += std::to_string(*integer);
        } else {
            line += numberText(std::get<double>(field.value));
        }
    }
    return line;
}

std::string jsonLine(int64_t at, LogLevel level, std::string_view message,
                     const std::vector<LogField>& fields) {
    rapidjson::StringBuffer buffer;
    core::JsonWriter w(buffer);
    w.StartObject();
    w.Key("time");
    core::writeString(w, core::formatTimestamp(at));
    w.Key("level");
    w.String(levelName(level, LogFormat::Json));
    w.Key("message");
    core::writeString(w, message);
    for (const LogField& field : fields) {
        core::writeKey(w, field.key);
        if (const auto* text = std::get_if<std::string_view>(&field.value)) {
            core::writeString(w, *text);
        } else if (const auto* integer = std::get_if<int64_t>(&field.value)) {
            w.Int64(*integer);
        } else {
            const std::string number = numberText(std::get<double>(field.value));
            w.RawValue(number.data(), number.size(), rapidjson::kNumberType);
        }
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

void setLogLevel(std::string_view level) {
    if (level == "debug") minimumLevel = static_cast<int>(LogLevel::Debug);
    if (level == "info") minimumLevel = static_cast<int>(LogLevel::Info);
    if (level == "warning" || level == "warn") minimumLevel = static_cast<int>(LogLevel::Warning);
    if (level == "error") minimumLevel = static_cast<int>(LogLevel::Error);
}

void setLogFormat(LogFormat format) {
    outputFormat = static_cast<int>(format);
}

void setLogFormat(std::string_view format) {
    if (format == "json") return setLogFormat(LogFormat::Json);
    if (format == "text") return setLogFormat(LogFormat::Text);
    setLogFormat(::isatty(STDERR_FILENO) ? LogFormat::Text : LogFormat::Json);
}

bool logEnabled(LogLevel level) {
    return static_cast<int>(level) >= minimumLevel.load(std::memory_order_relaxed);
}

std::string formatLogLine(LogFormat format, int64_t epochMicros, LogLevel level,
                          std::string_view message, const std::vector<LogField>& fields) {
    return format == LogFormat::Json ? jsonLine(epochMicros, level, message, fields)
                                     : textLine(epochMicros, level, message, fields);
}

void log(LogLevel level, std::string_view message, const std::vector<LogField>& fields) {
    if (!logEnabled(level)) return;
    const auto format = static_cast<LogFormat>(outputFormat.load(std::memory_order_relaxed));
    const std::string line =
        formatLogLine(format, core::currentEpochMicros(), level, message, fields);
    std::lock_guard lock(outputMutex);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

}  // namespace tessera::server
