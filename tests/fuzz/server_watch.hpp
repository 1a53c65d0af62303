// What /proc says about the server process: alive (not gone, not a zombie) and its memory.
#pragma once

#include <sys/types.h>

#include "tests/support/server_process.hpp"

namespace tessera::fuzz {

bool processAlive(pid_t pid);
inline long rssKb(pid_t pid) {
    return testing::processStatusKb(pid, "VmRSS");
}
inline long peakRssKb(pid_t pid) {
    return testing::processStatusKb(pid, "VmHWM");
}

}  // namespace tessera::fuzz
