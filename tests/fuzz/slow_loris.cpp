#include "tests/fuzz/slow_loris.hpp"

namespace tessera::fuzz {

SlowLoris::SlowLoris(int port, size_t connections) {
    for (size_t i = 0; i < connections; ++i) {
        IoStatus status;
        Holder holder;
        holder.connection = RawConnection::open(port, status);
        if (!holder.connection.isOpen()) continue;
        holder.connection.write("POST /api/v1/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                                Clock::now() + std::chrono::seconds(1));
        holders_.push_back(std::move(holder));
    }
}

void SlowLoris::drain(Holder& holder) {
    if (holder.closed) return;
    // Whatever the server sent (a 408) without waiting; a closed connection ends the holder.
    const IoStatus status = holder.connection.readSome(holder.received, Clock::now());
    if (status == IoStatus::Closed) {
        holder.closed = true;
        holder.connection.close();
    }
}

void SlowLoris::tick() {
    for (Holder& holder : holders_) {
        drain(holder);
        if (holder.closed) continue;
        if (holder.connection.write("a", Clock::now() + std::chrono::milliseconds(100)) ==
            IoStatus::Closed) {
            holder.closed = true;
            holder.connection.close();
        }
    }
}

std::string SlowLoris::finish() {
    size_t open = 0, closed = 0, timedOut = 0;
    for (Holder& holder : holders_) {
        drain(holder);
        if (holder.received.find(" 408 ") != std::string::npos) ++timedOut;
        if (holder.closed) {
            ++closed;
        } else {
            ++open;
            holder.connection.close();
        }
    }
    return std::to_string(open) + " held to the end, " + std::to_string(closed) +
           " closed by the server (" + std::to_string(timedOut) + " answered 408)";
}

}  // namespace tessera::fuzz
