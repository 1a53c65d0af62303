#include "server/notify/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tessera::server {

std::string webhookSignature(std::string_view secret, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string signature = "sha256=";
    for (unsigned int i = 0; i < length; ++i) {
        signature += kHex[digest[i] >> 4];
        signature += kHex[digest[i] & 0x0f];
    }
    return signature;
}

}  // namespace tessera::server
