// What the Postgres benchmark programs share around their measurements: reading `--flag value`
// arguments, the database URL from the command line or TESSERA_BENCH_DATABASE_URL, progress on
// stderr (the table is the only thing on stdout), the load average and a target's verdict.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tessera::bench {

// argv read flag by flag; every problem ends the program with status 2 and a pointer to the
// program's own documentation (the comment at the top of benchmarks/<program>.cpp).
class Arguments {
  public:
    Arguments(int argc, char** argv, const char* program)
        : argc_(argc), argv_(argv), program_(program) {}

    // Advances to the next flag; false at the end.
    bool next() {
        if (++index_ >= argc_) return false;
        flag_ = argv_[index_];
        return true;
    }
    const std::string& flag() const { return flag_; }
    // The current flag's value.
    const char* value() {
        if (index_ + 1 >= argc_) fail(flag_ + " needs a value");
        return argv_[++index_];
    }
    unsigned long long count() { return std::strtoull(value(), nullptr, 10); }
    double number() { return std::strtod(value(), nullptr); }

    [[noreturn]] void fail(const std::string& problem) const {
        std::fprintf(stderr, "%s (see the top of benchmarks/%s.cpp)\n", problem.c_str(), program_);
        std::exit(2);
    }

    // `given`, or TESSERA_BENCH_DATABASE_URL when it is empty; one of them is required.
    std::string databaseUrl(const std::string& given) const {
        if (!given.empty()) return given;
        const char* fromEnvironment = std::getenv("TESSERA_BENCH_DATABASE_URL");
        if (!fromEnvironment || !*fromEnvironment) {
            fail("--database-url URL (or TESSERA_BENCH_DATABASE_URL) is required");
        }
        return fromEnvironment;
    }

  private:
    int argc_;
    char** argv_;
    const char* program_;
    int index_ = 0;
    std::string flag_;
};

template <typename... Args>
void progress(const char* format, Args... args) {
    std::fprintf(stderr, "# ");
    std::fprintf(stderr, format, args...);
    std::fputc('\n', stderr);
}

inline const char* verdict(bool met) {
    return met ? "met" : "NOT met";
}

inline double loadAverage() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

}  // namespace tessera::bench
