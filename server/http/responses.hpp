// Building responses: JSON bodies, the error envelope (spec 01 §2.1) and the framework-shaped
// 422 (§2.3). Every error leaves the server through these functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "server/http/http_types.hpp"

namespace tessera::server {

// Runs `write` against a compact JSON writer and returns the text.
template <typename WriteFn>
std::string buildJson(WriteFn&& write) {
    rapidjson::StringBuffer buffer;
    core::JsonWriter writer(buffer);
    write(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

inline HttpResponse jsonResponse(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

template <typename WriteFn>
HttpResponse jsonResponseWith(int status, WriteFn&& write) {
    return jsonResponse(status, buildJson(std::forward<WriteFn>(write)));
}

inline HttpResponse emptyResponse(int status) {
    HttpResponse response;
    response.status = status;
    response.contentType.clear();
    return response;
}

// {"error":{"code","message","request_id","timestamp"[,"details"]}}
HttpResponse errorResponse(const core::ApiError& error, const std::string& requestId);

// {"detail":[{"type","loc","msg","input"[,"ctx"]}…]}
HttpResponse validationResponse(const std::vector<core::ValidationIssue>& issues);

// A 422 VALIDATION_ERROR envelope for failures found after parsing (spec 01 §2.2 last rows).
core::ApiError processingValidationError(const std::vector<core::ValidationIssue>& issues);

}  // namespace tessera::server
