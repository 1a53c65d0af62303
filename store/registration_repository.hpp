// SQL for registrations (spec 02 §8, §7.4): a consumer team's subscription to one contract.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct RegistrationRecord {
    std::string id;
    std::string contractId;
    std::string consumerTeamId;
    std::optional<std::string> pinnedVersion;
    std::string status;
    int64_t registeredAt = 0;
    std::optional<int64_t> acknowledgedAt;
};

// GET /contracts/{id}/registrations item.
struct ContractRegistrationRow {
    RegistrationRecord registration;
    std::optional<std::string> consumerTeamName;
};

struct RegistrationFilter {
    std::optional<std::string> consumerTeamId;
    std::optional<std::string> contractId;
    std::optional<std::string> status;
};

class RegistrationRepository {
  public:
    explicit RegistrationRepository(DbSession& db) : db_(db) {}

    std::optional<RegistrationRecord> find(const std::string& id);
    // A new active registration, registered now.
    RegistrationRecord insert(const std::string& contractId, const std::string& consumerTeamId,
                              const std::optional<std::string>& pinnedVersion);
    // Absent fields stay unchanged; nullopt if the registration is unknown.
    std::optional<RegistrationRecord> update(const std::string& id,
                                             const std::optional<std::string>& pinnedVersion,
                                             const std::optional<std::string>& status);
    void remove(const std::string& id);

    // Newest registered_at first.
    PageOf<RegistrationRecord> list(const RegistrationFilter& filter, int limit, int64_t offset);
    PageOf<ContractRegistrationRow> listForContract(const std::string& contractId, int limit,
                                                    int64_t offset);
    // The `active` registrations of a contract with their team names, oldest first.
    std::vector<ContractRegistrationRow> activeForContract(const std::string& contractId);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
