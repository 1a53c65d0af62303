#include "server/metrics/process_metrics.hpp"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace tessera::server {
namespace {

std::optional<std::string> readFile(const char* path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string_view> splitSpaces(std::string_view text) {
    std::vector<std::string_view> fields;
    size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\n')) ++at;
        const size_t end = text.find_first_of(" \n", at);
        const size_t stop = end == std::string_view::npos ? text.size() : end;
        if (stop > at) fields.push_back(text.substr(at, stop - at));
        at = stop;
    }
    return fields;
}

std::optional<double> number(std::string_view text) {
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

// Open descriptors: the entries of /proc/self/fd, less the one opendir() itself holds.
std::optional<double> openFds() {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return std::nullopt;
    double count = 0;
    while (const dirent* entry = readdir(dir)) {
        if (entry->d_name[0] != '.') ++count;
    }
    closedir(dir);
    return count - 1;
}

}  // namespace

std::optional<ProcStat> parseProcStat(std::string_view line) {
    const size_t close = line.rfind(')');
    if (close == std::string_view::npos) return std::nullopt;
    // After ") ": field 3 (state) onwards; proc(5) numbers fields from 1.
    const std::vector<std::string_view> fields = splitSpaces(line.substr(close + 1));
    const auto field = [&](size_t number) -> std::optional<double> {
        if (number < 3 || number - 3 >= fields.size()) return std::nullopt;
        return tessera::server::number(fields[number - 3]);
    };
    const auto user = field(14), system = field(15), threads = field(20), start = field(22),
               vsize = field(23), rss = field(24);
    if (!user || !system || !threads || !start || !vsize || !rss) return std::nullopt;
    return ProcStat{*user, *system, static_cast<long>(*threads), *start, *vsize, *rss};
}

std::optional<double> parseBootTime(std::string_view procStat) {
    size_t at = 0;
    while (at < procStat.size()) {
        size_t end = procStat.find('\n', at);
        if (end == std::string_view::npos) end = procStat.size();
        const std::vector<std::string_view> fields = splitSpaces(procStat.substr(at, end - at));
        if (fields.size() == 2 && fields[0] == "btime") return number(fields[1]);
        at = end + 1;
    }
    return std::nullopt;
}

std::optional<double> parseMaxOpenFiles(std::string_view procLimits) {
    const std::string_view label = "Max open files";
    const size_t at = procLimits.find(label);
    if (at == std::string_view::npos) return std::nullopt;
    size_t end = procLimits.find('\n', at);
    if (end == std::string_view::npos) end = procLimits.size();
    const std::vector<std::string_view> fields =
        splitSpaces(procLimits.substr(at + label.size(), end - at - label.size()));
    if (fields.empty()) return std::nullopt;
    return number(fields[0]);  // the soft limit; "unlimited" is no number
}

void sampleProcessMetrics(MetricsRegistry& registry) {
    const auto set = [&](const char* name, const char* help, std::optional<double> value) {
        if (value) registry.gauge(name, {}, help).set(*value);
    };
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double pageBytes = static_cast<double>(sysconf(_SC_PAGESIZE));
    const auto statText = readFile("/proc/self/stat");
    const auto stat = statText ? parseProcStat(*statText) : std::nullopt;
    if (stat && ticks > 0) {
        registry
            .sampledCounter("process_cpu_seconds_total", {},
                            "Total user and system CPU time spent in seconds.")
            .set((stat->userTicks + stat->systemTicks) / ticks);
        set("process_resident_memory_bytes", "Resident memory size in bytes.",
            stat->residentPages * pageBytes);
        set("process_virtual_memory_bytes", "Virtual memory size in bytes.", stat->virtualBytes);
        set("process_threads", "Number of OS threads in the process.",
            static_cast<double>(stat->threads));
        const auto systemText = readFile("/proc/stat");
        const auto boot = systemText ? parseBootTime(*systemText) : std::nullopt;
        if (boot) {
            set("process_start_time_seconds",
                "Start time of the process since unix epoch in seconds.",
                *boot + stat->startTicksAfterBoot / ticks);
        }
    }
    set("process_open_fds", "Number of open file descriptors.", openFds());
    const auto limits = readFile("/proc/self/limits");
    set("process_max_fds", "Maximum number of open file descriptors.",
        limits ? parseMaxOpenFiles(*limits) : std::nullopt);
}

}  // namespace tessera::server
