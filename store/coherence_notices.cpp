#include "store/coherence_notices.hpp"

#include "store/db_session_exec.hpp"

namespace tessera::store {
namespace {

const Statement kNotifyCredential{"credential_notify", "SELECT pg_notify($1, $2)"};

constexpr std::string_view kKeyPrefix = "key:";
constexpr std::string_view kUserPrefix = "user:";

}  // namespace

void announceApiKeyRevoked(DbSession& db, const std::string& keyId) {
    db.exec(kNotifyCredential, std::string(kCredentialChannel), std::string(kKeyPrefix) + keyId);
}

void announceUserDeactivated(DbSession& db, const std::string& userId) {
    db.exec(kNotifyCredential, std::string(kCredentialChannel), std::string(kUserPrefix) + userId);
}

std::optional<CredentialNotice> parseCredentialNotice(const std::string& payload) {
    const std::string_view text = payload;
    if (text.substr(0, kKeyPrefix.size()) == kKeyPrefix && text.size() > kKeyPrefix.size()) {
        return CredentialNotice{CredentialNotice::Kind::ApiKeyRevoked,
                                std::string(text.substr(kKeyPrefix.size()))};
    }
    if (text.substr(0, kUserPrefix.size()) == kUserPrefix && text.size() > kUserPrefix.size()) {
        return CredentialNotice{CredentialNotice::Kind::UserDeactivated,
                                std::string(text.substr(kUserPrefix.size()))};
    }
    return std::nullopt;
}

}  // namespace tessera::store
