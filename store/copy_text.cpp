#include "store/copy_text.hpp"

#include <stdexcept>

namespace tessera::store {
namespace {

bool isOctal(char c) {
    return c >= '0' && c <= '7';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The escapes of the COPY text format (PostgreSQL manual, "COPY", File Formats).
std::string decode(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        const char next = raw[++i];
        switch (next) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case 'x': {
                int value = 0;
                size_t digits = 0;
                while (digits < 2 && i + 1 < raw.size() && hexValue(raw[i + 1]) >= 0) {
                    value = value * 16 + hexValue(raw[++i]);
                    ++digits;
                }
                if (digits == 0) {
                    out += 'x';
                } else {
                    out += static_cast<char>(value);
                }
                break;
            }
            default:
                if (isOctal(next)) {
                    int value = next - '0';
                    for (int digits = 1; digits < 3 && i + 1 < raw.size() && isOctal(raw[i + 1]);
                         ++digits) {
                        value = value * 8 + (raw[++i] - '0');
                    }
                    out += static_cast<char>(value);
                } else {
                    out += next;  // \\ and any other character stand for themselves
                }
        }
    }
    return out;
}

}  // namespace

void CopyTextRow::parse(std::string_view line, size_t columns) {
    fields_.clear();
    decoded_.clear();
    decoded_.reserve(columns);  // no reallocation: views into it stay valid
    // libpqxx hands over the line with its terminating newline.
    line_.assign(line);
    std::string_view text(line_);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    size_t start = 0;
    while (true) {
        const size_t tab = text.find('\t', start);
        const std::string_view raw(text.data() + start,
                                   (tab == std::string::npos ? text.size() : tab) - start);
        if (raw == "\\N") {
            fields_.emplace_back(std::nullopt);
        } else if (raw.find('\\') == std::string_view::npos) {
            fields_.emplace_back(raw);
        } else {
            if (decoded_.size() == columns) throw std::runtime_error("COPY row: too many fields");
            decoded_.push_back(decode(raw));
            fields_.emplace_back(std::string_view(decoded_.back()));
        }
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    if (fields_.size() != columns) {
        throw std::runtime_error("COPY row: expected " + std::to_string(columns) + " fields, got " +
                                 std::to_string(fields_.size()));
    }
}

}  // namespace tessera::store
