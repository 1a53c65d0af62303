// Everything a request may use, built once at start-up and shared by all worker threads.
#pragma once

#include <memory>

#include "server/config.hpp"
#include "store/connection_pool.hpp"

namespace tessera::server {

struct App {
    explicit App(Config cfg);

    Config config;
    std::unique_ptr<store::ConnectionPool> pool;
};

}  // namespace tessera::server
