// Reading nullable columns: libpqxx 6 here is built without std::optional support in
// field::get, so repositories read NULLs through these.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/field>
#include <string>

namespace tessera::store {

inline std::optional<std::string> nullableText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

inline std::optional<int64_t> nullableInt64(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<int64_t>();
}

}  // namespace tessera::store
