// A fresh, uniquely named database in the scratch cluster that scripts/test.sh starts
// (TESSERA_TEST_DATABASE_URL points at its `postgres` database). Dropped on destruction.
#pragma once

#include <string>

namespace tessera::testing {

class ScratchDatabase {
  public:
    ScratchDatabase();
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

  private:
    std::string name_;
    std::string url_;
};

// TESSERA_TEST_DATABASE_URL, or a failure explaining how to run the tests.
std::string adminDatabaseUrl();

}  // namespace tessera::testing
