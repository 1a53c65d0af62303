#include "server/middleware/credentials.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/hex.hpp"

namespace tessera::server {
namespace {

void randomBytes(unsigned char* target, size_t size) {
    if (RAND_bytes(target, static_cast<int>(size)) != 1) {
        throw std::runtime_error("the system random generator failed");
    }
}

}  // namespace

std::string generateApiKey() {
    std::array<unsigned char, 32> bytes{};
    randomBytes(bytes.data(), bytes.size());
    return std::string(kApiKeyPrefix) + core::hexEncode(bytes.data(), bytes.size());
}

std::string apiKeyDisplayPrefix(std::string_view key) {
    return std::string(key.substr(0, kApiKeyPrefix.size() + 4));
}

std::string sha256Hex(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return core::hexEncode(digest.data(), digest.size());
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hmacSha256Hex(std::string_view key, std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data(), &length);
    return core::hexEncode(digest.data(), length);
}

std::string randomHex(size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    randomBytes(buffer.data(), buffer.size());
    return core::hexEncode(buffer.data(), buffer.size());
}

std::string hashPassword(std::string_view password) {
    constexpr uint32_t timeCost = 3, memoryKiB = 65536, lanes = 4;
    constexpr size_t saltLength = 16, hashLength = 32;
    std::array<unsigned char, saltLength> salt{};
    randomBytes(salt.data(), salt.size());
    const size_t encodedLength =
        argon2_encodedlen(timeCost, memoryKiB, lanes, saltLength, hashLength, Argon2_id);
    std::string encoded(encodedLength, '\0');
    const int result =
        argon2id_hash_encoded(timeCost, memoryKiB, lanes, password.data(), password.size(),
                              salt.data(), salt.size(), hashLength, encoded.data(), encoded.size());
    if (result != ARGON2_OK) throw std::runtime_error(argon2_error_message(result));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool verifyArgon2id(std::string_view encoded, std::string_view secret) {
    if (encoded.rfind("$argon2id$", 0) != 0) return false;
    const std::string phc(encoded);
    return argon2id_verify(phc.c_str(), secret.data(), secret.size()) == ARGON2_OK;
}

}  // namespace tessera::server
