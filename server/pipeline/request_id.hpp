// The request id of a request (spec 01 §3, issue 18 "bad input"): the client's `X-Request-ID`
// when it is a plain token, else a fresh UUID. The id is echoed in a header, in error bodies and
// in every log line, so a value that could break any of them (or flood them) is never taken.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::server {

// Longest `X-Request-ID` taken from a client; longer ones are replaced.
inline constexpr std::size_t kMaxRequestIdLength = 128;

// 1..kMaxRequestIdLength characters of [A-Za-z0-9._-].
bool isAcceptableRequestId(std::string_view id);

// The client's id when acceptable, otherwise a new random UUID v4.
std::string requestIdFor(const std::optional<std::string>& clientId);

}  // namespace tessera::server
