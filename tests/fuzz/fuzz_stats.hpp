// Counting what came back (by status, by delivery) and judging each answer: 5xx other than a
// 503 with the unavailable codes, a 4xx outside the error envelope, or a header the request
// smuggled into the response, fail.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tests/fuzz/connection_tricks.hpp"

namespace tessera::fuzz {

struct PhaseStats {
    uint64_t cases = 0;
    uint64_t requests = 0;
    std::map<int, uint64_t> byStatus;
    std::map<std::string, uint64_t> casesByDelivery;
    uint64_t plainTextAnswers = 0;                   // error answers outside the JSON envelope
    std::map<std::string, uint64_t> plainTextKinds;  // status and the body's first bytes
    uint64_t optionalUnanswered = 0;
    uint64_t pipelineAfterClose = 0;
    uint64_t failures = 0;
    std::map<std::string, uint64_t> failureKinds;  // why, with the first bytes of the body

    void fail(const std::string& kind) {
        ++failures;
        ++failureKinds[kind];
    }

    void add(const FuzzCase& fuzzCase, const CaseOutcome& outcome);
    void merge(const PhaseStats& other);
    uint64_t answers() const;
    uint64_t inClass(int hundreds) const;
};

// Why `answer` fails the run, or nothing when it is acceptable.
std::optional<std::string> judge(const HttpAnswer& answer);

}  // namespace tessera::fuzz
