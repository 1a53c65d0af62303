// Rows of PostgreSQL's COPY text format (one line per row, tab-separated fields, \N for NULL,
// backslash escapes), as `COPY (query) TO STDOUT` sends them. Streaming a whole table this way
// is several times faster than fetching it through a cursor (measured for the index load).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::store {

class CopyTextRow {
  public:
    // Splits and decodes a copy of `line` (a trailing newline is ignored); the views stay valid
    // until the next parse(). Throws std::runtime_error if the line does not have `columns`
    // fields.
    void parse(std::string_view line, size_t columns);

    std::optional<std::string_view> field(size_t index) const { return fields_[index]; }
    // A non-NULL field (empty if NULL).
    std::string_view text(size_t index) const { return fields_[index].value_or(""); }

  private:
    std::string line_;
    std::vector<std::optional<std::string_view>> fields_;
    std::vector<std::string> decoded_;  // storage for fields that had escapes
};

}  // namespace tessera::store
