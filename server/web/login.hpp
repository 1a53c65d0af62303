// Login and logout (spec 04 §5.1, issue 17). GET /login hands out the form with a pre-session
// CSRF token: a random nonce in the `login_csrf` cookie and its HMAC in a hidden field, so a
// form posted from another site (which can neither read nor set the cookie) is refused.
// POST /login: missing fields 422, too many attempts from the address or for the e-mail 429,
// a bad token 403; then an active user by exact e-mail whose Argon2id hash verifies gets a
// session and 302 /, and every other failure the same 302 /login?error=invalid. GET /logout
// deletes the session row and the cookie.
#pragma once

#include "server/http/route.hpp"

namespace tessera::server::web {

HttpResponse getLogin(RequestContext& context);
HttpResponse postLogin(RequestContext& context);
HttpResponse getLogout(RequestContext& context);

}  // namespace tessera::server::web
