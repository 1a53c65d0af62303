#include "tests/support/response_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace tessera::testing {
namespace {

constexpr size_t kKeptBody = 65536;
constexpr size_t kMaxHead = 1 << 20;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

ReadOutcome ResponseReader::fill(RawConnection& connection, Clock::time_point deadline) {
    switch (connection.readSome(buffer_, deadline)) {
        case IoStatus::Ok:
            return ReadOutcome::Answer;
        case IoStatus::TimedOut:
            return ReadOutcome::TimedOut;
        default:
            return ReadOutcome::Closed;
    }
}

ReadOutcome ResponseReader::next(RawConnection& connection, Clock::time_point deadline,
                                 bool headOnly, HttpAnswer& answer) {
    for (;;) {
        size_t end = buffer_.find("\r\n\r\n");
        while (end == std::string::npos) {
            if (buffer_.size() > kMaxHead) return ReadOutcome::Malformed;
            const ReadOutcome got = fill(connection, deadline);
            if (got != ReadOutcome::Answer) {
                return buffer_.empty() ? got : ReadOutcome::Malformed;
            }
            end = buffer_.find("\r\n\r\n");
        }
        answer = HttpAnswer();
        answer.head = buffer_.substr(0, end);
        buffer_.erase(0, end + 4);
        if (answer.head.compare(0, 5, "HTTP/") != 0 || answer.head.size() < 12) {
            return ReadOutcome::Malformed;
        }
        answer.status = std::atoi(answer.head.c_str() + 9);

        long long length = -1;
        bool chunked = false;
        size_t at = answer.head.find("\r\n");
        while (at != std::string::npos) {
            const size_t lineStart = at + 2;
            const size_t lineEnd = answer.head.find("\r\n", lineStart);
            const std::string line = answer.head.substr(
                lineStart, lineEnd == std::string::npos ? std::string::npos : lineEnd - lineStart);
            at = lineEnd;
            if (lower(line.substr(0, 10)) == "x-injected") answer.injected = true;
            // A client that splits on a bare CR or LF sees each piece as its own header line.
            size_t piece = 0;
            for (size_t cut = line.find_first_of("\r\n"); cut != std::string::npos;
                 cut = line.find_first_of("\r\n", piece)) {
                answer.bareLineBreak = true;
                piece = cut + 1;
                if (lower(line.substr(piece, 10)) == "x-injected") answer.injected = true;
            }
            const size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            const std::string name = lower(trim(line.substr(0, colon)));
            const std::string value = trim(line.substr(colon + 1));
            if (name == "content-length") length = std::atoll(value.c_str());
            if (name == "content-type") answer.contentType = value;
            if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) {
                chunked = true;
            }
            if (name == "connection" && lower(value).find("close") != std::string::npos) {
                answer.closes = true;
            }
        }
        // 1xx answers (100 Continue) come before the real one.
        if (answer.status >= 100 && answer.status < 200) continue;
        if (headOnly || answer.status == 204 || answer.status == 304) return ReadOutcome::Answer;
        if (chunked) return readChunked(connection, deadline, answer);
        if (length >= 0) return readBody(connection, deadline, static_cast<size_t>(length), answer);
        // No length: the body runs to the end of the connection.
        answer.closes = true;
        for (;;) {
            const ReadOutcome got = fill(connection, deadline);
            if (got == ReadOutcome::TimedOut) return got;
            if (got == ReadOutcome::Closed) break;
        }
        answer.body = buffer_.substr(0, kKeptBody);
        buffer_.clear();
        return ReadOutcome::Answer;
    }
}

ReadOutcome ResponseReader::readBody(RawConnection& connection, Clock::time_point deadline,
                                     size_t length, HttpAnswer& answer) {
    size_t left = length;
    while (left > 0) {
        if (buffer_.empty()) {
            const ReadOutcome got = fill(connection, deadline);
            if (got == ReadOutcome::TimedOut) return got;
            if (got == ReadOutcome::Closed) return ReadOutcome::Malformed;  // cut short
        }
        const size_t take = std::min(left, buffer_.size());
        if (answer.body.size() < kKeptBody) {
            answer.body += buffer_.substr(0, std::min(take, kKeptBody - answer.body.size()));
        }
        buffer_.erase(0, take);
        left -= take;
    }
    return ReadOutcome::Answer;
}

ReadOutcome ResponseReader::readChunked(RawConnection& connection, Clock::time_point deadline,
                                        HttpAnswer& answer) {
    for (;;) {
        size_t lineEnd = buffer_.find("\r\n");
        while (lineEnd == std::string::npos) {
            const ReadOutcome got = fill(connection, deadline);
            if (got != ReadOutcome::Answer) {
                return got == ReadOutcome::TimedOut ? got : ReadOutcome::Malformed;
            }
            lineEnd = buffer_.find("\r\n");
        }
        const size_t size = std::strtoul(buffer_.c_str(), nullptr, 16);
        buffer_.erase(0, lineEnd + 2);
        if (ReadOutcome got = readBody(connection, deadline, size + 2, answer);
            got != ReadOutcome::Answer) {
            return got;
        }
        if (size == 0) return ReadOutcome::Answer;
    }
}

}  // namespace tessera::testing
