#include "graph/registration_table.hpp"

#include "graph/fit_capacity.hpp"

namespace tessera::graph {

uint32_t RegistrationTable::internContract(const Uuid& contractId) {
    const auto [contract, added] = contracts_.intern(contractId);
    if (added) heads_.emplace_back();
    return contract;
}

uint32_t RegistrationTable::internPin(const std::optional<std::string>& pinnedVersion) {
    if (!pinnedVersion) return kNoPin;
    const auto [it, added] =
        pinIndex_.try_emplace(*pinnedVersion, static_cast<uint32_t>(pinnedVersions_.size()));
    if (added) pinnedVersions_.push_back(*pinnedVersion);
    return it->second;
}

void RegistrationTable::put(const RegistrationRow& row, uint32_t team) {
    const uint32_t contract = internContract(row.contractId);
    const auto [slot, added] = registrationIds_.intern(row.id);
    if (added) records_.emplace_back();
    RegistrationRecord& record = records_[slot];
    if (record.live && record.contract != contract) unlink(slot);
    const bool needsLink = !record.live || record.contract != contract;
    record.contract = contract;
    record.team = team;
    record.pinnedVersion = internPin(row.pinnedVersion);
    record.status = row.status;
    if (needsLink) link(slot);
}

void RegistrationTable::remove(const Uuid& registrationId) {
    const uint32_t slot = registrationIds_.find(registrationId);
    if (slot == UuidInterner::kNotFound || !records_[slot].live) return;
    unlink(slot);
}

void RegistrationTable::link(uint32_t slot) {
    RegistrationRecord& record = records_[slot];
    ListEnds& ends = heads_[record.contract];
    record.next = kEnd;
    record.live = true;
    if (ends.last == kEnd) {
        ends.first = slot;
    } else {
        records_[ends.last].next = slot;
    }
    ends.last = slot;
    ++liveCount_;
}

void RegistrationTable::unlink(uint32_t slot) {
    RegistrationRecord& record = records_[slot];
    ListEnds& ends = heads_[record.contract];
    uint32_t previous = kEnd;
    for (uint32_t at = ends.first; at != slot; at = records_[at].next) previous = at;
    if (previous == kEnd) {
        ends.first = record.next;
    } else {
        records_[previous].next = record.next;
    }
    if (ends.last == slot) ends.last = previous;
    record.live = false;
    record.next = kEnd;
    --liveCount_;
}

void RegistrationTable::reserve(size_t contracts, size_t registrations) {
    contracts_.reserve(contracts);
    heads_.reserve(contracts);
    registrationIds_.reserve(registrations);
    records_.reserve(registrations);
}

bool RegistrationTable::hasRoomFor(size_t contracts, size_t registrations) const noexcept {
    return contracts_.hasRoomFor(contracts) && heads_.capacity() >= heads_.size() + contracts &&
           registrationIds_.hasRoomFor(registrations) &&
           records_.capacity() >= records_.size() + registrations;
}

void RegistrationTable::shrinkToFit(size_t contractHeadroom, size_t registrationHeadroom) {
    contracts_.shrinkToFit(contractHeadroom);
    fitCapacity(heads_, contractHeadroom);
    registrationIds_.shrinkToFit(registrationHeadroom);
    fitCapacity(records_, registrationHeadroom);
}

RegistrationTable RegistrationTable::compacted() const {
    RegistrationTable out;
    out.contracts_ = contracts_;
    out.heads_.assign(heads_.size(), ListEnds{});
    out.pinnedVersions_ = pinnedVersions_;
    out.pinIndex_ = pinIndex_;
    out.registrationIds_.reserve(liveCount_);
    out.records_.reserve(liveCount_);
    for (uint32_t contract = 0; contract < heads_.size(); ++contract) {
        forEachLive(contract, [&](uint32_t slot, const RegistrationRecord& record) {
            const uint32_t copy = out.registrationIds_.intern(registrationIds_[slot]).first;
            out.records_.push_back(record);
            out.link(copy);
        });
    }
    return out;
}

size_t RegistrationTable::memoryBytes() const noexcept {
    size_t bytes = contracts_.memoryBytes() + heads_.capacity() * sizeof(ListEnds) +
                   registrationIds_.memoryBytes() +
                   records_.capacity() * sizeof(RegistrationRecord) +
                   pinnedVersions_.capacity() * sizeof(std::string);
    for (const std::string& pin : pinnedVersions_) bytes += pin.capacity() + 1;
    // Node-based map: one node (key, value, hash, next) per pin plus the bucket array.
    bytes += pinIndex_.size() * (sizeof(std::string) + 3 * sizeof(void*)) +
             pinIndex_.bucket_count() * sizeof(void*);
    return bytes;
}

}  // namespace tessera::graph
