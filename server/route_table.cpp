#include "server/route_table.hpp"

#include "server/handlers/health.hpp"
#include "server/handlers/teams.hpp"

namespace tessera::server {

std::vector<Route> buildRouteTable() {
    using A = AuthRequirement;
    using B = RateBucket;
    const BodyKind json = BodyKind::Json;
    const BodyKind none = BodyKind::None;
    const std::string api = "/api/v1";

    return {
        // Health (spec 01 §8): public, global rate limit only.
        {"GET", "/health", A::None, B::None, none, getHealth},
        {"GET", "/health/live", A::None, B::None, none, getHealthLive},
        {"GET", "/health/ready", A::None, B::None, none, getHealthReady},

        // Teams (spec 01 §10).
        {"POST", api + "/teams", A::TeamCreationGate, B::Write, json, createTeam},
        {"GET", api + "/teams", A::Read, B::Read, none, listTeams},
        {"GET", api + "/teams/{team_id}", A::Read, B::Read, none, getTeam},
        {"PATCH", api + "/teams/{team_id}", A::Admin, B::Write, json, updateTeam},
        {"PUT", api + "/teams/{team_id}", A::Admin, B::Write, json, updateTeam},
        {"DELETE", api + "/teams/{team_id}", A::Admin, B::Write, none, deleteTeam},
        {"POST", api + "/teams/{team_id}/restore", A::Admin, B::Write, none, restoreTeam},
    };
}

}  // namespace tessera::server
