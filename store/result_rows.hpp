// Reading rows out of a query result. Every read of a result in store/ goes through these
// helpers, which check the row count first: a statement that returned fewer rows than the code
// relied on (a row deleted behind the server's back, a bookkeeping table truncated by a test
// harness) becomes UnexpectedResult, which the request pipeline answers with the 500 envelope
// and a log line carrying the request id, never an out-of-range read. The rule is checked by
// tests/lint/unchecked_result_rows.sh: no `result[0]`, `[0][0]` or `.front()` on a result here.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tessera::store {

// A result did not have the rows its statement promises. `what` names the statement.
class UnexpectedResult : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

namespace detail {
[[noreturn]] inline void throwRowCount(std::string_view what, std::string_view expected,
                                       pqxx::result::size_type got) {
    throw UnexpectedResult(std::string(what) + ": expected " + std::string(expected) + ", got " +
                           std::to_string(got) + " rows");
}
}  // namespace detail

// The one row of a statement that always returns exactly one (INSERT … RETURNING, count(*)).
inline pqxx::row onlyRow(const pqxx::result& result, std::string_view what) {
    if (result.size() != 1) detail::throwRowCount(what, "1 row", result.size());
    return result[0];  // a pqxx::row shares ownership of its result
}

// A lookup by key: no row is "not found", more than one is a broken invariant.
inline std::optional<pqxx::row> optionalRow(const pqxx::result& result, std::string_view what) {
    if (result.empty()) return std::nullopt;
    if (result.size() > 1) detail::throwRowCount(what, "at most 1 row", result.size());
    return result[0];
}

// The first row of an ordered result (ORDER BY … LIMIT 1), if any.
inline std::optional<pqxx::row> firstRow(const pqxx::result& result) {
    if (result.empty()) return std::nullopt;
    return result[0];
}

// optionalRow, read through `read` (a repository's row-to-record function).
template <typename Read>
auto optionalRecord(const pqxx::result& result, std::string_view what, Read read)
    -> std::optional<std::decay_t<std::invoke_result_t<Read&, const pqxx::row&>>> {
    if (const auto row = optionalRow(result, what)) return read(*row);
    return std::nullopt;
}

// The first column of every row, as text (RETURNING id::text of a multi-row write). NULLs are
// not expected there: they read as empty strings.
inline std::vector<std::string> firstColumnTexts(const pqxx::result& result) {
    std::vector<std::string> texts;
    texts.reserve(result.size());
    for (const auto& row : result) texts.push_back(row[0].c_str());
    return texts;
}

// The first column of the one row, which must not be NULL (count(*), RETURNING id).
template <typename T>
T onlyValue(const pqxx::result& result, std::string_view what) {
    const pqxx::row row = onlyRow(result, what);
    if (row.size() < 1 || row[0].is_null()) {
        throw UnexpectedResult(std::string(what) + ": expected a value, got NULL");
    }
    return row[0].as<T>();
}

}  // namespace tessera::store
