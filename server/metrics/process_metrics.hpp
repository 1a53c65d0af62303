// The standard `process_*` metrics every Prometheus client library exports, read from
// /proc/self at scrape time (Linux only, like the server):
//   process_cpu_seconds_total        counter  user + system CPU time
//   process_resident_memory_bytes    gauge    resident set size
//   process_virtual_memory_bytes     gauge    virtual memory size
//   process_open_fds / process_max_fds  gauge  open file descriptors and their soft limit
//   process_threads                  gauge    OS threads
//   process_start_time_seconds       gauge    start time, seconds since the Unix epoch
// A figure /proc cannot give (a hardened /proc, a container without it) is left out rather
// than reported as 0.
#pragma once

#include <optional>
#include <string_view>

#include "server/metrics/metrics_registry.hpp"

namespace tessera::server {

// The fields of /proc/<pid>/stat the metrics need (proc(5); clock ticks and pages as read).
struct ProcStat {
    double userTicks = 0;
    double systemTicks = 0;
    long threads = 0;
    double startTicksAfterBoot = 0;
    double virtualBytes = 0;
    double residentPages = 0;
};

// Parses one /proc/<pid>/stat line; the command (field 2) may hold spaces and parentheses, so
// fields are counted from its last ')'. nullopt for anything that is not such a line.
std::optional<ProcStat> parseProcStat(std::string_view line);

// `btime` of /proc/stat: the boot time in seconds since the epoch.
std::optional<double> parseBootTime(std::string_view procStat);

// "Max open files" soft limit of /proc/<pid>/limits ("unlimited" → nullopt).
std::optional<double> parseMaxOpenFiles(std::string_view procLimits);

// Reads /proc/self and sets the process_* gauges on `registry`.
void sampleProcessMetrics(MetricsRegistry& registry);

}  // namespace tessera::server
