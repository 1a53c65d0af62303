// A response body rendered once and sent to many requests (the blast-radius cache,
// server/index/rendered_radius_cache.hpp): bytes that several responses point at, read-only,
// and their gzip form, compressed by the first response that asks for it at a level and then
// kept beside them, so a cached body costs neither a copy nor a second compression.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::server {

class SharedBody {
  public:
    explicit SharedBody(std::string bytes) : bytes_(std::move(bytes)) {}
    SharedBody(const SharedBody&) = delete;
    SharedBody& operator=(const SharedBody&) = delete;

    std::string_view bytes() const { return bytes_; }

    // The gzip form at a zlib level, compressed on first use; null when it would not be
    // smaller than the bytes (remembered too).
    std::shared_ptr<const SharedBody> gzipped(int level) const;

  private:
    const std::string bytes_;
    mutable std::mutex mutex_;
    mutable std::vector<std::pair<int, std::shared_ptr<const SharedBody>>> gzipped_;
};

}  // namespace tessera::server
