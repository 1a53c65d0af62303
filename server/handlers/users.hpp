// /api/v1/users (spec 01 §11) and the User object shared with team members (§10.7).
#pragma once

#include "core/json.hpp"
#include "server/http/http_types.hpp"
#include "store/records.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse createUser(RequestContext& context);
HttpResponse listUsers(RequestContext& context);
HttpResponse getUser(RequestContext& context);
HttpResponse updateUser(RequestContext& context);  // PATCH and PUT alike
HttpResponse deactivateUser(RequestContext& context);
HttpResponse reactivateUser(RequestContext& context);

// The User object's fields in spec order (without the surrounding braces).
void writeUserFields(core::JsonWriter& w, const store::UserRecord& user);

}  // namespace tessera::server
