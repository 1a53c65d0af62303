#include "store/sql_text.hpp"

namespace tessera::store {

std::string containsPattern(std::string_view value) {
    std::string pattern = "%";
    for (char c : value) {
        if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

}  // namespace tessera::store

#include "store/records.hpp"

namespace tessera::store {

std::string uuidArrayLiteral(const std::vector<std::string>& ids) {
    std::string literal = "{";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) literal += ",";
        literal += ids[i];  // canonical UUIDs: no quoting needed
    }
    return literal + "}";
}

std::string textArrayLiteral(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) literal += ",";
        literal += '"';
        for (const char c : values[i]) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
}

}  // namespace tessera::store
