// tessera: `serve` (migrate, then serve HTTP until SIGTERM/SIGINT), `migrate`, `seed-demo`
// (migrate, then the web UI's demo data), and the client verbs of cli/ (team, asset, contract,
// proposal, ...) for everything else.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

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

// The server commands' arguments, with CLI11 like the client verbs: `serve` takes spec 04 §6's
// -h/--host and -p/--port (which win over API_HOST / API_PORT) and -r/--reload (accepted, and
// ignored: a compiled server has no code to reload); all three take --help. Returns the exit
// status when the command must not run: 0 after help, 2 after a usage error.
std::optional<int> parseServerArguments(int argc, char** argv,
                                        std::map<std::string, std::string>& environment) {
    const std::string command = argv[1];
    CLI::App app(command == "serve" ? "Apply pending migrations, then serve the HTTP API"
                 : command == "migrate"
                     ? "Apply pending migrations and exit"
                     : "Apply pending migrations, then write the web UI's demo data",
                 "tessera " + command);
    app.set_help_flag("--help", "Print this help message and exit");
    app.footer("Configuration comes from the environment and .env (DATABASE_URL, API_PORT, ...).");
    std::string host;
    int port = -1;
    bool reload = false;
    if (command == "serve") {
        app.add_option("-h,--host", host, "Address to listen on (default: $API_HOST or 0.0.0.0)");
        app.add_option("-p,--port", port,
                       "Port to listen on, 0 for a free one (default: $API_PORT or 8000)")
            ->check(CLI::Range(0, 65535));
        app.add_flag("-r,--reload", reload, "Accepted for the original's CLI; ignored");
    }
    try {
        app.parse(argc - 1, argv + 1);
    } catch (const CLI::ParseError& error) {
        const int status = app.exit(error);
        return status == 0 ? 0 : 2;
    }
    if (!host.empty()) environment["API_HOST"] = host;
    if (port >= 0) {
        environment["API_PORT"] = std::to_string(port);
    }
    return std::nullopt;
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
        std::map<std::string, std::string> environment = server::collectEnvironment(".env");
        if (const auto status = parseServerArguments(argc, argv, environment)) return *status;
        config = server::loadConfig(environment);
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
