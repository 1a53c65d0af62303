// /api/v1/teams (spec 01 §10).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse createTeam(RequestContext& context);
HttpResponse listTeams(RequestContext& context);
HttpResponse getTeam(RequestContext& context);
HttpResponse updateTeam(RequestContext& context);  // PATCH and PUT alike
HttpResponse deleteTeam(RequestContext& context);
HttpResponse restoreTeam(RequestContext& context);
HttpResponse listTeamMembers(RequestContext& context);
HttpResponse reassignTeamAssets(RequestContext& context);

}  // namespace tessera::server
