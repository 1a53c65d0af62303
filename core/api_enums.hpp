// The API's enumerations (spec 01 §16.1) as the request validators accept them, in the order
// their error messages list them. The OpenAPI document (server/handlers/openapi.cpp) reads the
// same lists, so what the document promises is what validation enforces.
#pragma once

#include <string>
#include <vector>

namespace tessera::core {

inline const std::vector<std::string> kApiKeyScopes = {"read", "write", "admin"};
inline const std::vector<std::string> kUserRoles = {"admin", "team_admin", "user"};
inline const std::vector<std::string> kGuaranteeModes = {"notify", "strict", "ignore"};
inline const std::vector<std::string> kContractStatuses = {"active", "deprecated", "retired"};
inline const std::vector<std::string> kRegistrationStatuses = {"active", "migrating", "inactive"};
inline const std::vector<std::string> kProposalStatuses = {"pending", "approved", "rejected",
                                                           "withdrawn"};
inline const std::vector<std::string> kAcknowledgmentResponses = {"approved", "blocked",
                                                                  "migrating"};
inline const std::vector<std::string> kDependencyTypes = {"consumes", "references", "transforms"};
inline const std::vector<std::string> kWebhookDeliveryStatuses = {"pending", "delivered", "failed"};
inline const std::vector<std::string> kChangeTypes = {"patch", "minor", "major"};

}  // namespace tessera::core
