// Aligned columns for list output: each column as wide as its widest cell, two spaces apart.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tessera::cli {

class Table {
  public:
    explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }
    void print(std::ostream& out) const;

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

// `label: value` lines with the labels padded to one width.
void printFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tessera::cli
