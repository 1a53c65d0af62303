// Connections held open for a whole phase with a request that never finishes, one header byte
// every second: the server must keep answering everyone else, and may time them out.
#pragma once

#include <string>
#include <vector>

#include "tests/support/raw_connection.hpp"

namespace tessera::fuzz {

using testing::Clock;
using testing::IoStatus;
using testing::RawConnection;

class SlowLoris {
  public:
    SlowLoris(int port, size_t connections);
    // One more byte on each connection still open.
    void tick();
    // How the connections ended: "N held to the end, M closed by the server (K with 408)".
    std::string finish();

  private:
    struct Holder {
        RawConnection connection;
        std::string received;
        bool closed = false;
    };
    void drain(Holder& holder);
    std::vector<Holder> holders_;
};

}  // namespace tessera::fuzz
