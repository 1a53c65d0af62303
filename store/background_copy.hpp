// One table of the dependency-index load read on a connection of its own, inside the snapshot
// that the main connection exported, so that Postgres scans and sends it while the main
// connection's tables are read and built (GraphSource::loadAll: the edges and the
// registrations, the two largest, while the teams, assets and contracts are read).
//
// The reader thread only moves CopyData messages into chunks of about a megabyte; the rows are
// parsed and visited on the caller's thread by consume(), in order, so visitors need no locks.
// At most kMaxQueuedBytes wait in the queue: past that the reader stops reading, the socket
// fills and Postgres waits, so memory stays bounded whatever the table's size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/libpq_connection.hpp"

namespace tessera::store {

class BackgroundCopy {
  public:
    static constexpr size_t kChunkBytes = 1 << 20;
    static constexpr size_t kMaxQueuedBytes = 64 << 20;

    // Connects and starts `COPY (selectQuery) TO STDOUT (FORMAT binary)` on a thread, in a
    // REPEATABLE READ READ ONLY transaction on `snapshotId` (pg_export_snapshot() of a
    // transaction that stays open until consume() has returned).
    BackgroundCopy(std::string connectionString, std::string snapshotId, std::string selectQuery);
    // Stops the reader (abandoning its copy and connection) if consume() did not finish.
    ~BackgroundCopy();
    BackgroundCopy(const BackgroundCopy&) = delete;
    BackgroundCopy& operator=(const BackgroundCopy&) = delete;

    // Waits until the reader has connected and imported the snapshot; false if it could not
    // (too many connections, a snapshot gone): the caller then reads the table itself.
    bool waitUntilStarted();

    // Visits every row, in order, on the calling thread; returns when the copy is over. Throws
    // std::runtime_error with the reader's failure (connection, snapshot, COPY) or a parse error.
    void consume(size_t columns, const LibpqConnection::RowVisitor& visit);

  private:
    void read(const std::string& connectionString, const std::string& snapshotId,
              const std::string& selectQuery);
    void push(std::string chunk);  // blocks while the queue is full; throws once cancelled
    std::string emptyChunk();      // a spare, or a new one

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> chunks_;
    // Chunks the consumer has parsed, handed back with their capacity for the reader to fill
    // again: a fresh megabyte per chunk would be fresh pages, zeroed by the kernel on first
    // touch (~15 % of a 10M-asset start-up's CPU before they were reused).
    std::vector<std::string> spares_;
    size_t queuedBytes_ = 0;
    bool readerStarted_ = false;
    bool readerDone_ = false;
    bool cancelled_ = false;
    std::exception_ptr failure_;
    std::thread reader_;
};

}  // namespace tessera::store
