#include "server/middleware/cors.hpp"

#include <algorithm>

#include "core/error_codes.hpp"

namespace tessera::server {

CorsPolicy::CorsPolicy(const Config& config) : origins_(config.corsOrigins) {
    anyOrigin_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
    if (config.isProduction()) {
        methods_ = config.corsAllowMethods;
    } else {
        methods_ = {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"};
    }
    for (size_t i = 0; i < methods_.size(); ++i) {
        if (i > 0) methodsHeader_ += ", ";
        methodsHeader_ += methods_[i];
    }
}

bool CorsPolicy::isPreflight(const HttpRequest& request) {
    return request.method == "OPTIONS" && request.header("origin") &&
           request.header("access-control-request-method");
}

bool CorsPolicy::originAllowed(const std::string& origin) const {
    return anyOrigin_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

bool CorsPolicy::methodAllowed(const std::string& method) const {
    return std::find(methods_.begin(), methods_.end(), method) != methods_.end();
}

HttpResponse CorsPolicy::preflight(const HttpRequest& request) const {
    const std::string origin = *request.header("origin");
    const std::string method = *request.header("access-control-request-method");
    const bool originOk = originAllowed(origin);
    const bool methodOk = methodAllowed(method);

    HttpResponse response;
    response.contentType = "text/plain; charset=utf-8";
    response.headers.emplace_back("Vary", "Origin");
    response.headers.emplace_back("Access-Control-Allow-Methods", methodsHeader_);
    response.headers.emplace_back("Access-Control-Max-Age", "600");
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    if (originOk) response.headers.emplace_back("Access-Control-Allow-Origin", origin);
    if (auto requested = request.header("access-control-request-headers")) {
        response.headers.emplace_back("Access-Control-Allow-Headers", *requested);
    }
    if (originOk && methodOk) {
        response.status = core::status::kOk;
        response.body = "OK";
    } else {
        response.status = core::status::kBadRequest;
        if (!originOk && !methodOk) {
            response.body = "Disallowed CORS origin, method";
        } else if (!originOk) {
            response.body = "Disallowed CORS origin";
        } else {
            response.body = "Disallowed CORS method";
        }
    }
    return response;
}

void CorsPolicy::decorate(const HttpRequest& request, HttpResponse& response) const {
    auto origin = request.header("origin");
    if (!origin) return;
    response.setHeader("Access-Control-Allow-Credentials", "true");
    if (!originAllowed(*origin)) return;
    auto appendVaryOrigin = [&] {
        auto vary = response.header("Vary");
        response.setHeader("Vary", vary && !vary->empty() ? *vary + ", Origin" : "Origin");
    };
    if (anyOrigin_ && !request.header("cookie")) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        return;
    }
    response.setHeader("Access-Control-Allow-Origin", *origin);
    appendVaryOrigin();
}

}  // namespace tessera::server
