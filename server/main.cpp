// tessera: `serve` (migrate, then serve HTTP until SIGTERM/SIGINT), `migrate`, `seed-demo`
// (migrate, then the web UI's demo data), and the client verbs of cli/ (team, asset, contract,
// proposal, ...) for everything else.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "server/app.hpp"
#include "server/coherence/replica_coherence.hpp"
#include "server/config.hpp"
#include "server/handlers/route_table.hpp"
#include "server/index/graph_service.hpp"
#include "server/logger.hpp"
#include "server/notify/delivery_worker.hpp"
#include "server/pipeline/http_endpoint.hpp"
#include "server/pipeline/request_pipeline.hpp"
#include "server/replica/read_replica.hpp"
#include "server/web/demo_seed.hpp"
#include "store/bookkeeping_rows.hpp"
#include "store/database_url.hpp"
#include "store/migrations.hpp"

namespace {

using namespace tessera;

// How long requests in flight get to finish after SIGTERM/SIGINT (issue 14).
constexpr auto kShutdownGrace = std::chrono::seconds(10);
// The exit status when a request was still running at the end of the grace period and was
// abandoned: not 0, so that a supervisor or a script sees the stop was not clean; not 1 or 2,
// which mean the server could not start.
constexpr int kExitRequestsAbandoned = 3;

bool migrate(const server::Config& config) {
    try {
        const std::string connectionString =
            store::withServerOrigin(store::withConnectTimeout(config.databaseUrl, 10));
        const auto applied = store::applyMigrations(connectionString);
        for (const auto& name : applied) server::logInfo("applied migration " + name);
        if (applied.empty()) server::logInfo("database schema is up to date");
        store::restoreBookkeepingRows(connectionString);
        return true;
    } catch (const std::exception& error) {
        server::logError(std::string("migration failed: ") + error.what());
        return false;
    }
}

// The demo users and lineage of the web UI (server/web/demo_seed.hpp); 0 also when they are
// there already.
int seedDemo(const server::Config& config) {
    if (!migrate(config)) return 1;
    try {
        const auto seeded =
            server::web::seedDemo(store::withConnectTimeout(config.databaseUrl, 10));
        if (seeded.alreadyPresent) {
            std::printf("demo data already present (admin@test.com exists); nothing changed\n");
        } else {
            std::printf(
                "seeded the demo: %d teams, %d users, %d assets with contracts, %d lineage "
                "edges, %d registrations, %d open proposal\n",
                seeded.teams, seeded.users, seeded.assets, seeded.dependencies,
                seeded.registrations, seeded.proposals);
        }
        return 0;
    } catch (const std::exception& error) {
        server::logError(std::string("demo seed failed (it needs a database without teams of "
                                     "the demo's names): ") +
                         error.what());
        return 1;
    }
}

int serve(const server::Config& config) {
    // Block the shutdown signals in every thread; the main thread waits for them below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    if (!migrate(config)) return 1;
    if (config.authDisabled && config.isProduction()) {
        server::logWarning("AUTH_DISABLED is true in production: every request acts as admin");
    }
    if (config.sessionSecretKey == server::kDevelopmentSessionSecret) {
        // Anyone who reads the source can sign a web UI session cookie with it.
        server::logWarning(std::string("SESSION_SECRET_KEY is the development default") +
                           (config.isProduction() ? " in production" : "") +
                           ": set a long random secret before exposing the web UI");
    }

    server::App app(config);
    try {
        app.graph->start();
    } catch (const std::exception& error) {
        server::logError(std::string("cannot load the dependency index: ") + error.what());
        return 1;
    }
    app.coherence->start();
    if (app.replica) app.replica->start();
    // Deliveries left pending by an earlier run are picked up as soon as the workers start.
    app.deliveries->start();
    server::RequestPipeline pipeline(app, server::buildServedRoutes());
    server::HttpEndpoint endpoint(app.config, pipeline);
    uint16_t port = 0;
    try {
        port = endpoint.start();
    } catch (const std::exception& error) {
        server::logError(std::string("cannot listen on ") + config.apiHost + ":" +
                         std::to_string(config.apiPort) + ": " + error.what());
        return 1;
    }
    // Test fixtures and scripts read this line to learn the port (API_PORT=0 picks a free one).
    std::printf("tessera listening on %s:%u\n", config.apiHost.c_str(), port);
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    server::logInfo(std::string("received ") + strsignal(received) + ", shutting down");
    if (!endpoint.shutdown(kShutdownGrace)) {
        // A worker still runs a request that uses the App: end the process without destroying
        // it. Postgres rolls the request's transaction back when the connection drops, and
        // deliveries not sent yet stay in the outbox for the next start.
        server::logError("exiting with requests unanswered");
        std::fflush(nullptr);
        std::_Exit(kExitRequestsAbandoned);
    }
    app.deliveries->stop();
    if (app.replica) app.replica->stop();
    app.coherence->stop();
    app.graph->stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    // The server commands keep their own configuration (environment, .env); the client verbs
    // parse their arguments with CLI11.
    if (command != "serve" && command != "migrate" && command != "seed-demo") {
        return cli::runClient(argc, argv);
    }
    server::Config config;
    try {
        config = server::loadConfig(server::collectEnvironment(".env"));
    } catch (const server::ConfigError& error) {
        std::fprintf(stderr, "tessera: configuration error: %s\n", error.what());
        return 2;
    }
    server::setLogLevel(config.logLevel);
    server::setLogFormat(std::string_view(config.logFormat));
    if (command == "migrate") return migrate(config) ? 0 : 1;
    if (command == "seed-demo") return seedDemo(config);
    return serve(config);
}
