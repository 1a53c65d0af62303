#include "store/pg_binary_format.hpp"

#include <stdexcept>
#include <string>

namespace tessera::store {
namespace {

// "PGCOPY\n\377\r\n\0": 11 bytes, then int32 flags and int32 header-extension length.
constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);

uint64_t bigEndian(const char* bytes, size_t count) {
    uint64_t value = 0;
    for (size_t i = 0; i < count; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

[[noreturn]] void malformed(const std::string& what) {
    throw std::runtime_error("malformed binary COPY data: " + what);
}

int64_t takeSigned(std::string_view& message, size_t bytes) {
    if (message.size() < bytes) malformed("truncated tuple");
    const uint64_t raw = bigEndian(message.data(), bytes);
    message.remove_prefix(bytes);
    // Sign-extend the 16- or 32-bit value.
    const unsigned shift = 64 - 8 * static_cast<unsigned>(bytes);
    return static_cast<int64_t>(raw << shift) >> shift;
}

}  // namespace

core::Uuid binaryUuid(std::string_view field) {
    if (field.size() != 16)
        throw std::runtime_error("binary uuid of " + std::to_string(field.size()) + " bytes");
    return core::Uuid::fromBytes(reinterpret_cast<const unsigned char*>(field.data()));
}

bool binaryBool(std::string_view field) {
    if (field.size() != 1)
        throw std::runtime_error("binary bool of " + std::to_string(field.size()) + " bytes");
    return field[0] != 0;
}

int64_t binaryInt64(std::string_view field) {
    if (field.size() != 8)
        throw std::runtime_error("binary int8 of " + std::to_string(field.size()) + " bytes");
    return static_cast<int64_t>(bigEndian(field.data(), 8));
}

void BinaryCopyParser::skipHeader(std::string_view& message) {
    if (message.size() < kSignature.size() + 8 ||
        message.substr(0, kSignature.size()) != kSignature) {
        malformed("missing PGCOPY signature");
    }
    message.remove_prefix(kSignature.size());
    const int64_t flags = takeSigned(message, 4);
    // Bit 16 means OIDs are included; no query here asks for them. Bits 0–15 are critical
    // and none is defined, so a reader must refuse them.
    if (flags & 0x1FFFF) malformed("unsupported header flags");
    const int64_t extension = takeSigned(message, 4);
    if (extension < 0 || static_cast<uint64_t>(extension) > message.size()) {
        malformed("header extension past the message");
    }
    message.remove_prefix(static_cast<size_t>(extension));
    headerSeen_ = true;
}

bool BinaryCopyParser::next(std::string_view& message, BinaryFields& fields) {
    if (finished_) malformed("data after the trailer");
    if (!headerSeen_) skipHeader(message);
    const int64_t count = takeSigned(message, 2);
    if (count == -1) {
        finished_ = true;
        return false;
    }
    if (count < 0 || static_cast<size_t>(count) != columns_) {
        malformed(std::to_string(count) + " fields where " + std::to_string(columns_) +
                  " were expected");
    }
    fields.resize(columns_);
    for (size_t i = 0; i < columns_; ++i) {
        const int64_t length = takeSigned(message, 4);
        if (length == -1) {
            fields[i].reset();
            continue;
        }
        if (length < 0 || static_cast<uint64_t>(length) > message.size()) {
            malformed("field running past the message");
        }
        fields[i] = message.substr(0, static_cast<size_t>(length));
        message.remove_prefix(static_cast<size_t>(length));
    }
    return true;
}

}  // namespace tessera::store
