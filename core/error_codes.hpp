// The wire vocabulary of failures, in one place: HTTP statuses by name and the error envelope's
// `code` values (spec 01 §2). Handlers and services name these instead of spelling numbers or
// strings, so a code is grep-able and cannot be misspelt in one of the places that use it.
#pragma once

namespace tessera::core {

namespace status {
inline constexpr int kOk = 200;
inline constexpr int kCreated = 201;
inline constexpr int kNoContent = 204;
inline constexpr int kFound = 302;
inline constexpr int kNotModified = 304;
inline constexpr int kTemporaryRedirect = 307;
inline constexpr int kBadRequest = 400;
inline constexpr int kUnauthorized = 401;
inline constexpr int kForbidden = 403;
inline constexpr int kNotFound = 404;
inline constexpr int kMethodNotAllowed = 405;
inline constexpr int kConflict = 409;
inline constexpr int kLengthRequired = 411;
inline constexpr int kPreconditionFailed = 412;
inline constexpr int kPayloadTooLarge = 413;
inline constexpr int kUriTooLong = 414;
inline constexpr int kUnsupportedMediaType = 415;
inline constexpr int kUnprocessableEntity = 422;
inline constexpr int kTooManyRequests = 429;
inline constexpr int kRequestHeaderFieldsTooLarge = 431;
inline constexpr int kInternalServerError = 500;
inline constexpr int kServiceUnavailable = 503;
}  // namespace status

namespace code {
// Generic
inline constexpr const char* kBadRequest = "BAD_REQUEST";
inline constexpr const char* kConflict = "CONFLICT";
inline constexpr const char* kForbidden = "FORBIDDEN";
inline constexpr const char* kInternalError = "INTERNAL_ERROR";
inline constexpr const char* kLengthRequired = "LENGTH_REQUIRED";
inline constexpr const char* kNotFound = "NOT_FOUND";
inline constexpr const char* kPayloadTooLarge = "PAYLOAD_TOO_LARGE";
inline constexpr const char* kRateLimitExceeded = "RATE_LIMIT_EXCEEDED";
// Postgres unreachable (or no pooled connection free): 503 with Retry-After (issue 14).
inline constexpr const char* kDatabaseUnavailable = "DATABASE_UNAVAILABLE";
inline constexpr const char* kRequestHeaderFieldsTooLarge = "REQUEST_HEADERS_TOO_LARGE";
inline constexpr const char* kUriTooLong = "URI_TOO_LONG";
inline constexpr const char* kValidationError = "VALIDATION_ERROR";
// Authentication and permissions (01 §9)
inline constexpr const char* kInsufficientPermissions = "INSUFFICIENT_PERMISSIONS";
inline constexpr const char* kInsufficientScope = "INSUFFICIENT_SCOPE";
// A cookie-authenticated state-changing request without its session's X-CSRF-Token (issue 17).
inline constexpr const char* kCsrfFailed = "CSRF_FAILED";
inline constexpr const char* kInvalidApiKey = "INVALID_API_KEY";
inline constexpr const char* kInvalidAuthHeader = "INVALID_AUTH_HEADER";
inline constexpr const char* kMissingApiKey = "MISSING_API_KEY";
inline constexpr const char* kUnauthorized = "UNAUTHORIZED";
inline constexpr const char* kUnauthorizedTeam = "UNAUTHORIZED_TEAM";
// Resources
inline constexpr const char* kApiKeyNotFound = "API_KEY_NOT_FOUND";
inline constexpr const char* kAssetNotFound = "ASSET_NOT_FOUND";
inline constexpr const char* kContractNotFound = "CONTRACT_NOT_FOUND";
inline constexpr const char* kDependencyNotFound = "DEPENDENCY_NOT_FOUND";
inline constexpr const char* kProposalNotFound = "PROPOSAL_NOT_FOUND";
inline constexpr const char* kRegistrationNotFound = "REGISTRATION_NOT_FOUND";
inline constexpr const char* kTeamNotFound = "TEAM_NOT_FOUND";
inline constexpr const char* kDuplicateAcknowledgment = "DUPLICATE_ACKNOWLEDGMENT";
inline constexpr const char* kDuplicateAsset = "DUPLICATE_ASSET";
inline constexpr const char* kDuplicateDependency = "DUPLICATE_DEPENDENCY";
inline constexpr const char* kDuplicateTeam = "DUPLICATE_TEAM";
inline constexpr const char* kDuplicateUser = "DUPLICATE_USER";
inline constexpr const char* kNoTeams = "NO_TEAMS";
inline constexpr const char* kSelfDependency = "SELF_DEPENDENCY";
inline constexpr const char* kTeamHasAssets = "TEAM_HAS_ASSETS";
// Git sync (04 §4.3): GIT_SYNC_PATH is not a directory.
inline constexpr const char* kSyncPathNotFound = "SYNC_PATH_NOT_FOUND";
inline constexpr const char* kManifestNotFound = "MANIFEST_NOT_FOUND";
// Publishing and proposals (02 §5, 03 §9)
inline constexpr const char* kAuditFailed = "AUDIT_FAILED";
inline constexpr const char* kAuditRequired = "AUDIT_REQUIRED";
inline constexpr const char* kInvalidSchema = "INVALID_SCHEMA";
inline constexpr const char* kProposalNotPending = "PROPOSAL_NOT_PENDING";
inline constexpr const char* kVersionExists = "VERSION_EXISTS";
}  // namespace code

}  // namespace tessera::core
