#include "tests/support/web_client.hpp"

#include <cctype>
#include <cstdio>
#include <pqxx/pqxx>

#include "server/middleware/credentials.hpp"

namespace tessera::testing {
namespace {

std::string formEncode(const std::string& text) {
    std::string encoded;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            encoded += static_cast<char>(c);
        } else if (c == ' ') {
            encoded += '+';
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            encoded += hex;
        }
    }
    return encoded;
}

std::string attributeAfter(const std::string& html, const std::string& marker,
                           const std::string& attribute) {
    const size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = html.find(attribute + "=\"", at);
    if (start == std::string::npos) return "";
    const size_t valueStart = start + attribute.size() + 2;
    return html.substr(valueStart, html.find('"', valueStart) - valueStart);
}

}  // namespace

std::string insertLoginUser(const TestServer& server, const LoginUser& user) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    const std::string hash =
        user.password.empty() ? "" : tessera::server::hashPassword(user.password);
    return query
        .exec_params1(
            "INSERT INTO core.users (email, name, password_hash, role, team_id,"
            " deactivated_at) VALUES ($1, $2, NULLIF($3, ''), $4, NULLIF($5, '')::uuid,"
            " CASE WHEN $6 THEN now() END) RETURNING id::text",
            user.email, user.name, hash, user.role, user.teamId, user.deactivated)[0]
        .as<std::string>();
}

std::string cookiePair(const HttpResult& response, const std::string& name) {
    const std::string header = response.header("set-cookie");
    if (header.rfind(name + "=", 0) != 0) return "";
    return header.substr(0, header.find(';'));
}

std::string formBody(const std::map<std::string, std::string>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += "&";
        body += formEncode(name) + "=" + formEncode(value);
    }
    return body;
}

std::string csrfMetaToken(const std::string& html) {
    return attributeAfter(html, "<meta name=\"csrf-token\"", "content");
}

HttpResult WebClient::login(const std::string& email, const std::string& password) {
    const HttpResult form = get("/login");
    loginFormToken_ = attributeAfter(form.body, "name=\"csrf_token\"", "value");
    return postLoginForm(
        {{"email", email}, {"password", password}, {"csrf_token", loginFormToken_}});
}

HttpResult WebClient::postLoginForm(const std::map<std::string, std::string>& fields,
                                    std::map<std::string, std::string> headers) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return request("POST", "/login", formBody(fields), std::move(headers));
}

HttpResult WebClient::request(const std::string& method, const std::string& path,
                              const std::string& body, std::map<std::string, std::string> headers) {
    if (!cookies_.empty() && !headers.count("Cookie")) headers["Cookie"] = cookieHeader();
    HttpResult response = http_.request(method, path, body, headers);
    keepCookies(response);
    return response;
}

HttpResult WebClient::api(const std::string& method, const std::string& path,
                          const std::string& body) {
    std::map<std::string, std::string> headers;
    if (!body.empty()) headers["Content-Type"] = "application/json";
    if (method != "GET") headers["X-CSRF-Token"] = csrfToken();
    return request(method, path, body, headers);
}

std::string WebClient::csrfToken() {
    return csrfMetaToken(get("/").body);
}

std::string WebClient::cookie(const std::string& name) const {
    const auto it = cookies_.find(name);
    return it == cookies_.end() ? "" : it->second;
}

void WebClient::keepCookies(const HttpResult& response) {
    const std::string header = response.header("set-cookie");
    const size_t equals = header.find('=');
    if (equals == std::string::npos) return;
    const std::string name = header.substr(0, equals);
    const std::string value = header.substr(equals + 1, header.find(';') - equals - 1);
    // Max-Age=0 deletes the cookie, as a browser would.
    if (value.empty() || header.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
    } else {
        cookies_[name] = value;
    }
}

std::string WebClient::cookieHeader() const {
    std::string header;
    for (const auto& [name, value] : cookies_) {
        if (!header.empty()) header += "; ";
        header += name + "=" + value;
    }
    return header;
}

}  // namespace tessera::testing
