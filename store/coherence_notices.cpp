#include "store/coherence_notices.hpp"

#include "store/channel_notify.hpp"

namespace tessera::store {
namespace {

constexpr std::string_view kKeyPrefix = "key:";
constexpr std::string_view kUserPrefix = "user:";

}  // namespace

void announceApiKeyRevoked(DbSession& db, const std::string& keyId) {
    notifyChannel(db, kCredentialChannel, std::string(kKeyPrefix) + keyId);
}

void announceUserDeactivated(DbSession& db, const std::string& userId) {
    notifyChannel(db, kCredentialChannel, std::string(kUserPrefix) + userId);
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
