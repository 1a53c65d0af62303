#include "server/web/demo_seed.hpp"

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>
#include <vector>

#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "server/middleware/credentials.hpp"
#include "store/result_rows.hpp"

namespace tessera::server::web {
namespace {

struct DemoTeam {
    const char* key;
    const char* name;
};

constexpr DemoTeam kTeams[] = {
    {"platform", "Data Platform"}, {"analytics", "Analytics"}, {"finance", "Finance"},
    {"marketing", "Marketing"},    {"ml", "Machine Learning"},
};

struct DemoUser {
    const char* email;
    const char* password;
    const char* name;
    const char* role;
    const char* team;
};

// Spec 04 §5.1. The team admin sits in a consumer team of the open proposal that has not
// acknowledged yet, so the UI can acknowledge it as that user.
constexpr DemoUser kUsers[] = {
    {"admin@test.com", "admin", "Ada Admin", "admin", "platform"},
    {"team_admin@test.com", "team_admin", "Tom Teamadmin", "team_admin", "marketing"},
    {"user@test.com", "user", "Uma User", "user", "finance"},
};

struct DemoAsset {
    const char* fqn;
    const char* team;
    std::vector<const char*> columns;
    std::vector<const char*> upstream;  // the assets it reads
};

// 50 assets: raw sources, staging models, and the marts built on them. The downstream radius
// of demo.analytics.orders (depth ≤ 10) is the 16 assets marked "orders ↓" (docs/webui.md).
const std::vector<DemoAsset>& demoAssets() {
    static const std::vector<DemoAsset> assets = {
        // Raw sources and their staging models (Data Platform).
        {"demo.raw.orders", "platform", {"order_id", "customer_id", "ordered_at", "amount"}, {}},
        {"demo.raw.customers", "platform", {"customer_id", "email", "created_at"}, {}},
        {"demo.raw.payments", "platform", {"payment_id", "order_id", "amount", "paid_at"}, {}},
        {"demo.raw.products", "platform", {"product_id", "title", "price"}, {}},
        {"demo.raw.events", "platform", {"event_id", "customer_id", "kind", "occurred_at"}, {}},
        {"demo.raw.sessions", "platform", {"session_id", "customer_id", "started_at"}, {}},
        {"demo.raw.inventory", "platform", {"product_id", "warehouse_id", "quantity"}, {}},
        {"demo.raw.shipments", "platform", {"shipment_id", "order_id", "shipped_at"}, {}},
        {"demo.raw.marketing_spend", "platform", {"campaign_id", "spent_on", "amount"}, {}},
        {"demo.staging.stg_orders",
         "platform",
         {"order_id", "customer_id", "ordered_at", "amount"},
         {"demo.raw.orders"}},
        {"demo.staging.stg_customers",
         "platform",
         {"customer_id", "email", "created_at"},
         {"demo.raw.customers"}},
        {"demo.staging.stg_payments",
         "platform",
         {"payment_id", "order_id", "amount"},
         {"demo.raw.payments"}},
        {"demo.staging.stg_products",
         "platform",
         {"product_id", "title", "price"},
         {"demo.raw.products"}},
        {"demo.staging.stg_events",
         "platform",
         {"event_id", "customer_id", "kind"},
         {"demo.raw.events"}},
        {"demo.staging.stg_sessions",
         "platform",
         {"session_id", "customer_id", "started_at"},
         {"demo.raw.sessions"}},
        {"demo.staging.stg_inventory",
         "platform",
         {"product_id", "warehouse_id", "quantity"},
         {"demo.raw.inventory"}},
        {"demo.staging.stg_shipments",
         "platform",
         {"shipment_id", "order_id", "shipped_at"},
         {"demo.raw.shipments"}},
        {"demo.staging.stg_marketing_spend",
         "platform",
         {"campaign_id", "spent_on", "amount"},
         {"demo.raw.marketing_spend"}},
        // The asset of the open proposal (Analytics).
        {"demo.analytics.orders",
         "analytics",
         {"order_id", "customer_id", "ordered_at", "status", "amount", "discount_amount"},
         {"demo.staging.stg_orders", "demo.staging.stg_customers", "demo.staging.stg_payments"}},
        // orders ↓ (16 assets, up to depth 4).
        {"demo.finance.revenue_daily", "finance", {"day", "revenue"}, {"demo.analytics.orders"}},
        {"demo.finance.revenue_monthly",
         "finance",
         {"month", "revenue"},
         {"demo.finance.revenue_daily"}},
        {"demo.finance.invoices",
         "finance",
         {"invoice_id", "order_id", "amount"},
         {"demo.analytics.orders"}},
        {"demo.finance.refunds",
         "finance",
         {"refund_id", "order_id", "amount"},
         {"demo.analytics.orders", "demo.staging.stg_payments"}},
        {"demo.marketing.customer_ltv",
         "marketing",
         {"customer_id", "lifetime_value"},
         {"demo.analytics.orders", "demo.analytics.customers"}},
        {"demo.marketing.campaign_attribution",
         "marketing",
         {"campaign_id", "order_id", "share"},
         {"demo.analytics.orders", "demo.analytics.sessions", "demo.staging.stg_marketing_spend"}},
        {"demo.marketing.churn_signals",
         "marketing",
         {"customer_id", "risk"},
         {"demo.marketing.customer_ltv"}},
        {"demo.ml.order_features",
         "ml",
         {"order_id", "basket_size", "hour"},
         {"demo.analytics.orders"}},
        {"demo.ml.demand_forecast",
         "ml",
         {"product_id", "day", "forecast"},
         {"demo.ml.order_features", "demo.analytics.products"}},
        {"demo.ml.forecast_accuracy", "ml", {"day", "mape"}, {"demo.ml.demand_forecast"}},
        {"demo.ml.fraud_features",
         "ml",
         {"order_id", "payment_velocity"},
         {"demo.analytics.orders", "demo.staging.stg_payments"}},
        {"demo.ml.fraud_scores", "ml", {"order_id", "score"}, {"demo.ml.fraud_features"}},
        {"demo.analytics.daily_kpis",
         "analytics",
         {"day", "orders", "revenue"},
         {"demo.analytics.orders"}},
        {"demo.finance.exec_dashboard",
         "finance",
         {"day", "kpi", "value"},
         {"demo.analytics.daily_kpis"}},
        {"demo.finance.board_pack",
         "finance",
         {"quarter", "kpi", "value"},
         {"demo.finance.exec_dashboard"}},
        {"demo.finance.investor_update",
         "finance",
         {"quarter", "summary"},
         {"demo.finance.board_pack"}},
        // Beside the radius.
        {"demo.analytics.customers",
         "analytics",
         {"customer_id", "email", "first_order_at"},
         {"demo.staging.stg_customers"}},
        {"demo.analytics.products",
         "analytics",
         {"product_id", "title", "price"},
         {"demo.staging.stg_products"}},
        {"demo.analytics.sessions",
         "analytics",
         {"session_id", "customer_id", "pages"},
         {"demo.staging.stg_sessions", "demo.staging.stg_events"}},
        {"demo.analytics.inventory",
         "analytics",
         {"product_id", "on_hand"},
         {"demo.staging.stg_inventory"}},
        {"demo.analytics.shipments",
         "analytics",
         {"shipment_id", "order_id", "days_to_ship"},
         {"demo.staging.stg_shipments"}},
        {"demo.marketing.email_engagement",
         "marketing",
         {"customer_id", "opens", "clicks"},
         {"demo.analytics.sessions"}},
        {"demo.marketing.segments",
         "marketing",
         {"customer_id", "segment"},
         {"demo.analytics.customers"}},
        {"demo.marketing.feature_usage",
         "marketing",
         {"feature", "day", "users"},
         {"demo.staging.stg_events"}},
        {"demo.marketing.funnel",
         "marketing",
         {"step", "day", "sessions"},
         {"demo.staging.stg_events", "demo.analytics.sessions"}},
        {"demo.ml.recommendations",
         "ml",
         {"customer_id", "product_id", "score"},
         {"demo.analytics.products", "demo.analytics.sessions"}},
        {"demo.finance.inventory_valuation",
         "finance",
         {"product_id", "value"},
         {"demo.analytics.inventory", "demo.analytics.products"}},
        {"demo.platform.shipping_sla",
         "platform",
         {"day", "on_time_share"},
         {"demo.analytics.shipments"}},
        {"demo.platform.warehouse_utilisation",
         "platform",
         {"warehouse_id", "utilisation"},
         {"demo.staging.stg_inventory"}},
        {"demo.platform.carrier_costs",
         "platform",
         {"carrier", "month", "cost"},
         {"demo.staging.stg_shipments"}},
        {"demo.platform.data_freshness",
         "platform",
         {"source", "checked_at", "lag_minutes"},
         {"demo.staging.stg_events", "demo.staging.stg_orders"}},
    };
    return assets;
}

// A column's JSON-Schema type from its name: ids and names are strings, times date-times,
// counts integers, money and shares numbers.
std::string columnSchema(const std::string& column) {
    const auto endsWith = [&](const std::string& suffix) {
        return column.size() >= suffix.size() &&
               column.compare(column.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith("_at")) return R"({"type":"string","format":"date-time"})";
    if (column == "day" || endsWith("_on")) return R"({"type":"string","format":"date"})";
    if (column == "status") {
        return R"({"type":"string","enum":["placed","shipped","delivered","cancelled"]})";
    }
    if (column == "orders" || column == "quantity" || column == "pages" || column == "opens" ||
        column == "clicks" || column == "users" || column == "sessions" || column == "on_hand" ||
        column == "hour" || column == "basket_size" || endsWith("days_to_ship")) {
        return R"({"type":"integer"})";
    }
    if (endsWith("_id") || column == "email" || column == "title" || column == "kind" ||
        column == "segment" || column == "feature" || column == "step" || column == "carrier" ||
        column == "kpi" || column == "summary" || column == "month" || column == "quarter" ||
        column == "risk" || column == "source") {
        return R"({"type":"string"})";
    }
    return R"({"type":"number"})";
}

std::string objectSchema(const std::vector<const char*>& columns) {
    std::string properties, required;
    for (const char* column : columns) {
        if (!properties.empty()) properties += ",";
        properties += core::jsonQuote(column) + ":" + columnSchema(column);
    }
    // The first column is the key: always there.
    required = core::jsonQuote(columns.front());
    return R"({"type":"object","properties":{)" + properties + R"(},"required":[)" + required +
           "]}";
}

// The open proposal: demo.analytics.orders drops discount_amount and the `cancelled` status.
std::string proposedOrdersSchema() {
    return R"({"type":"object","properties":{"order_id":{"type":"string"},)"
           R"("customer_id":{"type":"string"},"ordered_at":{"type":"string","format":"date-time"},)"
           R"("status":{"type":"string","enum":["placed","shipped","delivered"]},)"
           R"("amount":{"type":"number"}},"required":["order_id"]})";
}

class Seeder {
  public:
    explicit Seeder(pqxx::work& tx) : tx_(tx) {}

    DemoSeedResult run() {
        DemoSeedResult result;
        for (const DemoTeam& team : kTeams) {
            teams_[team.key] = value(tx_.exec_params(
                "INSERT INTO core.teams (name, metadata) VALUES ($1, '{\"demo\":true}')"
                " RETURNING id::text",
                team.name));
            ++result.teams;
        }
        for (const DemoUser& user : kUsers) {
            users_[user.email] = value(
                tx_.exec_params("INSERT INTO core.users (email, name, password_hash, role, team_id)"
                                " VALUES ($1, $2, $3, $4, $5) RETURNING id::text",
                                user.email, user.name, hashPassword(user.password), user.role,
                                teams_.at(user.team)));
            ++result.users;
        }
        for (const DemoAsset& asset : demoAssets()) addAsset(asset), ++result.assets;
        result.dependencies = addLineage();
        result.registrations = addRegistrations();
        addOpenProposal();
        result.proposals = 1;
        addAuditRuns();
        return result;
    }

  private:
    static std::string value(const pqxx::result& result) {
        return store::onlyValue<std::string>(result, "demo seed insert");
    }

    void addAsset(const DemoAsset& asset) {
        const std::string& team = teams_.at(asset.team);
        const std::string id = value(tx_.exec_params(
            "INSERT INTO core.assets (fqn, owner_team_id, metadata) VALUES ($1, $2,"
            " jsonb_build_object('description', $3::text, 'demo', true)) RETURNING id::text",
            asset.fqn, team, std::string("Demo asset ") + asset.fqn));
        assets_[asset.fqn] = id;
        schemas_[asset.fqn] = objectSchema(asset.columns);
        const std::string contract = value(
            tx_.exec_params("INSERT INTO core.contracts (asset_id, version, schema, published_by)"
                            " VALUES ($1, '1.0.0', $2::json, $3) RETURNING id::text",
                            id, schemas_[asset.fqn], team));
        contracts_[asset.fqn] = contract;
        tx_.exec_params(
            "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
            " VALUES ('contract', $1, 'contract.published', $2,"
            " '{\"version\":\"1.0.0\",\"change_type\":null,\"force\":false}')",
            contract, team);
    }

    int addLineage() {
        int edges = 0;
        for (const DemoAsset& asset : demoAssets()) {
            for (const char* upstream : asset.upstream) {
                tx_.exec_params(
                    "INSERT INTO core.dependencies (dependent_asset_id, dependency_asset_id,"
                    " dependency_type) VALUES ($1, $2, 'transforms')",
                    assets_.at(asset.fqn), assets_.at(upstream));
                ++edges;
            }
        }
        return edges;
    }

    // A team that reads another team's asset is registered on its contract.
    int addRegistrations() {
        std::set<std::pair<std::string, std::string>> registered;  // (upstream fqn, team key)
        std::map<std::string, std::string> ownerOf;
        for (const DemoAsset& asset : demoAssets()) ownerOf[asset.fqn] = asset.team;
        for (const DemoAsset& asset : demoAssets()) {
            for (const char* upstream : asset.upstream) {
                if (ownerOf.at(upstream) == asset.team) continue;
                if (!registered.insert({upstream, asset.team}).second) continue;
                tx_.exec_params(
                    "INSERT INTO core.registrations (contract_id, consumer_team_id)"
                    " VALUES ($1, $2)",
                    contracts_.at(upstream), teams_.at(asset.team));
            }
        }
        return static_cast<int>(registered.size());
    }

    void addOpenProposal() {
        const std::string fqn = "demo.analytics.orders";
        const auto current = core::parseJson(schemas_.at(fqn), 64);
        const auto proposed = core::parseJson(proposedOrdersSchema(), 64);
        if (!current.ok || !proposed.ok) throw std::logic_error("demo schemas are not JSON");
        const core::SchemaDiff diff = core::diffSchemas(current.document, proposed.document);
        const auto breaking =
            core::breakingChanges(diff.changes, core::CompatibilityMode::Backward);
        const std::string analytics = teams_.at("analytics");
        const std::string proposal = value(tx_.exec_params(
            "INSERT INTO workflow.proposals (asset_id, proposed_schema, change_type,"
            " breaking_changes, proposed_by, proposed_by_user_id, proposed_at)"
            " VALUES ($1, $2::json, $3, $4::jsonb, $5, NULL, now() - interval '2 hours')"
            " RETURNING id::text",
            assets_.at(fqn), proposedOrdersSchema(),
            std::string(core::changeTypeName(diff.changeType)), core::changesToJson(breaking),
            analytics));
        tx_.exec_params(
            "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
            " VALUES ('proposal', $1, 'proposal.created', $2, jsonb_build_object('asset_id',"
            " $3::text, 'change_type', $4::text, 'breaking_changes_count', $5::int))",
            proposal, analytics, assets_.at(fqn),
            std::string(core::changeTypeName(diff.changeType)), static_cast<int>(breaking.size()));
        // Finance has approved; Marketing and Machine Learning still have to answer.
        const std::string finance = teams_.at("finance");
        tx_.exec_params(
            "INSERT INTO workflow.acknowledgments (proposal_id, consumer_team_id,"
            " acknowledged_by_user_id, response, notes)"
            " VALUES ($1, $2, $3, 'approved', 'Revenue reports do not use the discount.')",
            proposal, finance, users_.at("user@test.com"));
        tx_.exec_params(
            "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
            " VALUES ('proposal', $1, 'proposal.acknowledged', $2,"
            " '{\"response\":\"approved\",\"notes\":\"Revenue reports do not use the "
            "discount.\"}')",
            proposal, finance);
    }

    // Five days of data-quality runs on demo.analytics.orders, one of them failed, so the asset
    // page's audit history has rows.
    void addAuditRuns() {
        struct Run {
            const char* status;
            int passed, failed, daysAgo;
            const char* source;
        };
        constexpr Run kRuns[] = {{"passed", 4, 0, 5, "dbt"},
                                 {"passed", 4, 0, 4, "dbt"},
                                 {"failed", 2, 2, 3, "great_expectations"},
                                 {"partial", 3, 1, 2, "dbt"},
                                 {"passed", 4, 0, 1, "dbt"}};
        const std::string fqn = "demo.analytics.orders";
        int number = 0;
        for (const Run& run : kRuns) {
            tx_.exec_params(
                "INSERT INTO core.audit_runs (asset_id, contract_id, status, guarantees_checked,"
                " guarantees_passed, guarantees_failed, triggered_by, run_id, run_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - $9::int * interval '1 day')",
                assets_.at(fqn), contracts_.at(fqn), std::string(run.status),
                run.passed + run.failed, run.passed, run.failed, std::string(run.source),
                "demo-run-" + std::to_string(++number), run.daysAgo);
        }
    }

    pqxx::work& tx_;
    std::map<std::string, std::string> teams_, users_, assets_, contracts_, schemas_;
};

}  // namespace

DemoSeedResult seedDemo(const std::string& connectionString) {
    pqxx::connection connection(connectionString);
    pqxx::work tx(connection);
    const auto present =
        tx.exec_params("SELECT 1 FROM core.users WHERE email = $1", std::string(kUsers[0].email));
    if (!present.empty()) return DemoSeedResult{true};
    DemoSeedResult result = Seeder(tx).run();
    tx.commit();
    return result;
}

}  // namespace tessera::server::web
