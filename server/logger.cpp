#include "server/logger.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/timestamp.hpp"

namespace tessera::server {
namespace {

std::atomic<int> minimumLevel{static_cast<int>(LogLevel::Info)};
std::mutex outputMutex;

const char* levelName(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "DEBUG";
        case LogLevel::Info:
            return "INFO";
        case LogLevel::Warning:
            return "WARNING";
        case LogLevel::Error:
            return "ERROR";
    }
    return "INFO";
}

}  // namespace

void setLogLevel(std::string_view level) {
    if (level == "debug") minimumLevel = static_cast<int>(LogLevel::Debug);
    if (level == "info") minimumLevel = static_cast<int>(LogLevel::Info);
    if (level == "warning") minimumLevel = static_cast<int>(LogLevel::Warning);
    if (level == "error") minimumLevel = static_cast<int>(LogLevel::Error);
}

void log(LogLevel level, std::string_view message) {
    if (static_cast<int>(level) < minimumLevel.load(std::memory_order_relaxed)) return;
    const std::string stamp = core::formatTimestamp(core::currentEpochMicros());
    std::lock_guard lock(outputMutex);
    std::fprintf(stderr, "%s %s %.*s\n", stamp.c_str(), levelName(level),
                 static_cast<int>(message.size()), message.data());
    std::fflush(stderr);
}

}  // namespace tessera::server
