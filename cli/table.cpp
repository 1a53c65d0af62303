#include "cli/table.hpp"

#include <algorithm>

namespace tessera::cli {
namespace {

void printRow(std::ostream& out, const std::vector<std::string>& cells,
              const std::vector<size_t>& widths) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
        const std::string cell = i < cells.size() ? cells[i] : "";
        line += cell;
        if (i + 1 < widths.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
    }
    out << line << "\n";
}

}  // namespace

void Table::print(std::ostream& out) const {
    std::vector<size_t> widths;
    for (const auto& header : headers_) widths.push_back(header.size());
    for (const auto& row : rows_) {
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    printRow(out, headers_, widths);
    std::vector<std::string> rule;
    for (size_t width : widths) rule.push_back(std::string(width, '-'));
    printRow(out, rule, widths);
    for (const auto& row : rows_) printRow(out, row, widths);
}

void printFields(std::ostream& out,
                 const std::vector<std::pair<std::string, std::string>>& fields) {
    size_t width = 0;
    for (const auto& field : fields) width = std::max(width, field.first.size());
    for (const auto& [label, value] : fields) {
        out << label << ":" << std::string(width - label.size() + 1, ' ') << value << "\n";
    }
}

}  // namespace tessera::cli
