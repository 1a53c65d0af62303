#include "server/notify/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/hex.hpp"

namespace tessera::server {

std::string webhookSignature(std::string_view secret, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    return "sha256=" + core::hexEncode(digest, length);
}

}  // namespace tessera::server
