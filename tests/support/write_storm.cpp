#include "tests/support/write_storm.hpp"

#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

#include "tests/support/json_access.hpp"

namespace tessera::testing {
namespace {

constexpr int kFields = 6;

// An object schema with the fields whose bit is set in `mask` (f0…f5, integers). Dropping a
// field the active contract has is breaking; adding one is compatible.
std::string schemaOf(unsigned mask) {
    std::string properties;
    for (int field = 0; field < kFields; ++field) {
        if (!(mask & (1u << field))) continue;
        if (!properties.empty()) properties += ",";
        properties += "\"f" + std::to_string(field) + R"(":{"type":"integer"})";
    }
    return R"({"type":"object","properties":{)" + properties + "}}";
}

std::string created(const HttpResult& response, const char* what) {
    if (response.status != 201) {
        throw std::runtime_error(std::string(what) + ": " + std::to_string(response.status) + " " +
                                 response.body);
    }
    return response.body;
}

// The `results` of a 200 listing, parsed into `document`; null when there are none (or the
// answer was not a listing: the server is being killed).
const rapidjson::Value* nonEmptyResults(const HttpResult& response, rapidjson::Document& document) {
    if (response.status != 200) return nullptr;
    document.Parse(response.body.c_str());
    if (document.HasParseError() || !document.IsObject() || !document.HasMember("results") ||
        !document["results"].IsArray() || document["results"].Empty()) {
        return nullptr;
    }
    return &document["results"];
}

}  // namespace

StormWorld prepareStormWorld(const HttpClient& http, int assets, int consumerTeams) {
    static std::atomic<int> worlds{0};
    const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(++worlds);
    auto team = [&](const std::string& name) {
        auto body =
            created(http.post("/api/v1/teams", R"({"name":")" + name + tag + "\"}"), "team");
        rapidjson::Document document;
        document.Parse(body.c_str());
        return str(document, "id");
    };
    StormWorld world;
    world.producerTeam = team("storm-producer-");
    for (int i = 0; i < consumerTeams; ++i) {
        world.consumerTeams.push_back(team("storm-consumer-" + std::to_string(i) + "-"));
    }
    for (int i = 0; i < assets; ++i) {
        auto asset =
            http.post("/api/v1/assets", R"({"fqn":"storm.s)" + tag + ".t" + std::to_string(i) +
                                            R"(","owner_team_id":")" + world.producerTeam + "\"}");
        rapidjson::Document document;
        document.Parse(created(asset, "asset").c_str());
        const std::string assetId = str(document, "id");
        world.assets.push_back(assetId);
        auto contract =
            http.post("/api/v1/assets/" + assetId + "/contracts?published_by=" + world.producerTeam,
                      R"({"schema":)" + schemaOf(0b111) + "}");
        document.Parse(created(contract, "contract").c_str());
        const std::string contractId = str(document["contract"], "id");
        // Two consumers per asset: breaking changes open proposals that need acknowledging.
        for (int c = 0; c < 2 && c < consumerTeams; ++c) {
            created(http.post("/api/v1/registrations?contract_id=" + contractId,
                              R"({"consumer_team_id":")" +
                                  world.consumerTeams[(i + c) % consumerTeams] + "\"}"),
                    "registration");
        }
    }
    return world;
}

WriteStorm::WriteStorm(int port, StormWorld world, int clients, unsigned seed)
    : port_(port), world_(std::move(world)), clients_(clients), seed_(seed) {}

WriteStorm::~WriteStorm() {
    stop();
}

void WriteStorm::start() {
    for (int i = 0; i < clients_; ++i) {
        threads_.emplace_back([this, i] { runClient(seed_ * 7919u + static_cast<unsigned>(i)); });
    }
}

void WriteStorm::stop() {
    stopping_ = true;
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

HttpResult WriteStorm::send(const HttpClient& http, const std::string& method,
                            const std::string& path, const std::string& body) {
    ++tally_.requests;
    HttpResult response;
    try {
        response = http.request(method, path, body,
                                body.empty() ? std::map<std::string, std::string>{}
                                             : std::map<std::string, std::string>{
                                                   {"Content-Type", "application/json"}});
    } catch (const std::exception&) {
        ++tally_.transportErrors;
        response.status = 0;
        return response;
    }
    if (response.status < 300) {
        ++tally_.succeeded;
    } else if (response.status < 500) {
        ++tally_.refused;
    } else if (response.status == 503) {
        ++tally_.unavailable;
    } else {
        ++tally_.serverErrors;
        std::lock_guard lock(tally_.samplesMutex);
        if (tally_.serverErrorSamples.size() < 5) {
            tally_.serverErrorSamples.push_back(method + " " + path + " -> " +
                                                std::to_string(response.status) + " " +
                                                response.body.substr(0, 300));
        }
    }
    return response;
}

void WriteStorm::runClient(unsigned seed) {
    const HttpClient http(port_);
    std::mt19937 random(seed);
    auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
    while (!stopping_) {
        const std::string asset = pick(world_.assets);
        const int choice = static_cast<int>(random() % 20);
        if (choice < 6) {  // publish: any subset of the fields, so often breaking
            const unsigned mask = 1u + random() % ((1u << kFields) - 1);
            send(http, "POST",
                 "/api/v1/assets/" + asset + "/contracts?published_by=" + world_.producerTeam,
                 R"({"schema":)" + schemaOf(mask) + "}");
        } else if (choice < 11) {  // acknowledge a pending proposal
            auto pending = send(http, "GET", "/api/v1/proposals?status=pending&limit=20", "");
            rapidjson::Document document;
            const rapidjson::Value* listed = nonEmptyResults(pending, document);
            if (!listed) continue;
            const auto& results = *listed;
            const std::string proposal = str(results[random() % results.Size()], "id");
            const int answer = static_cast<int>(random() % 10);
            const char* response = answer < 8 ? "approved" : answer < 9 ? "migrating" : "blocked";
            send(http, "POST", "/api/v1/proposals/" + proposal + "/acknowledge",
                 R"({"consumer_team_id":")" + pick(world_.consumerTeams) + R"(","response":")" +
                     response + "\"}");
        } else if (choice < 16) {  // an edge (duplicates and cycles are fine)
            const std::string upstream = pick(world_.assets);
            send(http, "POST", "/api/v1/assets/" + asset + "/dependencies",
                 R"({"depends_on_asset_id":")" + upstream + "\"}");
        } else if (choice < 18) {  // remove one of the asset's edges
            auto edges = send(http, "GET", "/api/v1/assets/" + asset + "/dependencies", "");
            rapidjson::Document document;
            const rapidjson::Value* listed = nonEmptyResults(edges, document);
            if (!listed) continue;
            const auto& results = *listed;
            send(http, "DELETE",
                 "/api/v1/assets/" + asset + "/dependencies/" +
                     str(results[random() % results.Size()], "id"),
                 "");
        } else {  // register a consumer on the asset's active contract
            auto contracts =
                send(http, "GET", "/api/v1/contracts?status=active&asset_id=" + asset, "");
            rapidjson::Document document;
            const rapidjson::Value* listed = nonEmptyResults(contracts, document);
            if (!listed) continue;
            send(http, "POST", "/api/v1/registrations?contract_id=" + str((*listed)[0], "id"),
                 R"({"consumer_team_id":")" + pick(world_.consumerTeams) + "\"}");
        }
    }
}

std::vector<std::string> stormInvariantViolations(const std::string& databaseUrl) {
    struct Check {
        const char* what;
        const char* sql;  // returns one row per violation, first column describes it
    };
    const std::vector<Check> checks = {
        {"asset with more than one active contract",
         "SELECT asset_id::text FROM core.contracts WHERE status = 'active'"
         " GROUP BY asset_id HAVING count(*) > 1"},
        {"contract without its publish audit event",
         "SELECT c.id::text FROM core.contracts c WHERE NOT EXISTS (SELECT 1 FROM audit.events e"
         " WHERE e.entity_id = c.id AND e.action IN ('contract.published',"
         " 'contract.force_published'))"},
        {"asset with contracts but none active",
         "SELECT asset_id::text FROM core.contracts GROUP BY asset_id"
         " HAVING count(*) FILTER (WHERE status = 'active') = 0"},
        {"proposal without its creation audit event",
         "SELECT p.id::text FROM workflow.proposals p WHERE NOT EXISTS (SELECT 1 FROM"
         " audit.events e WHERE e.entity_id = p.id AND e.action = 'proposal.created')"},
        {"proposal with fewer acknowledgement events than acknowledgements",
         "SELECT p.id::text FROM workflow.proposals p WHERE (SELECT count(*) FROM"
         " workflow.acknowledgments a WHERE a.proposal_id = p.id) > (SELECT count(*) FROM"
         " audit.events e WHERE e.entity_id = p.id AND e.action = 'proposal.acknowledged')"},
        {"resolved proposal without resolved_at, or pending one with it",
         "SELECT id::text FROM workflow.proposals WHERE (status = 'pending') <>"
         " (resolved_at IS NULL)"},
        {"dependency without its audit event",
         "SELECT d.id::text FROM core.dependencies d WHERE NOT EXISTS (SELECT 1 FROM"
         " audit.events e WHERE e.entity_id = d.id AND e.entity_type = 'dependency')"},
    };
    pqxx::connection connection(databaseUrl);
    pqxx::nontransaction query(connection);
    std::vector<std::string> violations;
    for (const auto& check : checks) {
        for (const auto& row : query.exec(check.sql)) {
            violations.push_back(std::string(check.what) + ": " + row[0].as<std::string>());
        }
    }
    return violations;
}

}  // namespace tessera::testing
