// The two log formats (issue 18): text for a terminal, one JSON object per line otherwise.
#include "server/logger.hpp"

#include <rapidjson/document.h>

#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {
constexpr int64_t kAt = 1735787045000000;  // 2025-01-02T03:04:05Z
}

TEST_CASE("text lines: time, level, message, then key=value", "[logger]") {
    CHECK(formatLogLine(LogFormat::Text, kAt, LogLevel::Info, "applied migration 001", {}) ==
          "2025-01-02T03:04:05Z INFO applied migration 001");
    const std::vector<LogField> fields = {{"route", std::string_view("/api/v1/teams/{team_id}")},
                                          {"status", int64_t{404}},
                                          {"duration_ms", 1.23456},
                                          {"client", std::string_view("two words")},
                                          {"empty", std::string_view("")}};
    CHECK(formatLogLine(LogFormat::Text, kAt, LogLevel::Warning, "slow request", fields) ==
          "2025-01-02T03:04:05Z WARNING slow request route=/api/v1/teams/{team_id} status=404 "
          "duration_ms=1.235 client=\"two words\" empty=\"\"");
}

TEST_CASE("JSON lines: one object, fields typed, text escaped", "[logger]") {
    const std::vector<LogField> fields = {
        {"request_id", std::string_view("a\"b\nc")}, {"bytes", int64_t{17}}, {"duration_ms", 0.5}};
    const std::string line =
        formatLogLine(LogFormat::Json, kAt, LogLevel::Error, "request failed", fields);
    CHECK(line == R"({"time":"2025-01-02T03:04:05Z","level":"error","message":"request failed",)"
                  R"("request_id":"a\"b\nc","bytes":17,"duration_ms":0.500})");
    rapidjson::Document parsed;
    parsed.Parse(line.c_str());
    REQUIRE(parsed.IsObject());
    CHECK(parsed["bytes"].GetInt() == 17);
}

TEST_CASE("levels filter what is written", "[logger]") {
    setLogLevel("warn");
    CHECK_FALSE(logEnabled(LogLevel::Info));
    CHECK(logEnabled(LogLevel::Warning));
    setLogLevel("nonsense");  // ignored: the configuration refuses it before it gets here
    CHECK_FALSE(logEnabled(LogLevel::Info));
    setLogLevel("info");
    CHECK(logEnabled(LogLevel::Info));
    CHECK_FALSE(logEnabled(LogLevel::Debug));
}
