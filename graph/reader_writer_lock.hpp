// A writer-preferring reader/writer lock. std::shared_mutex on glibc prefers readers, so under a
// steady stream of overlapping queries a writer can wait indefinitely; here a waiting writer
// stops new readers from entering. Meets the SharedMutex requirements (std::shared_lock,
// std::unique_lock). Readers must not take it recursively.
#pragma once

#include <pthread.h>

namespace tessera::graph {

class ReaderWriterLock {
  public:
    ReaderWriterLock();
    ~ReaderWriterLock();
    ReaderWriterLock(const ReaderWriterLock&) = delete;
    ReaderWriterLock& operator=(const ReaderWriterLock&) = delete;

    void lock();
    bool try_lock();
    void unlock();
    void lock_shared();
    bool try_lock_shared();
    void unlock_shared();

  private:
    pthread_rwlock_t lock_;
};

}  // namespace tessera::graph
