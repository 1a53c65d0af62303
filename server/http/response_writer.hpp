// A faster way to write large JSON responses (blast radius, impact): the bytes
// core::writeString() and RapidJSON would write, minus the avoidable work.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "core/json.hpp"
#include "graph/dependency_index.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {

// For a radius of a few hundred assets the traversal takes tens of microseconds and rendering
// the response most of the rest: per asset seven keys, two UUIDs, an FQN and a team name. What
// follows writes exactly the bytes core::writeString() and RapidJSON would, minus the avoidable
// work: text that needs no escaping is copied in one go, UUIDs are formatted on the stack, each
// team is looked up once per response, and the output buffer is reused between responses.

// A key of this file, checked at compile time to need no JSON escaping.
class KeyName {
  public:
    template <size_t N>
    consteval KeyName(const char (&name)[N]) : name_(name, N - 1) {  // NOLINT: implicit on purpose
        for (const char c : name_) {
            if (c < 0x20 || c == '"' || c == '\\') throw "a key that needs escaping";
        }
    }
    std::string_view view() const { return name_; }

  private:
    std::string_view name_;
};

// core::JsonWriter with a fast path for strings. RapidJSON's Key() and String() escape byte by
// byte, and even RawValue() copies byte by byte (re-reading the buffer's end for each byte);
// here text that needs no escaping goes in with one memcpy. The writer writes straight into its
// StringBuffer, so bytes pushed after Prefix() land where the writer would have put them.
class ResponseWriter : public core::JsonWriter {
    // The copies below are what String() writes only for this writer: no UTF-8 validation, no
    // escaping of non-ASCII.
    static_assert(std::is_same_v<core::JsonWriter, rapidjson::Writer<rapidjson::StringBuffer>> &&
                  rapidjson::kWriteDefaultFlags == rapidjson::kWriteNoFlags);

  public:
    using core::JsonWriter::JsonWriter;

    void key(KeyName name) { quoted(name.view()); }
    // String() for any text; escaping is left to RapidJSON when needed. Bytes from 0x80 are
    // copied as they are either way: the writer neither validates nor escapes UTF-8.
    void text(std::string_view text) {
        if (needsEscaping(text)) {
            core::writeString(*this, text);
        } else {
            quoted(text);
        }
    }
    // A complete JSON value of the given type, as is.
    void raw(std::string_view json, rapidjson::Type type) {
        Prefix(type);
        std::memcpy(os_->Push(json.size()), json.data(), json.size());
    }

  private:
    // Eight bytes at a time (this runs for every FQN and team name): the bit tricks answer
    // exactly whether any byte is below 0x20 or equal to '"' or '\\'.
    static bool needsEscaping(std::string_view text) {
        constexpr uint64_t kOnes = 0x0101010101010101ULL;
        constexpr uint64_t kHighBits = 0x8080808080808080ULL;
        auto hasZeroByte = [](uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
        size_t i = 0;
        for (; i + 8 <= text.size(); i += 8) {
            uint64_t v;
            std::memcpy(&v, text.data() + i, 8);
            const uint64_t below0x20 = (v - kOnes * 0x20) & ~v & kHighBits;
            if (below0x20 | hasZeroByte(v ^ (kOnes * '"')) | hasZeroByte(v ^ (kOnes * '\\'))) {
                return true;
            }
        }
        for (; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c < 0x20 || c == '"' || c == '\\') return true;
        }
        return false;
    }
    void quoted(std::string_view text) {
        Prefix(rapidjson::kStringType);
        char* out = os_->Push(text.size() + 2);
        out[0] = '"';
        std::memcpy(out + 1, text.data(), text.size());
        out[text.size() + 1] = '"';
    }
};

// A UUID in canonical lower-case 8-4-4-4-12 form, with its quotes: a ready JSON string.
class QuotedUuid {
  public:
    explicit QuotedUuid(const graph::Uuid& id) {
        text_[0] = '"';
        id.writeTo(text_ + 1);  // inline, on the stack
        text_[37] = '"';
    }
    void write(ResponseWriter& w) const { w.raw({text_, sizeof text_}, rapidjson::kStringType); }

  private:
    char text_[38];
};

// Renders into this worker thread's buffer, kept from one response to the next: a fresh buffer
// grows through a series of reallocations (and page faults) for every response of a hundred KB
// or more. A buffer that grew past 1 MiB is released after use.
template <typename WriteFn>
HttpResponse renderInThreadBuffer(int status, WriteFn&& write) {
    constexpr size_t kKeptBytes = size_t{1} << 20;
    thread_local rapidjson::StringBuffer buffer;
    buffer.Clear();
    ResponseWriter writer(buffer);
    write(writer);
    HttpResponse response = jsonResponse(status, std::string(buffer.GetString(), buffer.GetSize()));
    if (buffer.GetSize() > kKeptBytes) {
        buffer.Clear();
        buffer.ShrinkToFit();
    }
    return response;
}

}  // namespace tessera::server
