// A private redis-server child process on a free loopback port (no persistence), for tests
// that stop, pause or restart Redis without disturbing the suite's shared one.
#pragma once

#include <string>

namespace tessera::testing {

class ScratchRedis {
  public:
    ScratchRedis();
    ~ScratchRedis();
    ScratchRedis(const ScratchRedis&) = delete;
    ScratchRedis& operator=(const ScratchRedis&) = delete;

    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }
    int port() const { return port_; }
    void start();  // again on the same port after stop()
    void stop();

  private:
    int port_ = 0;
    int pid_ = -1;
};

// One Redis command through redis-cli-like plumbing (hiredis); the reply as text ("" for nil,
// integers in decimal).
std::string redisCommand(const std::string& url, const std::string& command);

// The shared Redis the test script started (TESSERA_TEST_REDIS_URL), or "" if none.
std::string sharedRedisUrl();

}  // namespace tessera::testing
