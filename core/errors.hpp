// The one error type of the service. Client mistakes are thrown as ApiError from anywhere
// (core rules, repositories, handlers) and turned into the wire envelope at one boundary
// (server/http/responses: errorResponse, called by the pipeline). Request-validation failures
// collect ValidationIssues and leave as the framework-shaped 422 of spec 01 §2.3.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/error_codes.hpp"

namespace tessera::core {

class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string code, std::string message, std::string detailsJson = {})
        : std::runtime_error(message),
          status_(status),
          code_(std::move(code)),
          message_(std::move(message)),
          detailsJson_(std::move(detailsJson)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& message() const { return message_; }
    // A JSON object rendered compactly, or empty when the envelope has no `details`.
    const std::string& detailsJson() const { return detailsJson_; }

    // Extra response headers (e.g. `WWW-Authenticate: Bearer` on some 401s).
    ApiError& withHeader(std::string name, std::string value) {
        headers_.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

  private:
    int status_;
    std::string code_;
    std::string message_;
    std::string detailsJson_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

inline ApiError notFound(std::string code, std::string message) {
    return ApiError(404, std::move(code), std::move(message));
}
inline ApiError conflict(std::string code, std::string message) {
    return ApiError(409, std::move(code), std::move(message));
}
inline ApiError badRequest(std::string code, std::string message) {
    return ApiError(400, std::move(code), std::move(message));
}
inline ApiError forbidden(std::string code, std::string message, std::string detailsJson = {}) {
    return ApiError(403, std::move(code), std::move(message), std::move(detailsJson));
}

// Errors many endpoints share, spelled once.
inline ApiError assetNotFound() {
    return notFound(code::kAssetNotFound, "Asset not found");
}
inline ApiError proposalNotFound() {
    return notFound(code::kProposalNotFound, "Proposal not found");
}
inline ApiError proposalNotPending() {
    return badRequest(code::kProposalNotPending, "Proposal is not pending");
}

// Postgres (or another dependency) cannot be reached: the request gets 503, never a crash.
class ServiceUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One element of a 422 `loc`: a field name or an array index.
using LocPart = std::variant<std::string, long long>;

// One item of the framework-shaped 422 (spec 01 §2.3). `inputJson` and `ctxJson` hold
// compact JSON; an empty ctxJson means the item has no `ctx`.
struct ValidationIssue {
    std::string type;
    std::vector<LocPart> loc;
    std::string msg;
    std::string inputJson;
    std::string ctxJson;
};

class RequestValidationError : public std::runtime_error {
  public:
    explicit RequestValidationError(std::vector<ValidationIssue> issues)
        : std::runtime_error("request validation failed"), issues_(std::move(issues)) {}
    const std::vector<ValidationIssue>& issues() const { return issues_; }

  private:
    std::vector<ValidationIssue> issues_;
};

}  // namespace tessera::core
