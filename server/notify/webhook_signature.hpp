// X-Tessera-Signature (spec 04 §3.4): "sha256=" + lowercase hex HMAC-SHA256 of the exact body
// bytes, keyed with the secret's UTF-8 bytes.
#pragma once

#include <string>
#include <string_view>

namespace tessera::server {

std::string webhookSignature(std::string_view secret, std::string_view body);

}  // namespace tessera::server
