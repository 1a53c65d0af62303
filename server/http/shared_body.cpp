#include "server/http/shared_body.hpp"

#include "server/http/response_compression.hpp"

namespace tessera::server {

std::shared_ptr<const SharedBody> SharedBody::gzipped(int level) const {
    // Held while compressing: requests for the same body wait for the one compression rather
    // than each doing it.
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [knownLevel, form] : gzipped_) {
        if (knownLevel == level) return form;
    }
    std::string compressed = gzipCompress(bytes_, level);
    std::shared_ptr<const SharedBody> form;
    if (compressed.size() < bytes_.size())
        form = std::make_shared<SharedBody>(std::move(compressed));
    gzipped_.emplace_back(level, form);
    return form;
}

}  // namespace tessera::server
