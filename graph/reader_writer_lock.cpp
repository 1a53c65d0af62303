#include "graph/reader_writer_lock.hpp"

#include <cerrno>
#include <system_error>

namespace tessera::graph {
namespace {

void check(int error, const char* what) {
    if (error != 0) throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

ReaderWriterLock::ReaderWriterLock() {
    pthread_rwlockattr_t attributes;
    check(pthread_rwlockattr_init(&attributes), "pthread_rwlockattr_init");
    pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    const int error = pthread_rwlock_init(&lock_, &attributes);
    pthread_rwlockattr_destroy(&attributes);
    check(error, "pthread_rwlock_init");
}

ReaderWriterLock::~ReaderWriterLock() {
    pthread_rwlock_destroy(&lock_);
}

void ReaderWriterLock::lock() {
    check(pthread_rwlock_wrlock(&lock_), "pthread_rwlock_wrlock");
}

bool ReaderWriterLock::try_lock() {
    return pthread_rwlock_trywrlock(&lock_) == 0;
}

void ReaderWriterLock::unlock() {
    pthread_rwlock_unlock(&lock_);
}

void ReaderWriterLock::lock_shared() {
    // EAGAIN (too many readers) is the only transient failure; the others are bugs.
    int error;
    while ((error = pthread_rwlock_rdlock(&lock_)) == EAGAIN) {
    }
    check(error, "pthread_rwlock_rdlock");
}

bool ReaderWriterLock::try_lock_shared() {
    return pthread_rwlock_tryrdlock(&lock_) == 0;
}

void ReaderWriterLock::unlock_shared() {
    pthread_rwlock_unlock(&lock_);
}

}  // namespace tessera::graph
