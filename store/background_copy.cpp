#include "store/background_copy.hpp"

#include <stdexcept>
#include <utility>

namespace tessera::store {
namespace {

struct Cancelled {};  // thrown inside the reader to abandon its copy

// A snapshot id as pg_export_snapshot() returns it ("00000003-0000001B-1"): hex digits and
// dashes only, so it may be spliced into SET TRANSACTION SNAPSHOT, which takes no parameter.
bool isSnapshotId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
        if (!hex && c != '-') return false;
    }
    return true;
}

}  // namespace

BackgroundCopy::BackgroundCopy(std::string connectionString, std::string snapshotId,
                               std::string selectQuery) {
    if (!isSnapshotId(snapshotId)) throw std::invalid_argument("not a snapshot id: " + snapshotId);
    reader_ =
        std::thread([this, connectionString = std::move(connectionString),
                     snapshotId = std::move(snapshotId), selectQuery = std::move(selectQuery)] {
            read(connectionString, snapshotId, selectQuery);
        });
}

BackgroundCopy::~BackgroundCopy() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cancelled_ = true;
    }
    changed_.notify_all();
    if (reader_.joinable()) reader_.join();
}

void BackgroundCopy::read(const std::string& connectionString, const std::string& snapshotId,
                          const std::string& selectQuery) {
    std::exception_ptr failure;
    try {
        LibpqConnection db(connectionString);
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        db.execute(("SET TRANSACTION SNAPSHOT '" + snapshotId + "'").c_str());
        {
            std::lock_guard<std::mutex> lock(mutex_);
            readerStarted_ = true;
        }
        changed_.notify_all();
        std::string chunk = emptyChunk();
        db.copyOutMessages(selectQuery, [&](std::string_view message) {
            chunk.append(message);
            if (chunk.size() >= kChunkBytes) {
                push(std::move(chunk));
                chunk = emptyChunk();
            }
        });
        if (!chunk.empty()) push(std::move(chunk));
        db.execute("COMMIT");
    } catch (const Cancelled&) {
        // The consumer gave up: the connection closed with its copy unfinished, nothing to say.
    } catch (...) {
        failure = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        failure_ = failure;
        readerDone_ = true;
    }
    changed_.notify_all();
}

bool BackgroundCopy::waitUntilStarted() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return readerStarted_ || readerDone_; });
    return readerStarted_;
}

void BackgroundCopy::push(std::string chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return cancelled_ || queuedBytes_ < kMaxQueuedBytes; });
    if (cancelled_) throw Cancelled{};
    queuedBytes_ += chunk.size();
    chunks_.push_back(std::move(chunk));
    lock.unlock();
    changed_.notify_all();
}

std::string BackgroundCopy::emptyChunk() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!spares_.empty()) {
            std::string chunk = std::move(spares_.back());
            spares_.pop_back();
            return chunk;
        }
    }
    std::string chunk;
    chunk.reserve(kChunkBytes + 4096);
    return chunk;
}

void BackgroundCopy::consume(size_t columns, const LibpqConnection::RowVisitor& visit) {
    BinaryCopyParser parser(columns);
    BinaryFields fields(columns);
    for (;;) {
        std::string chunk;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [this] { return !chunks_.empty() || readerDone_; });
            if (chunks_.empty()) {
                if (failure_) std::rethrow_exception(failure_);
                break;
            }
            const auto first = chunks_.begin();  // the queue is not empty: checked above
            chunk = std::move(*first);
            chunks_.erase(first);
            queuedBytes_ -= chunk.size();
        }
        changed_.notify_all();
        std::string_view rest(chunk);
        while (!rest.empty() && parser.next(rest, fields)) visit(fields);
        chunk.clear();
        std::lock_guard<std::mutex> lock(mutex_);
        if (spares_.size() < 4) spares_.push_back(std::move(chunk));
    }
    if (!parser.finished()) throw std::runtime_error("binary COPY ended without its trailer");
}

}  // namespace tessera::store
