// Timestamps travel as microseconds since the Unix epoch (UTC), the storage precision, and are
// rendered in the two wire forms of spec 01 §1.4.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

// `2024-05-01T10:00:00.120000Z`; the fraction is omitted when the microseconds are zero.
std::string formatTimestamp(int64_t epochMicros);

// `2024-05-01T10:00:00.120000+00:00` (error envelopes and a few handler-built fields).
std::string formatOffsetTimestamp(int64_t epochMicros);

int64_t currentEpochMicros();

// Parses the datetime forms accepted in bodies and queries (spec 01 §1.2): ISO-8601 / RFC 3339
// with or without offset (no offset = UTC), date-only `YYYY-MM-DD` (= midnight), or Unix epoch
// seconds given as a number string. On failure returns nullopt and sets `reason`.
std::optional<int64_t> parseDatetime(std::string_view text, std::string* reason);

// The shape of RFC 3339's date-time (§5.6): full date, 'T', time with seconds and an optional
// fraction, then 'Z', a ±hh:mm offset or none (OpenLineage's own samples write local times).
// Shape only: parseDatetime then checks the calendar (Feb 30, 25:00) and also takes a date
// alone, minutes without seconds or an offset without a colon, which this refuses.
bool isRfc3339DateTime(std::string_view text);

// Epoch seconds accepted as datetimes: the years 1 to 9999, as the original (pydantic) takes
// them; beyond, microseconds overflow int64 or leave Postgres' timestamp range.
inline constexpr double kFirstEpochSecond = -62135596800.0;  // 0001-01-01T00:00:00Z
inline constexpr double kLastEpochSecond = 253402300799.0;   // 9999-12-31T23:59:59Z

}  // namespace tessera::core
