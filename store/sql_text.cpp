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
