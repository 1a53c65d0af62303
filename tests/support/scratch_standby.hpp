// A streaming replica of the scratch cluster (scripts/lib.sh pg_start_standby: a base backup
// with -R, started on a free port), for the read-replica tests. Stopped and deleted when the
// fixture goes away, however the test ends.
#pragma once

#include <string>

namespace tessera::testing {

class ScratchStandby {
  public:
    ScratchStandby();
    ~ScratchStandby();
    ScratchStandby(const ScratchStandby&) = delete;
    ScratchStandby& operator=(const ScratchStandby&) = delete;

    // The replica's URL for `databaseUrl`'s database (a scratch database of the primary).
    std::string urlFor(const std::string& databaseUrl) const;

    void stop();
    void start();

  private:
    std::string dataDir_;
    std::string port_;
    bool running_ = false;
};

}  // namespace tessera::testing
