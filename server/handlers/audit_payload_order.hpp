// The key order of an audit event's payload as the original wrote it (spec 04 §1.2, 03 §10).
// Payloads are stored as jsonb (spec 00), which keeps keys sorted by length, then bytes, so
// the order clients saw is restored when the event is read.
#pragma once

#include <string_view>

#include "core/json.hpp"

namespace tessera::server {

// Writes the stored payload of an event of `action`: the keys the spec lists for that action
// first, in its order, then any others as stored. Unknown actions: as stored. Unparsable: null.
void writeAuditPayload(core::JsonWriter& writer, std::string_view action,
                       std::string_view storedJson);

}  // namespace tessera::server
