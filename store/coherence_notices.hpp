// Notices that keep what each replica remembers coherent with Postgres, beside the graph
// channel (store/graph_changes.hpp):
// - `tessera_credentials`: an API key revoked or a user deactivated, sent in the writer's
//   transaction, so every replica forgets the credential within moments of the commit
//   (the credential cache would otherwise honour it for its time-to-live);
// - `tessera_resync`: rows changed by someone other than the server (migration 003's trigger):
//   every replica drops what it derived from the tables and rebuilds it.
#pragma once

#include <optional>
#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

inline constexpr const char* kCredentialChannel = "tessera_credentials";
inline constexpr const char* kResyncChannel = "tessera_resync";

void announceApiKeyRevoked(DbSession& db, const std::string& keyId);
void announceUserDeactivated(DbSession& db, const std::string& userId);

struct CredentialNotice {
    enum class Kind { ApiKeyRevoked, UserDeactivated };
    Kind kind;
    std::string id;
};
// "key:<id>" / "user:<id>"; nullopt for anything else.
std::optional<CredentialNotice> parseCredentialNotice(const std::string& payload);

}  // namespace tessera::store
