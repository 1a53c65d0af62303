// Secrets: API-key generation and hashing (SHA-256, 00-decisions), constant-time comparison,
// and Argon2id password hashes (spec 01 §9.2 parameters). OpenSSL and libargon2.
#pragma once

#include <string>
#include <string_view>

namespace tessera::server {

inline constexpr std::string_view kApiKeyPrefix = "tess_live_";

// `tess_live_` + 64 lowercase hex characters from the CSPRNG (32 random bytes).
std::string generateApiKey();

// `tess_live_` + the first 4 hex characters: the non-secret part shown in listings.
std::string apiKeyDisplayPrefix(std::string_view key);

// Lowercase hex SHA-256 of `text`.
std::string sha256Hex(std::string_view text);

bool constantTimeEquals(std::string_view a, std::string_view b);

// Lowercase hex HMAC-SHA256 of `text` keyed with `key` (the session cookie's signature).
std::string hmacSha256Hex(std::string_view key, std::string_view text);

// `bytes` bytes from the CSPRNG as lowercase hex (session ids, CSRF nonces).
std::string randomHex(size_t bytes);

// Argon2id PHC string `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>` (16-byte salt, 32-byte
// hash).
std::string hashPassword(std::string_view password);

// Verifies against any valid Argon2id PHC string; false for anything else.
bool verifyArgon2id(std::string_view encoded, std::string_view secret);

}  // namespace tessera::server
