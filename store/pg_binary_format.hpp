// PostgreSQL's binary wire format, as the dependency-index load reads it: binary result columns
// (PQexecParams with resultFormat 1) and the tuples of `COPY … TO STDOUT (FORMAT binary)`.
// Binary rather than text because the database side of the load is what dominates it: at 1M
// assets / 2.75M edges, COPY of the edges took 0.57 s in binary against 1.07 s in text (uuid_out
// and escaping), and nothing needs unescaping or hex-parsing on this side.
// Layouts: PostgreSQL manual, "COPY" (Binary Format) and the type send functions (uuid_send:
// 16 bytes; boolsend: 1 byte; timestamptz_send: int64 microseconds since 2000-01-01; text: the
// bytes). All integers are big-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/uuid.hpp"

namespace tessera::store {

// Decoders of one non-NULL binary field; each throws std::runtime_error on a wrong length.
core::Uuid binaryUuid(std::string_view field);
bool binaryBool(std::string_view field);
int64_t binaryInt64(std::string_view field);  // int8, timestamp, timestamptz

// One row's fields: raw bytes, nullopt for NULL. Views point into the buffer they came from.
using BinaryFields = std::vector<std::optional<std::string_view>>;

// Splits the CopyData messages of a binary COPY, in the order they arrive. The first message
// starts with the file header; every message then holds whole tuples (libpq's PQgetCopyData
// returns one row at a time); the last tuple is the trailer (field count -1).
class BinaryCopyParser {
  public:
    explicit BinaryCopyParser(size_t columns) : columns_(columns) {}

    // Parses the next tuple out of `message` (advancing it); returns false at the trailer.
    // Throws std::runtime_error on anything malformed: bad header, wrong field count, a field
    // running past the message.
    bool next(std::string_view& message, BinaryFields& fields);

    bool finished() const { return finished_; }

  private:
    void skipHeader(std::string_view& message);

    size_t columns_;
    bool headerSeen_ = false;
    bool finished_ = false;
};

}  // namespace tessera::store
