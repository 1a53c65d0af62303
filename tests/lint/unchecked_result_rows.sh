#!/usr/bin/env bash
# Rule (store/result_rows.hpp): a row is picked out of a query result only through onlyRow,
# optionalRow, firstRow or onlyValue, which check the row count and throw UnexpectedResult.
# An unchecked `exec(…)[0]` on a result that came back empty is an out-of-range read, and one
# missing bookkeeping row must not take the server down (issue 14).
#
# Usage: unchecked_result_rows.sh <store dir>. Prints every offending line and exits 1 if any.
# `row[0]` (column 0 of a row) is fine; what is flagged is indexing a call or a variable named
# *result*, `rows` or `res`; double indexing (`[0][0]`: a row, then a column); `.front()`;
# `.back()`/`.at()` on a call or a result; `.begin()->` and `*x.begin()`; libpqxx's exec…1
# (checked, but it throws its own exception type, not UnexpectedResult); and PQgetvalue with a
# constant row number.
set -euo pipefail

store_dir=${1:?usage: unchecked_result_rows.sh <store dir>}
[[ -d $store_dir ]] || { echo "no such directory: $store_dir" >&2; exit 2; }

patterns=(
    '\)[[:space:]]*\['                                    # exec(…)[0]
    '[A-Za-z_0-9]*[Rr]esult[A-Za-z_0-9]*[[:space:]]*\['   # result[0], results[i]
    '\b(rows|res)[[:space:]]*\['                          # rows[0], res[0]
    '\][[:space:]]*\['                                    # [0][0]
    '\.front\(\)'                                         # result.front()
    '(\)|[Rr]esult[A-Za-z_0-9]*)\.(back|at)\('            # exec(…).back(), result.at(0)
    '\.begin\(\)[[:space:]]*->'                           # result.begin()->
    '\*[[:space:]]*[A-Za-z_][A-Za-z_0-9.]*\.begin\(\)'    # *result.begin()
    '\bexec[a-z_]*1[[:space:]]*\('                        # tx.exec1(…), exec_params1(…)
    'PQgetvalue\([^,]+,[[:space:]]*[0-9]+[[:space:]]*,'   # PQgetvalue(r, 0, c)
)
pattern=$(IFS='|'; echo "${patterns[*]}")

shopt -s nullglob
found=0
for file in "$store_dir"/*.cpp "$store_dir"/*.hpp; do
    [[ $(basename "$file") == result_rows.hpp ]] && continue
    # Line comments are dropped first (a `//` after code or at the start, not inside "a://b").
    if hits=$(sed -E 's#(^|[[:space:]])//.*$#\1#' "$file" | grep -nE "$pattern"); then
        while IFS= read -r hit; do
            echo "$file:${hit%%:*}: $(sed -n "${hit%%:*}p" "$file" | sed -E 's/^[[:space:]]+//')"
        done <<<"$hits"
        found=1
    fi
done

if ((found)); then
    echo "Rows of a query result are read through store/result_rows.hpp (onlyRow, optionalRow," >&2
    echo "firstRow, onlyValue), never picked unchecked: see the README's notes for contributors." >&2
    exit 1
fi
echo "no unchecked reads of result rows in $store_dir"
