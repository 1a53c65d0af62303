#include "tests/fuzz/fuzz_stats.hpp"

namespace tessera::fuzz {

void PhaseStats::add(const FuzzCase& fuzzCase, const CaseOutcome& outcome) {
    ++cases;
    requests += outcome.sent;
    ++casesByDelivery[deliveryName(fuzzCase.delivery)];
    for (const HttpAnswer& answer : outcome.answers) {
        ++byStatus[answer.status];
        if (answer.contentType.find("json") == std::string::npos && answer.status >= 400) {
            ++plainTextAnswers;
            ++plainTextKinds[std::to_string(answer.status) + " " + answer.body.substr(0, 48)];
        }
    }
    optionalUnanswered += outcome.optionalUnanswered;
    pipelineAfterClose += outcome.pipelineAfterClose;
}

void PhaseStats::merge(const PhaseStats& other) {
    cases += other.cases;
    requests += other.requests;
    for (const auto& [status, count] : other.byStatus) byStatus[status] += count;
    for (const auto& [name, count] : other.casesByDelivery) casesByDelivery[name] += count;
    plainTextAnswers += other.plainTextAnswers;
    for (const auto& [kind, count] : other.plainTextKinds) plainTextKinds[kind] += count;
    optionalUnanswered += other.optionalUnanswered;
    pipelineAfterClose += other.pipelineAfterClose;
    failures += other.failures;
    for (const auto& [kind, count] : other.failureKinds) failureKinds[kind] += count;
}

uint64_t PhaseStats::answers() const {
    uint64_t total = 0;
    for (const auto& [status, count] : byStatus) total += count;
    return total;
}

uint64_t PhaseStats::inClass(int hundreds) const {
    uint64_t total = 0;
    for (const auto& [status, count] : byStatus) {
        if (status / 100 == hundreds) total += count;
    }
    return total;
}

std::optional<std::string> judge(const HttpAnswer& answer) {
    if (answer.injected) return "a request header line came back as a response header";
    if (answer.bareLineBreak) return "a bare CR or LF inside a response header";
    if (answer.status < 100 || answer.status > 599) return "unparsable status line";
    if (answer.status == 503) {
        const bool known = answer.body.find("\"DATABASE_UNAVAILABLE\"") != std::string::npos;
        if (!known) return "503 without DATABASE_UNAVAILABLE";
        return std::nullopt;
    }
    if (answer.status >= 500) return "status " + std::to_string(answer.status);
    // Every refusal is in the error envelope; the spec's CORS preflight refusals alone are
    // plain text (01 §CORS).
    if (answer.status >= 400 && answer.contentType.find("json") == std::string::npos &&
        answer.body.rfind("Disallowed CORS ", 0) != 0) {
        return "a " + std::to_string(answer.status) + " outside the error envelope";
    }
    return std::nullopt;
}

}  // namespace tessera::fuzz
