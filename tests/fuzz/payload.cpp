#include "tests/fuzz/payload.hpp"

#include <algorithm>
#include <cstdio>

namespace tessera::fuzz {

void Payload::append(std::string text, size_t repeat) {
    if (text.empty() || repeat == 0) return;
    if (repeat == 1 && !pieces_.empty() && pieces_.back().repeat == 1 &&
        pieces_.back().text.size() < 4096) {
        pieces_.back().text += text;
        return;
    }
    pieces_.push_back(Piece{std::move(text), repeat});
}

void Payload::append(const Payload& other) {
    for (const Piece& piece : other.pieces_) append(piece.text, piece.repeat);
}

size_t Payload::size() const {
    size_t total = 0;
    for (const Piece& piece : pieces_) total += piece.text.size() * piece.repeat;
    return total;
}

std::string Payload::prefix(size_t limit) const {
    std::string out;
    for (const Piece& piece : pieces_) {
        for (size_t i = 0; i < piece.repeat; ++i) {
            if (out.size() >= limit) return out;
            out += piece.text.substr(0, limit - out.size());
        }
    }
    return out;
}

Payload Payload::from(size_t offset) const {
    Payload rest;
    for (const Piece& piece : pieces_) {
        const size_t bytes = piece.text.size() * piece.repeat;
        if (offset >= bytes) {
            offset -= bytes;
            continue;
        }
        // Split the repeated piece at `offset`: the rest of one copy, then whole copies.
        const size_t skipCopies = offset / piece.text.size();
        const size_t within = offset % piece.text.size();
        size_t copies = piece.repeat - skipCopies;
        if (within > 0) {
            rest.append(piece.text.substr(within));
            --copies;
        }
        rest.append(piece.text, copies);
        offset = 0;
    }
    return rest;
}

IoStatus writePayload(RawConnection& connection, const Payload& payload,
                      Clock::time_point deadline) {
    std::string block;
    for (const Piece& piece : payload.pieces()) {
        size_t left = piece.repeat;
        const size_t perBlock = std::max<size_t>(1, 65536 / std::max<size_t>(1, piece.text.size()));
        while (left > 0) {
            const size_t copies = std::min(left, perBlock);
            block.clear();
            for (size_t i = 0; i < copies; ++i) block += piece.text;
            if (IoStatus status = connection.write(block, deadline); status != IoStatus::Ok) {
                return status;
            }
            left -= copies;
        }
    }
    return IoStatus::Ok;
}

std::string escapeBytes(const std::string& text, size_t limit) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= limit) {
            out += "…";
            break;
        }
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c < 0x20 || c >= 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string Payload::describe(size_t limit) const {
    std::string out;
    for (const Piece& piece : pieces_) {
        if (out.size() >= limit) {
            out += "…";
            break;
        }
        const std::string text = escapeBytes(piece.text, limit - out.size());
        if (piece.repeat == 1) {
            out += text;
        } else {
            out += "{\"" + text + "\"×" + std::to_string(piece.repeat) + "}";
        }
    }
    return out;
}

}  // namespace tessera::fuzz
