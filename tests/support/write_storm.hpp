// Many concurrent clients writing through the API at once (publishes compatible and breaking,
// acknowledgements, registrations, edges added and removed), for the concurrency and kill -9
// fault tests; and the invariants a storm must leave true in SQL, however it ended.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"

namespace tessera::testing {

// Teams, assets with a first contract, and consumers registered on them.
struct StormWorld {
    std::string producerTeam;
    std::vector<std::string> consumerTeams;
    std::vector<std::string> assets;
};
// Made through `http` (a server with AUTH_DISABLED). Throws if a setup call fails.
StormWorld prepareStormWorld(const HttpClient& http, int assets, int consumerTeams);

struct StormTally {
    std::atomic<long> requests{0};
    std::atomic<long> succeeded{0};        // 2xx
    std::atomic<long> refused{0};          // 4xx: conflicts, duplicates, validation
    std::atomic<long> unavailable{0};      // 503
    std::atomic<long> serverErrors{0};     // any other 5xx: always a bug
    std::atomic<long> transportErrors{0};  // no response (the server was killed)
    std::mutex samplesMutex;
    std::vector<std::string> serverErrorSamples;  // first few, "METHOD path -> status body"
};

class WriteStorm {
  public:
    WriteStorm(int port, StormWorld world, int clients, unsigned seed);
    ~WriteStorm();
    WriteStorm(const WriteStorm&) = delete;
    WriteStorm& operator=(const WriteStorm&) = delete;

    void start();
    void stop();  // joins the clients
    const StormTally& tally() const { return tally_; }

  private:
    void runClient(unsigned seed);
    HttpResult send(const HttpClient& http, const std::string& method, const std::string& path,
                    const std::string& body);

    int port_;
    StormWorld world_;
    int clients_;
    unsigned seed_;
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> threads_;
    StormTally tally_;
};

// What must hold in the database after any storm, however it ended: one active contract per
// asset at most, no contract, proposal, acknowledgement or dependency without its audit event.
// Returns a description of each violation (empty: all hold).
std::vector<std::string> stormInvariantViolations(const std::string& databaseUrl);

}  // namespace tessera::testing
