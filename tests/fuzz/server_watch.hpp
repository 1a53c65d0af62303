// What /proc says about the server process: alive (not gone, not a zombie) and its memory.
#pragma once

#include <sys/types.h>

#include <string>

namespace tessera::fuzz {

bool processAlive(pid_t pid);
// A "VmRSS" / "VmHWM" line of /proc/<pid>/status in KiB, 0 when unreadable.
long statusKb(pid_t pid, const std::string& field);
inline long rssKb(pid_t pid) {
    return statusKb(pid, "VmRSS");
}
inline long peakRssKb(pid_t pid) {
    return statusKb(pid, "VmHWM");
}

}  // namespace tessera::fuzz
