// The name a web UI detail page shows in its title (spec 04 §5.3): the user's or team's name,
// the asset's FQN, the contract's asset and version, the proposal's asset. Nothing for an
// unknown or deleted row, which makes the page a 404.
#pragma once

#include <optional>
#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

enum class PageSubject { User, Team, Asset, Contract, Proposal };

std::optional<std::string> pageSubjectName(DbSession& db, PageSubject subject,
                                           const std::string& id);

}  // namespace tessera::store
