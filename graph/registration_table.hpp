// Contracts and the registrations on them. Each contract keeps its registrations as a singly
// linked list threaded through one contiguous array, in the order they were first fed; a bulk
// load or a compaction lays each list out contiguously. Registrations are looked up by id for
// writes and walked per contract by impact queries (a handful per asset).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/dependency_index.hpp"
#include "graph/uuid_interner.hpp"

namespace tessera::graph {

struct RegistrationRecord {
    uint32_t contract = 0;
    uint32_t team = 0;           // slot in the store's team interner
    uint32_t pinnedVersion = 0;  // RegistrationTable::kNoPin or an index into pinnedVersions
    uint32_t next = 0;           // next registration of the same contract, or kEnd
    RegistrationStatus status = RegistrationStatus::kActive;
    bool live = false;  // false once removed (the id keeps its slot until compaction)
};

class RegistrationTable {
  public:
    static constexpr uint32_t kNone = UINT32_MAX;
    static constexpr uint32_t kEnd = UINT32_MAX;
    static constexpr uint32_t kNoPin = UINT32_MAX;

    uint32_t internContract(const Uuid& contractId);
    uint32_t findContract(const Uuid& contractId) const noexcept {
        return contracts_.find(contractId);
    }
    const Uuid& contractId(uint32_t contract) const noexcept { return contracts_[contract]; }

    // Insert or replace by registration id; `team` is the consumer's team slot.
    void put(const RegistrationRow& row, uint32_t team);
    // Does nothing if the id is unknown or already removed.
    void remove(const Uuid& registrationId);

    // Calls visit(slot, record) for each live registration of `contract`, in list order.
    template <class Visit>
    void forEachLive(uint32_t contract, Visit&& visit) const {
        for (uint32_t slot = heads_[contract].first; slot != kEnd; slot = records_[slot].next) {
            if (records_[slot].live) visit(slot, records_[slot]);
        }
    }

    const Uuid& registrationId(uint32_t slot) const noexcept { return registrationIds_[slot]; }
    const std::string& pinnedVersion(uint32_t pin) const noexcept { return pinnedVersions_[pin]; }

    size_t contractCount() const noexcept { return contracts_.size(); }
    size_t liveCount() const noexcept { return liveCount_; }
    size_t removedCount() const noexcept { return records_.size() - liveCount_; }

    void reserve(size_t contracts, size_t registrations);
    bool hasRoomFor(size_t contracts, size_t registrations) const noexcept;
    // Frees spare capacity beyond room for the given number of new contracts and registrations.
    void shrinkToFit(size_t contractHeadroom = 0, size_t registrationHeadroom = 0);
    bool contains(const Uuid& registrationId) const noexcept {
        return registrationIds_.find(registrationId) != UuidInterner::kNotFound;
    }
    // The same content without removed registrations, each list contiguous. Contract slots
    // (which asset records refer to) are kept.
    RegistrationTable compacted() const;
    size_t memoryBytes() const noexcept;

  private:
    struct ListEnds {
        uint32_t first = kEnd;
        uint32_t last = kEnd;
    };

    uint32_t internPin(const std::optional<std::string>& pinnedVersion);
    void link(uint32_t slot);
    void unlink(uint32_t slot);

    UuidInterner contracts_;
    std::vector<ListEnds> heads_;  // per contract
    UuidInterner registrationIds_;
    std::vector<RegistrationRecord> records_;  // per registration slot
    size_t liveCount_ = 0;
    std::vector<std::string> pinnedVersions_;  // interned: few distinct versions
    std::unordered_map<std::string, uint32_t> pinIndex_;
};

}  // namespace tessera::graph
