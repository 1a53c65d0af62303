// The standard list envelope of spec 01 §7: {"results":[…],"total","limit","offset"}.
#pragma once

#include <vector>

#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {

// The limits of the lists whose page size is not configurable (spec 01 §7: proposals, the audit
// log, webhook deliveries); the others use PAGINATION_LIMIT_DEFAULT / _MAX.
inline constexpr int kFixedPageDefault = 50;
inline constexpr int kFixedPageMax = 100;

template <typename Row, typename WriteItem>
HttpResponse pageResponse(const std::vector<Row>& rows, long long total, const PageParams& page,
                          WriteItem&& writeItem) {
    return jsonResponseWith(core::status::kOk, [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("results");
        w.StartArray();
        for (const Row& row : rows) writeItem(w, row);
        w.EndArray();
        w.Key("total");
        w.Int64(total);
        w.Key("limit");
        w.Int(page.limit);
        w.Key("offset");
        w.Int64(page.offset);
        w.EndObject();
    });
}

}  // namespace tessera::server
