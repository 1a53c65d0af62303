// A small blocking HTTP/1.1 client (libcurl) for tests that speak to the real server.
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <string>

namespace tessera::testing {

struct HttpResult {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names

    rapidjson::Document json() const;
    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
  public:
    explicit HttpClient(int port) : port_(port) {}

    HttpResult request(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {}) const;

    HttpResult get(const std::string& path,
                   const std::map<std::string, std::string>& headers = {}) const {
        return request("GET", path, {}, headers);
    }
    HttpResult post(const std::string& path, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {}) const {
        return request("POST", path, body, withJson(headers, body));
    }
    HttpResult patch(const std::string& path, const std::string& body,
                     const std::map<std::string, std::string>& headers = {}) const {
        return request("PATCH", path, body, withJson(headers, body));
    }
    HttpResult put(const std::string& path, const std::string& body,
                   const std::map<std::string, std::string>& headers = {}) const {
        return request("PUT", path, body, withJson(headers, body));
    }
    HttpResult del(const std::string& path,
                   const std::map<std::string, std::string>& headers = {}) const {
        return request("DELETE", path, {}, headers);
    }

    int port() const { return port_; }

  private:
    static std::map<std::string, std::string> withJson(std::map<std::string, std::string> headers,
                                                       const std::string& body) {
        if (!body.empty() && !headers.count("Content-Type")) {
            headers["Content-Type"] = "application/json";
        }
        return headers;
    }
    int port_;
};

}  // namespace tessera::testing
