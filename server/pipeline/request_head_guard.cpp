#include "server/pipeline/request_head_guard.hpp"

#include <algorithm>
#include <cctype>

#include "core/error_codes.hpp"

namespace tessera::server {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool allDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// A decimal count, or nothing when it overflows.
std::optional<unsigned long long> parseCount(std::string_view digits) {
    unsigned long long value = 0;
    for (char c : digits) {
        const auto digit = static_cast<unsigned>(c - '0');
        if (value > (~0ULL - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// The methods Pistache 0.0.5 parses (http_defs.h, HTTP_METHODS); the router answers 405 for
// those no route takes.
bool knownMethod(std::string_view method) {
    for (const char* known :
         {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "CONNECT"}) {
        if (method == known) return true;
    }
    return false;
}

HeadRejection badRequest(std::string message) {
    return {core::status::kBadRequest, core::code::kBadRequest, std::move(message)};
}

// Pistache answers a method it does not know in plain text as soon as it has read it (before
// the request line ends; the version it reads at the line's end): checked on the part of the
// request line received so far.
std::optional<HeadRejection> requestLineSoFar(std::string_view line) {
    const size_t first = line.find(' ');
    if (first == std::string_view::npos) return std::nullopt;
    if (first == 0) return badRequest("Malformed request line");
    if (!knownMethod(line.substr(0, first))) {
        return HeadRejection{core::status::kMethodNotAllowed, core::code::kBadRequest,
                             "Method Not Allowed"};
    }
    return std::nullopt;
}

HeadRejection bodyTooLarge(size_t maxBodyBytes) {
    return {core::status::kPayloadTooLarge, core::code::kPayloadTooLarge,
            "Request body exceeds the maximum size of " + std::to_string(maxBodyBytes) + " bytes"};
}

}  // namespace

bool isSyncTarget(std::string_view target) {
    target = target.substr(0, target.find('?'));
    constexpr std::string_view kSync = "/api/v1/sync";
    return target.substr(0, kSync.size()) == kSync &&
           (target.size() == kSync.size() || target[kSync.size()] == '/');
}

RequestHeadGuard::RequestHeadGuard(size_t maxHeadBytes, size_t maxBodyBytes,
                                   HeaderCheck headerCheck, size_t syncMaxBodyBytes,
                                   HeaderDisguise disguise)
    : maxHeadBytes_(maxHeadBytes),
      maxBodyBytes_(maxBodyBytes),
      syncMaxBodyBytes_(syncMaxBodyBytes == 0 ? maxBodyBytes : syncMaxBodyBytes),
      headerCheck_(std::move(headerCheck)),
      disguise_(std::move(disguise)) {}

void RequestHeadGuard::restart() {
    phase_ = Phase::RequestLine;
    headBytes_ = 0;
    line_.clear();
    contentLength_.reset();
    bodyLeft_ = 0;
    blankLineCr_ = false;
}

std::optional<HeadRejection> RequestHeadGuard::refuse(HeadRejection rejection) {
    phase_ = Phase::Refused;
    line_.clear();
    return rejection;
}

RequestHeadGuard::Step RequestHeadGuard::take(std::string_view bytes) {
    Step step;
    // Blank lines before a request line: allowed (RFC 9112 §2.2), but Pistache would read them
    // into the method.
    while (phase_ == Phase::RequestLine && line_.empty() && !bytes.empty()) {
        const bool cr = !blankLineCr_ && bytes.front() == '\r';
        if (!blankLineCr_ && !cr) break;
        if (cr && bytes.size() == 1) {  // the read ends inside a blank line
            blankLineCr_ = true;
            ++step.skipped;
            bytes.remove_prefix(1);
            break;
        }
        const char lf = blankLineCr_ ? bytes[0] : bytes[1];
        if (lf != '\n') {
            step.rejection = refuse(badRequest("Malformed request line"));
            return step;
        }
        blankLineCr_ = false;
        step.skipped += cr ? 2 : 1;
        bytes.remove_prefix(cr ? 2 : 1);
    }
    while (!bytes.empty() && phase_ != Phase::Refused) {
        if (phase_ == Phase::Body) {
            const size_t body = std::min<unsigned long long>(bodyLeft_, bytes.size());
            bodyLeft_ -= body;
            step.taken += body;
            step.body += body;
            break;
        }
        // A line of the head: up to and including the next LF.
        const size_t newline = bytes.find('\n');
        const size_t take = newline == std::string_view::npos ? bytes.size() : newline + 1;
        if (headBytes_ + take > maxHeadBytes_) {
            if (phase_ == Phase::RequestLine) {
                step.rejection = refuse({core::status::kUriTooLong, core::code::kUriTooLong,
                                         "Request line exceeds the maximum size of " +
                                             std::to_string(maxHeadBytes_) + " bytes"});
            } else {
                step.rejection = refuse({core::status::kRequestHeaderFieldsTooLarge,
                                         core::code::kRequestHeaderFieldsTooLarge,
                                         "Request headers exceed the maximum size of " +
                                             std::to_string(maxHeadBytes_) + " bytes"});
            }
            return step;
        }
        headBytes_ += take;
        step.taken += take;
        line_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (phase_ == Phase::RequestLine) {
            if (auto rejection = requestLineSoFar(line_)) {
                step.rejection = refuse(std::move(*rejection));
                return step;
            }
        }
        // Lines end at CRLF, as Pistache reads them; a bare LF stays inside the line.
        if (line_.size() < 2 || line_.compare(line_.size() - 2, 2, "\r\n") != 0) continue;
        std::string line = std::move(line_);
        line_.clear();
        disguiseLine_ = false;
        if (auto rejection = onLine(std::string_view(line).substr(0, line.size() - 2))) {
            step.rejection = refuse(std::move(*rejection));
            return step;
        }
        if (disguiseLine_) line.front() = '~';
        step.head += line;
    }
    step.complete = phase_ == Phase::Body && bodyLeft_ == 0;
    return step;
}

std::optional<HeadRejection> RequestHeadGuard::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (phase_ == Phase::Refused) return std::nullopt;
        const Step step = take(bytes);
        if (step.rejection) return step.rejection;
        bytes.remove_prefix(step.skipped + step.taken);
        if (step.complete) restart();
    }
    return std::nullopt;
}

std::optional<HeadRejection> RequestHeadGuard::onLine(std::string_view line) {
    if (phase_ == Phase::RequestLine) {
        // METHOD SP target SP HTTP/x.y: Pistache reads the target up to the next space, over
        // line ends, so anything else is refused before it gets there.
        const size_t first = line.find(' ');
        const size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
        if (first == 0 || second == std::string_view::npos || second == first + 1 ||
            line.find(' ', second + 1) != std::string_view::npos ||
            line.substr(second + 1, 5) != "HTTP/") {
            return badRequest("Malformed request line");
        }
        if (auto rejection = requestLineSoFar(line)) return rejection;
        const std::string_view version = line.substr(second + 1);
        if (version != "HTTP/1.1" && version != "HTTP/1.0") {
            return badRequest("Unsupported HTTP version");
        }
        target_.assign(line.substr(first + 1, second - first - 1));
        syncTarget_ = isSyncTarget(target_);
        phase_ = Phase::Headers;
        return std::nullopt;
    }
    if (line.empty()) {  // end of the head; without Content-Length there is no body
        phase_ = Phase::Body;
        bodyLeft_ = contentLength_.value_or(0);
        return std::nullopt;
    }
    const size_t colon = line.find(':');
    if (line.front() == ' ' || line.front() == '\t') {
        return badRequest("Folded header lines are not accepted");
    }
    if (colon == std::string_view::npos || colon == 0) return badRequest("Malformed header line");
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);  // as Pistache does
    return onHeader(line.substr(0, colon), value);
}

std::optional<HeadRejection> RequestHeadGuard::onHeader(std::string_view name,
                                                        std::string_view value) {
    if (equalsIgnoringCase(name, "Content-Length")) {
        // Pistache reads it with stoull: a sign, spaces and trailing junk pass, an overflow
        // throws (a 500), and a length past the body limit is reserved up front.
        const std::string_view digits = trimmed(value);
        if (!allDigits(digits)) {
            return badRequest("Content-Length must be a non-negative integer");
        }
        const auto length = parseCount(digits);
        const size_t limit = syncTarget_ ? syncMaxBodyBytes_ : maxBodyBytes_;
        if (!length || *length > limit) return bodyTooLarge(limit);
        if (contentLength_ && *contentLength_ != *length) {
            return badRequest("Conflicting Content-Length headers");
        }
        contentLength_ = length;
        return std::nullopt;
    }
    if (equalsIgnoringCase(name, "Transfer-Encoding")) {
        return HeadRejection{
            core::status::kLengthRequired, core::code::kLengthRequired,
            "Transfer-Encoding is not accepted; send the body with Content-Length"};
    }
    if (disguise_ && disguise_(name)) {
        disguiseLine_ = true;
        return std::nullopt;
    }
    if (headerCheck_) return headerCheck_(name, value);
    return std::nullopt;
}

}  // namespace tessera::server
