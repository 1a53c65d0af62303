#include "tests/support/scratch_redis.hpp"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/webhook_receiver.hpp"

namespace tessera::testing {
namespace {

struct Endpoint {
    std::string host = "127.0.0.1";
    int port = 6379;
};

Endpoint endpointOf(const std::string& url) {
    Endpoint endpoint;
    const auto start = url.find("://");
    std::string rest = url.substr(start == std::string::npos ? 0 : start + 3);
    rest = rest.substr(0, rest.find('/'));
    const auto colon = rest.rfind(':');
    endpoint.host = rest.substr(0, colon);
    if (colon != std::string::npos) endpoint.port = std::stoi(rest.substr(colon + 1));
    return endpoint;
}

}  // namespace

ScratchRedis::ScratchRedis() : port_(unusedLoopbackPort()) {
    start();
}

ScratchRedis::~ScratchRedis() {
    stop();
}

void ScratchRedis::start() {
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--logfile", "/dev/null",
                 static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    for (int i = 0; i < 200; ++i) {
        try {
            if (redisCommand(url(), "PING") == "PONG") return;
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("redis-server did not start on port " + port);
}

void ScratchRedis::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

std::string redisCommand(const std::string& url, const std::string& command) {
    const Endpoint endpoint = endpointOf(url);
    redisContext* context = redisConnect(endpoint.host.c_str(), endpoint.port);
    if (!context || context->err) {
        if (context) redisFree(context);
        throw std::runtime_error("cannot connect to Redis at " + url);
    }
    std::vector<std::string> words;
    std::istringstream in(command);
    for (std::string word; in >> word;) words.push_back(word);
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& word : words) {
        argv.push_back(word.c_str());
        lengths.push_back(word.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    std::string text;
    if (reply) {
        if (reply->type == REDIS_REPLY_INTEGER) {
            text = std::to_string(reply->integer);
        } else if (reply->str) {
            text.assign(reply->str, reply->len);
        }
        freeReplyObject(reply);
    }
    redisFree(context);
    if (!reply) throw std::runtime_error("Redis command failed: " + command);
    return text;
}

std::string sharedRedisUrl() {
    const char* url = std::getenv("TESSERA_TEST_REDIS_URL");
    return url ? url : "";
}

}  // namespace tessera::testing
