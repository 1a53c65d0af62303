#include "server/handlers/blast_radius.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "core/json.hpp"
#include "server/app.hpp"
#include "server/cache/rendered_body_cache.hpp"
#include "server/handlers/blast_radius_summary.hpp"
#include "server/handlers/column_radius.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/handlers/traversal_depth.hpp"
#include "server/http/entity_tags.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/response_writer.hpp"
#include "server/index/graph_service.hpp"
#include "server/services/impact_analysis.hpp"

namespace tessera::server {
namespace {

constexpr size_t kMaxColumns = 100;
constexpr size_t kMaxColumnLength = 1000;

// The listing's assets [begin, end) in the listing's (depth, fqn, id) order.
void writeAssets(ResponseWriter& w, TeamTexts& teams, const graph::LineageResult& lineage,
                 size_t begin, size_t end) {
    w.StartArray();
    for (size_t i = begin; i < end; ++i) {
        const graph::ReachedAsset& reached = lineage.assets[i];
        w.StartObject();
        w.key("asset_id");
        QuotedUuid(reached.id).write(w);
        w.key("fqn");
        w.text(reached.fqn);
        w.key("depth");
        w.Uint(reached.depth);
        w.key("dependency_type");
        w.text(graph::toString(reached.dependencyType));
        const TeamText& owner = teams.of(reached.ownerTeamId);
        w.key("owner_team_id");
        owner.writeId(w);
        w.key("owner_team_name");
        owner.writeName(w);
        w.key("deleted");
        w.Bool(reached.deleted);
        w.EndObject();
    }
    w.EndArray();
}

void writeDownstreamDepths(ResponseWriter& w, const graph::ImpactResult& impact) {
    for (const auto& totals : impact.depthTotals) {
        w.StartObject();
        w.key("depth");
        w.Uint(totals.depth);
        w.key("assets");
        w.Uint(totals.assets);
        w.key("consumer_teams");
        w.Uint(totals.consumerTeams);
        w.key("active_registrations");
        w.Uint(totals.activeRegistrations);
        w.EndObject();
    }
}

// Upstream has no consumers: assets per depth only, empty depths left out.
void writeUpstreamDepths(ResponseWriter& w, const graph::LineageResult& lineage, int depth) {
    std::vector<uint32_t> perDepth(static_cast<size_t>(depth) + 1, 0);
    for (const auto& reached : lineage.assets) ++perDepth[reached.depth];
    for (int d = 1; d <= depth; ++d) {
        if (perDepth[static_cast<size_t>(d)] == 0) continue;
        w.StartObject();
        w.key("depth");
        w.Int(d);
        w.key("assets");
        w.Uint(perDepth[static_cast<size_t>(d)]);
        w.EndObject();
    }
}

void writeTeamTotals(ResponseWriter& w, TeamTexts& teams, const graph::ImpactResult& impact) {
    for (const auto& team : impact.teamTotals) {
        w.StartObject();
        const TeamText& text = teams.of(team.teamId);
        w.key("team_id");
        text.writeId(w);
        w.key("team_name");
        text.writeName(w);
        w.key("owned_assets");
        w.Uint(team.ownedAssets);
        w.key("active_registrations");
        w.Uint(team.activeRegistrations);
        w.key("consumer_depth");
        if (team.consumerDepth) {
            w.Uint(*team.consumerDepth);
        } else {
            w.Null();
        }
        w.EndObject();
    }
}

void writeTotals(ResponseWriter& w, TeamTexts& teams, const services::BlastRadius& radius,
                 int depth) {
    const graph::LineageResult& lineage = radius.lineage();
    w.StartObject();
    w.key("assets");
    w.Uint64(lineage.assets.size());
    w.key("consumer_teams");
    w.Uint64(radius.impact ? radius.impact->consumers.size() : 0);
    w.key("by_depth");
    w.StartArray();
    if (radius.impact) {
        writeDownstreamDepths(w, *radius.impact);
    } else {
        writeUpstreamDepths(w, lineage, depth);
    }
    w.EndArray();
    w.key("by_team");
    w.StartArray();
    if (radius.impact) writeTeamTotals(w, teams, *radius.impact);
    w.EndArray();
    w.EndObject();
}

// What the query asks for beyond depth and direction.
struct RadiusRequest {
    std::string assetId;
    int depth = 0;
    std::string direction;
    bool summary = false;
    std::optional<PageParams> page;  // only when `limit` or `offset` is given
    // `columns=a,b` (issue 20 item 3): the column-level radius instead of the listing.
    std::optional<std::vector<std::string>> columns;

    bool downstream() const { return direction == "downstream"; }
    // Tells views and pages of one generation apart in the ETag.
    std::string variant() const {
        if (summary) return "summary";
        std::string text;
        if (columns) {
            text = "columns";
            for (const std::string& column : *columns) {
                text += ":";
                text += column;
            }
            return text;
        }
        if (page) {
            // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on the one-expression
            // form.
            text = "o";
            text += std::to_string(page->offset);
            text += ".l";
            text += std::to_string(page->limit);
        }
        return text;
    }
};

// Comma-separated, each trimmed and non-empty, at most 100 of at most 1000 bytes; downstream
// listings only (the column radius has no summary, pages or upstream form).
std::vector<std::string> parseColumns(RequestValidator& validate, const std::string& text,
                                      const RadiusRequest& request) {
    const Loc loc{std::string("query"), std::string("columns")};
    std::vector<std::string> columns;
    size_t start = 0;
    bool bad = false;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string column = text.substr(start, comma - start);
        column.erase(0, column.find_first_not_of(' '));
        column.erase(column.find_last_not_of(' ') + 1);
        bad = bad || column.empty() || column.size() > kMaxColumnLength;
        if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
            columns.push_back(std::move(column));
        }
        start = comma + 1;
    }
    std::sort(columns.begin(), columns.end());
    if (bad || columns.size() > kMaxColumns) {
        validate.valueError(loc, "columns must be 1 to 100 comma-separated column names",
                            core::jsonQuote(text));
    } else if (!request.downstream() || request.summary || request.page) {
        validate.valueError(loc,
                            "columns lists a downstream radius: no direction=upstream, "
                            "view=summary, limit or offset with it",
                            core::jsonQuote(text));
    }
    return columns;
}

RadiusRequest parseRequest(RequestContext& context) {
    RequestValidator validate(context);
    RadiusRequest request;
    const HttpRequest& http = context.request;
    // Pagination errors come first (spec 01 §2.3 order).
    if (http.queryValue("limit") || http.queryValue("offset")) request.page = validate.pagination();
    request.assetId = validate.pathUuid("asset_id");
    request.depth = traversalDepth(validate, context.config());
    request.direction =
        validate.queryEnum("direction", kBlastRadiusDirections).value_or("downstream");
    request.summary = validate.queryEnum("view", kBlastRadiusViews).value_or("full") == "summary";
    if (const auto columns = http.queryValue("columns")) {
        request.columns = parseColumns(validate, *columns, request);
    }
    if (request.summary && request.page) {
        const char* name = http.queryValue("limit") ? "limit" : "offset";
        validate.valueError(
            Loc{std::string("query"), std::string(name)},
            "limit and offset page the asset listing, which view=summary leaves out",
            core::jsonQuote(*http.queryValue(name)));
    }
    validate.finish();
    return request;
}

void writeRoot(ResponseWriter& w, const RadiusRequest& request, std::string_view fqn,
               const GraphService& graph) {
    w.key("asset_id");
    w.text(request.assetId);
    w.key("fqn");
    w.text(fqn);
    w.key("direction");
    w.text(request.direction);
    w.key("depth");
    w.Int(request.depth);
    w.key("generation");
    w.Int64(graph.generation());
}

HttpResponse summaryResponse(const GraphService& graph, const RadiusRequest& request) {
    const services::BlastRadiusSummary radius =
        services::summarizeBlastRadius(graph, request.assetId, request.depth, request.downstream());
    TeamTexts teams(graph, teamsOf(radius.summary));
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        writeRoot(w, request, radius.root.fqn, graph);
        writeSummaryFields(w, teams, radius.summary);
        w.EndObject();
    });
}

// ?columns=: the root, then the column radius (server/handlers/column_radius.hpp).
HttpResponse columnResponse(const GraphService& graph, const RadiusRequest& request) {
    const services::ColumnBlastRadius radius =
        services::computeColumnBlastRadius(graph, request.assetId, request.columns, request.depth);
    TeamTexts teams(graph, ownersOf(radius.radius));
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        writeRoot(w, request, radius.root.fqn, graph);
        writeColumnRadiusMembers(w, teams, request.columns, radius.radius);
        w.EndObject();
    });
}

// The default body; with a page, `assets` holds that page and `total`, `limit`, `offset` and
// `next_offset` (null on the last page) follow it.
HttpResponse listingResponse(const GraphService& graph, const RadiusRequest& request) {
    const services::BlastRadius radius =
        services::computeBlastRadius(graph, request.assetId, request.depth, request.downstream());
    const graph::LineageResult& lineage = radius.lineage();
    const size_t total = lineage.assets.size();
    size_t begin = 0, end = total;
    if (request.page) {
        begin = std::min(total, static_cast<size_t>(request.page->offset));
        end = std::min(total, begin + static_cast<size_t>(request.page->limit));
    }
    TeamTexts teams(graph, radius.impact ? teamsOf(*radius.impact) : ownersOf(lineage));
    return renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        writeRoot(w, request, radius.root.fqn, graph);
        w.key("assets");
        writeAssets(w, teams, lineage, begin, end);
        if (request.page) {
            w.key("total");
            w.Uint64(total);
            w.key("limit");
            w.Int(request.page->limit);
            w.key("offset");
            w.Int64(request.page->offset);
            w.key("next_offset");
            if (end < total) {
                w.Uint64(end);
            } else {
                w.Null();
            }
        }
        w.key("consumers");
        if (radius.impact) {
            writeConsumers(w, teams, radius.impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.key("totals");
        writeTotals(w, teams, radius, request.depth);
        w.EndObject();
    });
}

HttpResponse render(const GraphService& graph, const RadiusRequest& request) {
    return request.columns   ? columnResponse(graph, request)
           : request.summary ? summaryResponse(graph, request)
                             : listingResponse(graph, request);
}

// What the body depends on besides the index's revision: the view, the asset as written (the
// body echoes it), depth, direction, and the applied generation the body names.
std::string cacheKey(const RadiusRequest& request, int64_t generation) {
    std::string key = request.variant();
    key += '|';
    key += request.assetId;
    key += '|';
    key += std::to_string(request.depth);
    key += '|';
    key += request.direction;
    key += '|';
    key += std::to_string(generation);
    return key;
}

// The body from the rendered-body cache when this revision's is there; otherwise rendered and
// kept for the next request (server/cache/rendered_body_cache.hpp).
HttpResponse cachedOrRendered(RequestContext& context, const RadiusRequest& request,
                              uint64_t revision) {
    const GraphService& graph = *context.app.graph;
    RenderedBodyCache* cache = context.app.renderedBodies.get();
    if (!cache || !cache->enabled()) return render(graph, request);
    const std::string key = cacheKey(request, graph.generation());
    if (std::shared_ptr<const SharedBody> body = cache->find(key, revision)) {
        HttpResponse response = jsonResponse(core::status::kOk, std::string());
        response.sharedBody = std::move(body);
        return response;
    }
    HttpResponse response = render(graph, request);
    auto body = std::make_shared<const SharedBody>(std::move(response.body));
    response.body.clear();
    response.sharedBody = body;
    cache->store(key, revision, std::move(body));
    return response;
}

}  // namespace

HttpResponse getBlastRadius(RequestContext& context) {
    const RadiusRequest request = parseRequest(context);
    const GraphService& graph = *context.app.graph;
    // Read before the tag, which may then name a later revision, never an earlier one.
    const uint64_t revision = graph.revision();
    const std::string etag = services::blastRadiusTag(graph, request.variant());
    if (ifNoneMatchHits(context.request, etag)) {
        HttpResponse notModified = emptyResponse(core::status::kNotModified);
        notModified.setHeader("ETag", etag);
        return notModified;
    }
    HttpResponse response = cachedOrRendered(context, request, revision);
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

}  // namespace tessera::server
