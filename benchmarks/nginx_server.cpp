#include "benchmarks/nginx_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/server_process.hpp"

namespace tessera::bench {
namespace {

// A loopback port nothing listens on right now (bound to port 0, then released): nginx cannot
// report a port the kernel chose for it.
int freeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(fd);
        throw std::runtime_error(std::string("no free port: ") + std::strerror(errno));
    }
    close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return connected;
}

// Keep-alive connections stay open for the whole run (nginx closes one after 1,000 requests by
// default, which a load client with one request in flight per connection takes for an error);
// sendfile and tcp_nopush as in Debian's own nginx.conf. Temp paths point into the directory:
// the compiled-in ones under /var/lib/nginx are root's.
std::string configuration(const std::string& directory, int port, int workers) {
    std::ostringstream text;
    if (geteuid() == 0) text << "user root;\n";
    text << "daemon off;\n"
         << "worker_processes " << workers << ";\n"
         << "pid " << directory << "/nginx.pid;\n"
         << "error_log " << directory << "/error.log warn;\n"
         << "events { worker_connections 4096; }\n"
         << "http {\n"
         << "    access_log off;\n"
         << "    default_type application/json;\n"
         << "    sendfile on;\n"
         << "    tcp_nopush on;\n"
         << "    keepalive_requests 100000000;\n"
         << "    keepalive_timeout 300s;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
        text << "    " << temp << "_temp_path " << directory << "/" << temp << ";\n";
    }
    text << "    server {\n"
         << "        listen 127.0.0.1:" << port << ";\n"
         << "        root " << directory << "/www;\n"
         << "    }\n"
         << "}\n";
    return text.str();
}

}  // namespace

NginxServer::NginxServer(const std::string& binary, const std::string& name,
                         const std::string& body, int workers)
    : name_(name) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tessera-nginx-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    directory_ = pattern;
    try {
        std::filesystem::create_directory(directory_ + "/www");
        std::ofstream(directory_ + "/www/" + name_, std::ios::binary) << body;
        port_ = freeLoopbackPort();
        const std::string config = directory_ + "/nginx.conf";
        std::ofstream(config) << configuration(directory_, port_, workers);

        std::vector<std::string> arguments = {
            binary, "-p", directory_, "-c", config, "-e", directory_ + "/error.log"};
        std::vector<char*> argv;
        for (std::string& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // not left behind if the benchmark dies
            execv(argv[0], argv.data());
            _exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!accepts(port_)) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("nginx exited at start-up: " + errorLog());
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("nginx not accepting after 10 s: " + errorLog());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    } catch (...) {
        stop();
        throw;
    }
}

NginxServer::~NginxServer() {
    stop();
}

double NginxServer::cpuSeconds() const {
    double seconds = testing::processCpuSeconds(pid_);
    const std::string task = std::to_string(pid_);
    std::ifstream children("/proc/" + task + "/task/" + task + "/children");
    for (pid_t worker; children >> worker;) seconds += testing::processCpuSeconds(worker);
    return seconds;
}

// SIGTERM is nginx's fast shutdown (workers end at once, open connections dropped); SIGKILL
// after five seconds. Then the directory goes.
void NginxServer::stop() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        pid_ = -1;
    }
    if (!directory_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
        directory_.clear();
    }
}

std::string NginxServer::errorLog() const {
    std::ifstream file(directory_ + "/error.log");
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

}  // namespace tessera::bench
