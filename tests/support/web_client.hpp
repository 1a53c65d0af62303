// A browser's part of the web UI for HTTP tests: keeps the cookies the server sets (login_csrf,
// session), sends them back, fills in the login form's CSRF token, and reads the page shell's
// CSRF token for API calls. No redirect is followed: tests check every 302 themselves.
#pragma once

#include <map>
#include <string>

#include "tests/support/http_client.hpp"
#include "tests/support/test_server.hpp"

namespace tessera::testing {

// A user row who can log in: an Argon2id hash of `password` (empty: no password), `teamId`
// empty: no team. Returns its id.
struct LoginUser {
    std::string email;
    std::string password;
    std::string role = "user";
    std::string teamId;
    std::string name = "Web User";
    bool deactivated = false;
};
std::string insertLoginUser(const TestServer& server, const LoginUser& user);

// The `name=value` part of a Set-Cookie header ("" when it sets another cookie or none).
std::string cookiePair(const HttpResult& response, const std::string& name);

// application/x-www-form-urlencoded of the fields, in order.
std::string formBody(const std::map<std::string, std::string>& fields);

// The content of <meta name="csrf-token" content="…"> in a page ("" when there is none).
std::string csrfMetaToken(const std::string& html);

class WebClient {
  public:
    explicit WebClient(const HttpClient& http) : http_(http) {}

    // GET /login (keeps its login_csrf cookie and the form's token), then POST /login.
    HttpResult login(const std::string& email, const std::string& password);
    // POST /login with exactly these form fields and the cookies held.
    HttpResult postLoginForm(const std::map<std::string, std::string>& fields,
                             std::map<std::string, std::string> headers = {});
    // The hidden csrf_token of the last login form fetched.
    const std::string& loginFormToken() const { return loginFormToken_; }

    // A request with the cookies held (and whatever it sets kept).
    HttpResult request(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       std::map<std::string, std::string> headers = {});
    HttpResult get(const std::string& path) { return request("GET", path); }
    // An API call as api.js makes it: JSON body, X-CSRF-Token from the dashboard's meta tag.
    HttpResult api(const std::string& method, const std::string& path,
                   const std::string& body = {});
    std::string csrfToken();

    // The cookie as the browser holds it, e.g. to copy it into another client.
    std::string cookie(const std::string& name) const;
    void setCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    void dropCookie(const std::string& name) { cookies_.erase(name); }

  private:
    void keepCookies(const HttpResult& response);
    std::string cookieHeader() const;

    const HttpClient& http_;
    std::map<std::string, std::string> cookies_;
    std::string loginFormToken_;
};

}  // namespace tessera::testing
