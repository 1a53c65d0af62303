#include "tests/fuzz/connection_tricks.hpp"

#include <thread>

namespace tessera::fuzz {
namespace {

Clock::time_point after(int milliseconds) {
    return Clock::now() + std::chrono::milliseconds(milliseconds);
}

int answerBudget(const WireRequest& request, const Timeouts& timeouts) {
    return request.large() ? timeouts.largeAnswerMs : timeouts.answerMs;
}

// How long to wait for the answer: owed to a complete request, optional for a garbled one,
// not expected for an incomplete one (the server waits for the rest).
int readBudget(const WireRequest& request, const Timeouts& timeouts) {
    switch (request.framing) {
        case Framing::Complete:
            return answerBudget(request, timeouts);
        case Framing::Garbled:
            return timeouts.optionalMs;
        case Framing::Incomplete:
            break;
    }
    return 50;
}

void record(ReadOutcome got, HttpAnswer& answer, const WireRequest& request, int budget,
            CaseOutcome& outcome) {
    if (got == ReadOutcome::Answer) {
        outcome.answers.push_back(std::move(answer));
        return;
    }
    if (request.framing != Framing::Complete) {
        ++outcome.optionalUnanswered;
        return;
    }
    if (got == ReadOutcome::TimedOut) {
        outcome.problems.push_back("hang: no answer within " + std::to_string(budget) +
                                   " ms to a complete request");
    } else if (got == ReadOutcome::Closed) {
        outcome.problems.push_back("dropped: connection closed without an answer");
    } else {
        outcome.problems.push_back("malformed answer");
    }
}

// Reads the answer `request` is owed (or may get) and records what went wrong.
void collectAnswer(RawConnection& connection, ResponseReader& reader, const WireRequest& request,
                   const Timeouts& timeouts, CaseOutcome& outcome) {
    HttpAnswer answer;
    const int budget = readBudget(request, timeouts);
    const ReadOutcome got = reader.next(connection, after(budget), request.head, answer);
    record(got, answer, request, budget, outcome);
}

bool open(RawConnection& connection, int port, CaseOutcome& outcome) {
    IoStatus status;
    connection = RawConnection::open(port, status);
    if (status == IoStatus::Refused) outcome.refused = true;
    return connection.isOpen();
}

// A write the server cut short is fine when the request was broken (it may answer and close
// before reading everything); for a complete request it is a dropped connection.
bool checkWrite(IoStatus status, const WireRequest& request, CaseOutcome& outcome) {
    if (status == IoStatus::Ok) return true;
    if (request.framing == Framing::Complete) {
        outcome.problems.push_back(status == IoStatus::TimedOut
                                       ? "hang: the server stopped reading the request"
                                       : "dropped: connection closed while the request was sent");
    }
    return false;
}

void runWhole(const WireRequest& request, int port, const Timeouts& timeouts,
              RawConnection& reusable, CaseOutcome& outcome) {
    const bool reuse = request.framing == Framing::Complete && request.keepAlive;
    RawConnection fresh;
    RawConnection& connection = reuse ? reusable : fresh;
    outcome.sent = 1;
    // The server may have closed a kept-alive connection meanwhile: then once more on a new one.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = connection.isOpen();
        if (!reused && !open(connection, port, outcome)) return;
        const IoStatus written =
            writePayload(connection, request.bytes, after(answerBudget(request, timeouts)));
        if (written != IoStatus::Ok && !reused) {
            checkWrite(written, request, outcome);
            connection.close();
            return;
        }
        ResponseReader reader;
        HttpAnswer answer;
        const int budget = readBudget(request, timeouts);
        const ReadOutcome got = written == IoStatus::Ok
                                    ? reader.next(connection, after(budget), request.head, answer)
                                    : ReadOutcome::Closed;
        if (reused && got == ReadOutcome::Closed) {
            connection.close();
            continue;
        }
        const bool keep =
            reuse && got == ReadOutcome::Answer && !answer.closes && !reader.hasLeftover();
        record(got, answer, request, budget, outcome);
        if (!keep) connection.close();
        return;
    }
}

void runDribble(const FuzzCase& fuzzCase, int port, const Timeouts& timeouts, CaseOutcome& outcome,
                bool slow) {
    const WireRequest& request = fuzzCase.requests.front();
    RawConnection connection;
    if (!open(connection, port, outcome)) return;
    // Slow: the first bytes one at a time with pauses; dribble: all of it in 1–16 byte writes.
    const size_t dribbled = slow ? std::min<size_t>(request.bytes.size(), 120)
                                 : std::min<size_t>(request.bytes.size(), 16384);
    const std::string start = request.bytes.prefix(dribbled);
    uint64_t mix = fuzzCase.index * 2654435761u + 1;
    for (size_t at = 0; at < start.size();) {
        mix = mix * 6364136223846793005ULL + 1442695040888963407ULL;
        const size_t step = slow ? 1 : 1 + (mix >> 60);
        const size_t length = std::min(step, start.size() - at);
        if (!checkWrite(connection.write(start.data() + at, length, after(timeouts.answerMs)),
                        request, outcome)) {
            ++outcome.sent;
            return;
        }
        at += length;
        if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!checkWrite(writePayload(connection, request.bytes.from(dribbled),
                                 after(answerBudget(request, timeouts))),
                    request, outcome)) {
        ++outcome.sent;
        return;
    }
    ++outcome.sent;
    ResponseReader reader;
    collectAnswer(connection, reader, request, timeouts, outcome);
}

void runHalfClose(const WireRequest& request, int port, const Timeouts& timeouts,
                  CaseOutcome& outcome) {
    RawConnection connection;
    if (!open(connection, port, outcome)) return;
    const IoStatus written =
        writePayload(connection, request.bytes, after(answerBudget(request, timeouts)));
    ++outcome.sent;
    if (written != IoStatus::Ok) return;
    connection.shutdownWrite();
    // After our FIN an answer is allowed, not owed: Pistache closes on end of input.
    ResponseReader reader;
    HttpAnswer answer;
    if (reader.next(connection, after(2000), request.head, answer) == ReadOutcome::Answer) {
        outcome.answers.push_back(std::move(answer));
    } else {
        ++outcome.optionalUnanswered;
    }
}

void runCut(const FuzzCase& fuzzCase, int port, CaseOutcome& outcome, bool reset) {
    const WireRequest& request = fuzzCase.requests.front();
    RawConnection connection;
    if (!open(connection, port, outcome)) return;
    const std::string start = request.bytes.prefix(fuzzCase.cutAt);
    connection.write(start, after(2000));
    ++outcome.sent;
    if (reset) {
        connection.abort();
    } else {
        connection.close();
    }
}

void runPipeline(const FuzzCase& fuzzCase, int port, const Timeouts& timeouts,
                 CaseOutcome& outcome) {
    RawConnection connection;
    if (!open(connection, port, outcome)) return;
    Payload all;
    for (const WireRequest& request : fuzzCase.requests) all.append(request.bytes);
    const IoStatus written = writePayload(connection, all, after(timeouts.answerMs));
    outcome.sent += fuzzCase.requests.size();
    if (!checkWrite(written, fuzzCase.requests.front(), outcome)) return;
    ResponseReader reader;
    // Every answer is owed, in order, until one closes the connection (a refusal, or a
    // request that asked for it): what was pipelined behind that one goes unanswered.
    for (size_t i = 0; i < fuzzCase.requests.size(); ++i) {
        const size_t before = outcome.answers.size();
        collectAnswer(connection, reader, fuzzCase.requests[i], timeouts, outcome);
        if (outcome.answers.size() == before) return;  // recorded as a problem, or optional
        if (outcome.answers.back().closes) {
            outcome.pipelineAfterClose += fuzzCase.requests.size() - i - 1;
            return;
        }
    }
}

}  // namespace

const char* deliveryName(Delivery delivery) {
    switch (delivery) {
        case Delivery::Whole:
            return "whole";
        case Delivery::Dribble:
            return "dribble";
        case Delivery::Slow:
            return "slow";
        case Delivery::HalfClose:
            return "half-close";
        case Delivery::Truncate:
            return "truncate";
        case Delivery::Reset:
            return "reset";
        case Delivery::Pipeline:
            return "pipeline";
    }
    return "?";
}

bool FuzzCase::large() const {
    for (const WireRequest& request : requests) {
        if (request.large()) return true;
    }
    return false;
}

std::string FuzzCase::describe(size_t limit) const {
    std::string text = "case " + std::to_string(index) + " (" + deliveryName(delivery);
    if (delivery == Delivery::Truncate || delivery == Delivery::Reset) {
        text += " after " + std::to_string(cutAt) + " bytes";
    }
    text += ")";
    for (const WireRequest& request : requests) {
        text += "\n  [" + request.label + "]\n  " + request.bytes.describe(limit);
    }
    return text;
}

FuzzCase makeCase(uint64_t seed, uint64_t index, const RequestShaper& shaper) {
    Rng rng = Rng::forCase(seed, index);
    FuzzCase fuzzCase;
    fuzzCase.index = index;
    const size_t roll = rng.below(1000);
    if (roll < 780) {
        fuzzCase.delivery = Delivery::Whole;
    } else if (roll < 830) {
        fuzzCase.delivery = Delivery::Dribble;
    } else if (roll < 835) {
        fuzzCase.delivery = Delivery::Slow;
    } else if (roll < 875) {
        fuzzCase.delivery = Delivery::HalfClose;
    } else if (roll < 915) {
        fuzzCase.delivery = Delivery::Truncate;
    } else if (roll < 945) {
        fuzzCase.delivery = Delivery::Reset;
    } else {
        fuzzCase.delivery = Delivery::Pipeline;
    }
    if (fuzzCase.delivery == Delivery::Pipeline) {
        const size_t count = rng.between(2, 6);
        for (size_t i = 0; i < count; ++i) {
            WireRequest request = shaper.buildComplete(rng);
            if (request.large()) request = shaper.buildComplete(rng);
            if (!request.large()) fuzzCase.requests.push_back(std::move(request));
        }
        if (fuzzCase.requests.size() < 2) fuzzCase.delivery = Delivery::Whole;
        if (fuzzCase.requests.empty()) fuzzCase.requests.push_back(shaper.build(rng));
        return fuzzCase;
    }
    fuzzCase.requests.push_back(shaper.build(rng));
    const size_t size = fuzzCase.requests.front().bytes.size();
    if (fuzzCase.delivery == Delivery::Truncate || fuzzCase.delivery == Delivery::Reset) {
        fuzzCase.cutAt = size <= 1 ? 0 : rng.between(1, std::min<size_t>(size - 1, 1 << 20));
    }
    return fuzzCase;
}

CaseOutcome runCase(const FuzzCase& fuzzCase, int port, const Timeouts& timeouts,
                    RawConnection& reusable) {
    CaseOutcome outcome;
    const WireRequest& first = fuzzCase.requests.front();
    switch (fuzzCase.delivery) {
        case Delivery::Whole:
            runWhole(first, port, timeouts, reusable, outcome);
            break;
        case Delivery::Dribble:
            runDribble(fuzzCase, port, timeouts, outcome, false);
            break;
        case Delivery::Slow:
            runDribble(fuzzCase, port, timeouts, outcome, true);
            break;
        case Delivery::HalfClose:
            runHalfClose(first, port, timeouts, outcome);
            break;
        case Delivery::Truncate:
            runCut(fuzzCase, port, outcome, false);
            break;
        case Delivery::Reset:
            runCut(fuzzCase, port, outcome, true);
            break;
        case Delivery::Pipeline:
            runPipeline(fuzzCase, port, timeouts, outcome);
            break;
    }
    return outcome;
}

}  // namespace tessera::fuzz
