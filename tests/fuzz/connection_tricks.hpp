// How a case's bytes reach the server: in one write, dribbled in tiny writes, byte by byte
// with pauses, followed by a half-close, cut off (FIN or RST) part-way, or several requests
// pipelined in one write. Runs one case and reports what came back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/fuzz/request_shapes.hpp"
#include "tests/support/response_reader.hpp"

namespace tessera::fuzz {

using testing::HttpAnswer;
using testing::ReadOutcome;
using testing::ResponseReader;

enum class Delivery { Whole, Dribble, Slow, HalfClose, Truncate, Reset, Pipeline };
const char* deliveryName(Delivery delivery);

struct FuzzCase {
    uint64_t index = 0;
    Delivery delivery = Delivery::Whole;
    std::vector<WireRequest> requests;  // several only for Pipeline
    size_t cutAt = 0;                   // Truncate / Reset: bytes sent before closing
    bool large() const;
    std::string describe(size_t limit = 4096) const;
};

// Case `index` of `seed`: the same bytes on every run with the same fixture ids.
FuzzCase makeCase(uint64_t seed, uint64_t index, const RequestShaper& shaper);

struct CaseOutcome {
    std::vector<HttpAnswer> answers;
    size_t sent = 0;                    // requests written (a cut-off one counts)
    bool refused = false;               // nothing listens any more
    std::vector<std::string> problems;  // hangs, dropped connections, malformed answers
    size_t optionalUnanswered = 0;      // garbled or half-closed requests left without answer
    size_t pipelineAfterClose = 0;      // pipelined behind an answer that closed the connection
};

struct Timeouts {
    int answerMs = 10000;       // a complete request
    int largeAnswerMs = 60000;  // one of many megabytes
    int optionalMs = 100;       // a garbled request may be answered within this (loopback)
};

// Runs `fuzzCase` against 127.0.0.1:port. `reusable` is the worker's keep-alive connection:
// used for a single well-framed request delivered whole, closed when the answer says so.
CaseOutcome runCase(const FuzzCase& fuzzCase, int port, const Timeouts& timeouts,
                    RawConnection& reusable);

}  // namespace tessera::fuzz
