#include "server/pipeline/http_endpoint.hpp"

#include <malloc.h>
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/error_codes.hpp"
#include "core/text.hpp"
#include "server/logger.hpp"
#include "server/pipeline/listening_socket.hpp"
#include "server/pipeline/pistache_head_checks.hpp"
#include "server/pipeline/request_head_guard.hpp"
#include "server/pipeline/wire_response.hpp"

namespace tessera::server {
namespace {

using namespace Pistache;

// `target` is the request line's target as received (RequestHeadGuard::target): its query
// keeps every occurrence of a repeated name in order, so the last one wins (spec 01 §1.3);
// Pistache's parsed query is a map that kept the first.
HttpRequest toHttpRequest(const Http::Request& request, std::string_view target) {
    HttpRequest converted;
    converted.method = Http::methodString(request.method());
    converted.path = request.resource();
    const size_t question = target.find('?');
    if (question != std::string_view::npos) {
        converted.rawQuery = std::string(target.substr(question + 1));
        converted.query = parseQueryString(converted.rawQuery);
    }
    for (const auto& [name, raw] : request.headers().rawList()) {
        converted.headers.emplace(undisguisedHeaderName(name), raw.value());
    }
    // Pistache parses Cookie headers into its jar and keeps no raw copy: the web UI's session
    // (server/middleware/session_cookie.hpp) reads them back from one header as sent.
    std::string cookies;
    for (const auto& cookie : request.cookies()) {
        if (!cookies.empty()) cookies += "; ";
        cookies += cookie.name + "=" + cookie.value;
    }
    if (!cookies.empty()) converted.headers.emplace("cookie", std::move(cookies));
    converted.body = request.body();
    converted.clientIp = request.address().host();
    return converted;
}

// HTTP/1.1 connections stay open unless the client asks otherwise (Pistache would send
// `Connection: Close` to every client that does not name a preference).
Http::ConnectionControl connectionFor(const Http::Request& request) {
    auto header = request.headers().tryGetRaw(disguisedHeaderName("Connection"));
    if (header) {
        const std::string value = core::asciiLower(header->value());
        if (value.find("close") != std::string::npos) return Http::ConnectionControl::Close;
        if (value.find("keep-alive") != std::string::npos) {
            return Http::ConnectionControl::KeepAlive;
        }
    }
    return request.version() == Http::Version::Http11 ? Http::ConnectionControl::KeepAlive
                                                      : Http::ConnectionControl::Close;
}

// What every worker's copy of the handler shares with the endpoint.
struct Shared {
    RequestPipeline* pipeline;
    InFlightRequests* inFlight;
    const std::atomic<bool>* draining;
    MemoryTrimmer* trimmer;
    size_t maxBodyBytes;      // MAX_REQUEST_BODY_BYTES, for the head guard
    size_t syncMaxBodyBytes;  // SYNC_MAX_BODY_BYTES, likewise
};

// What the head guard knows about one connection, kept by the worker's handler clone.
struct ConnectionGuard {
    ConnectionGuard(size_t maxBodyBytes, size_t syncMaxBodyBytes)
        : head(kMaxRequestHeadBytes, maxBodyBytes, pistacheHeaderCheck, syncMaxBodyBytes,
               disguisedFromPistache) {}
    RequestHeadGuard head;
    std::chrono::steady_clock::time_point parserEpoch{};  // the parser's last reset
    uint64_t requests = 0;                                // handed to the pipeline
    // Responses queued on the connection and not yet written: ours, counted until written, and
    // Pistache's own error answers, which cannot be followed (cleared by the next one of ours:
    // writes leave in order).
    int pendingWrites = 0;
    bool untrackedWrite = false;
    // A CR that ended the bytes handed to Pistache so far, held back until more arrive:
    // Pistache's StreamCursor::eol() reads the byte after a CR without checking that there is
    // one, and at the end of its buffer that read left the allocation (a SEGV under
    // ThreadSanitizer's allocator, whose 64 KiB blocks end on unmapped pages).
    bool heldBackCr = false;
};

// Pistache 0.0.5 arms a queued write for EPOLLOUT, edge-triggered, and handles an event that
// is readable and writable at once as readable only: while the client keeps sending, the
// write's edge is lost, and once it stops nothing re-arms it, so the answer is never sent (the
// fuzz driver saw clients wait forever for answers queued while they were still sending). Each
// input that arrives while a write may be pending queues an empty write, which re-arms the
// descriptor after that input.
void nudgeWrites(const std::shared_ptr<Tcp::Peer>& peer) {
    peer->send(RawBuffer(std::string(), 0)).then([](ssize_t) {}, Async::IgnoreException);
}

class PistacheHandler : public Http::Handler {
  public:
    HTTP_PROTOTYPE(PistacheHandler)

    explicit PistacheHandler(Shared shared) : shared_(shared) {}
    // Pistache clones the handler once per worker thread; each clone makes its own parser.
    PistacheHandler(const PistacheHandler& other) : Http::Handler(other), shared_(other.shared_) {}

    // Every read of a connection passes the head guard (request_head_guard.hpp) before
    // Pistache's parser sees it, one request's bytes at a time: Pistache parses one request
    // per call and drops what follows it, so pipelined requests went unanswered.
    void onInput(const char* buffer, size_t length,
                 const std::shared_ptr<Tcp::Peer>& peer) override {
        shared_.trimmer->noteBytesRead(length);
        const std::shared_ptr<ConnectionGuard> guard = guardOf(peer);
        if (guard->pendingWrites > 0 || guard->untrackedWrite) nudgeWrites(peer);
        const auto parserState = Http::Handler::getParser(peer);
        std::string_view rest(buffer, length);
        while (!rest.empty()) {
            // The parser restarts after each request it finished or refused: so does the guard.
            if (parserState->time() != guard->parserEpoch) {
                guard->parserEpoch = parserState->time();
                guard->head.restart();
                guard->heldBackCr = false;
            }
            if (guard->head.refused()) return;  // answered; the rest of the input is dropped
            const RequestHeadGuard::Step step = guard->head.take(rest);
            if (step.rejection) {
                ++guard->pendingWrites;
                refuseConnection(peer, *step.rejection, [guard] { --guard->pendingWrites; });
                return;
            }
            const std::string_view taken = rest.substr(step.skipped, step.taken);
            rest.remove_prefix(step.skipped + step.taken);
            // The head lines the guard completed (disguised where asked), then body bytes.
            const std::string_view body = taken.substr(taken.size() - step.body);
            std::string headAndBody;
            std::string_view request = body;
            if (!step.head.empty()) {
                headAndBody.reserve(step.head.size() + body.size());
                headAndBody += step.head;
                headAndBody += body;
                request = headAndBody;
            }
            std::string withHeldCr;
            if (guard->heldBackCr && !request.empty()) {
                withHeldCr.reserve(request.size() + 1);
                withHeldCr += '\r';
                withHeldCr += request;
                request = withHeldCr;
                guard->heldBackCr = false;
            }
            // Never end an unfinished request's bytes with a CR (see ConnectionGuard).
            if (!step.complete && !request.empty() && request.back() == '\r') {
                request.remove_suffix(1);
                guard->heldBackCr = true;
            }
            if (!request.empty()) {
                const uint64_t handed = guard->requests;
                parser().onInput(request.data(), request.size(), peer);
                // Restarted without handing a request over: Pistache answered an error of its
                // own.
                if (parserState->time() != guard->parserEpoch && guard->requests == handed) {
                    guard->untrackedWrite = true;
                }
            }
            if (step.complete) {
                // Pistache has the whole request (and has reset its parser): the next bytes
                // start the next one.
                guard->parserEpoch = parserState->time();
                guard->head.restart();
            } else if (step.skipped + step.taken == 0) {
                break;
            }
        }
    }

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
        // Held until the response has left, so a shutdown waits for the write, not just for
        // the handler (Pistache drops the writes still queued when its workers stop).
        InFlightRequests::Ticket ticket = shared_.inFlight->admit();
        const std::shared_ptr<Tcp::Peer> peer = writer.peer();
        const std::shared_ptr<ConnectionGuard> guard = guardOf(peer);
        HttpResponse response;
        try {
            response = shared_.pipeline->handle(toHttpRequest(request, guard->head.target()));
        } catch (const std::exception& error) {
            logError(std::string("request conversion failed: ") + error.what());
            response.status = core::status::kInternalServerError;
            response.body =
                R"({"error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred"}})";
        }
        // While shutting down, clients are told not to reuse the connection.
        const bool close =
            shared_.draining->load() || connectionFor(request) == Http::ConnectionControl::Close;
        ++guard->requests;
        peer->setIdle(true);  // as Pistache's ResponseWriter::send does

        thread_local std::string head;
        head.clear();
        appendResponseHead(head, request.version() == Http::Version::Http10, response, close);
        const std::string_view body = wireBody(response);
        // Straight to the socket, unless something of this connection is still queued in
        // Pistache's transport (an earlier answer, or one of Pistache's own): then the whole
        // response queues behind it, so answers leave in order.
        long written = 0;
        if (guard->pendingWrites == 0 && !guard->untrackedWrite) {
            written = writeWhatFits(peer->fd(), head, body);
            if (written < 0) return;  // the connection is gone; Pistache sees it close
        }
        const size_t total = head.size() + body.size();
        if (static_cast<size_t>(written) == total) return;
        std::string rest;
        rest.reserve(total - static_cast<size_t>(written));
        if (static_cast<size_t>(written) < head.size()) {
            rest.append(head, static_cast<size_t>(written));
            rest.append(body);
        } else {
            rest.append(body.substr(static_cast<size_t>(written) - head.size()));
        }
        ++guard->pendingWrites;
        const size_t length = rest.size();
        peer->send(RawBuffer(std::move(rest), length))
            .then(
                [guard, ticket](ssize_t) {
                    --guard->pendingWrites;
                    guard->untrackedWrite = false;
                },
                [guard, ticket](std::exception_ptr&) { --guard->pendingWrites; });
    }

  private:
    // Pistache's own input handling (Http::Handler::onInput, private there, and overridden
    // here) run on a second handler of Pistache's type: a copy of this one's Http::Handler
    // part, so it writes through the transport Pistache gave this clone, and hands each
    // parsed request back to onRequest.
    class PistacheParser final : public Http::Handler {
      public:
        HTTP_PROTOTYPE(PistacheParser)
        PistacheParser(const Http::Handler& configured, PistacheHandler& owner)
            : Http::Handler(configured), owner_(owner) {}
        void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
            owner_.onRequest(request, std::move(writer));
        }

      private:
        PistacheHandler& owner_;
    };

    // Created on the first input, once Pistache has given this clone its transport.
    Tcp::Handler& parser() {
        if (!parser_) parser_ = std::make_unique<PistacheParser>(*this, *this);
        return *parser_;
    }

    // Each connection's guard lives in this clone, which only its worker thread uses, and not
    // in the peer's data: Pistache may drop its last reference to a peer on the listener thread,
    // and its hand-off between the two threads is invisible to ThreadSanitizer (libpistache is
    // not instrumented), so a guard freed there reads as a data race with its last use.
    std::shared_ptr<ConnectionGuard> guardOf(const std::shared_ptr<Tcp::Peer>& peer) {
        auto& entry = guards_[peer.get()];
        // A stale entry (a peer gone without a disconnection callback, its address reused).
        if (entry.second && entry.first.lock() != peer) entry.second.reset();
        if (!entry.second) {
            entry = {peer, std::make_shared<ConnectionGuard>(shared_.maxBodyBytes,
                                                             shared_.syncMaxBodyBytes)};
        }
        return entry.second;
    }

    void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
        guards_.erase(peer.get());
        Http::Handler::onDisconnection(peer);
    }

    Shared shared_;
    std::unique_ptr<PistacheParser> parser_;
    std::unordered_map<const Tcp::Peer*,
                       std::pair<std::weak_ptr<Tcp::Peer>, std::shared_ptr<ConnectionGuard>>>
        guards_;
};

}  // namespace

// Pistache listens with a backlog of 128 whatever its options say (0.0.5's Endpoint::init does
// not pass `backlog` on): 600 clients connecting at once overflowed it, and each dropped SYN is
// retried by the client a second later (answers at 1.0-1.1 s among p50s of 50-100 ms). listen()
// again on the listening socket sets a new backlog; the kernel caps it at net.core.somaxconn.
constexpr int kListenBacklog = 4096;

HttpEndpoint::HttpEndpoint(const Config& config, RequestPipeline& pipeline)
    : config_(config), pipeline_(pipeline) {}

HttpEndpoint::~HttpEndpoint() {
    // Only reached with requests in flight when start() failed half-way: none run then.
    shutdown(std::chrono::seconds(1));
}

namespace {
// Every keep-alive client holds a descriptor, and a soft limit of 1024 (systemd's and most
// shells' default) leaves a server with its pools little room above a few hundred clients
// before accept() fails with EMFILE. The hard limit is the operator's; up to it, raise the soft
// one (as nginx's worker_rlimit_nofile does), at most to 65536.
void raiseDescriptorLimit() {
    constexpr rlim_t kWanted = 65536;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t target = std::min(limit.rlim_max, kWanted);
    if (limit.rlim_cur >= target) return;
    limit.rlim_cur = target;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        logWarning("cannot raise the open-file limit: at most " + std::to_string(limit.rlim_cur) +
                   " descriptors");
    }
}
}  // namespace

uint16_t HttpEndpoint::start() {
    raiseDescriptorLimit();
    // Requests carry bodies of up to MAX_REQUEST_BODY_BYTES, held several times over (Pistache's
    // buffer, the body, the parsed document). glibc serves such blocks with mmap until the first
    // is freed, then raises its threshold to their size and keeps later ones in the heap, where
    // they stay after use: the fuzz driver's server grew from 18 to 150 MiB that way. A fixed
    // threshold keeps blocks of 1 MiB and more in mmap, returned to the system when freed.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    Address address(config_.apiHost, Port(static_cast<uint16_t>(config_.apiPort)));
    endpoint_ = std::make_unique<Http::Endpoint>(address);
    const int threads = config_.workerThreads > 0
                            ? config_.workerThreads
                            : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
    // Room for the head on top of the body limit: the head guard refuses larger heads and
    // declared bodies past the limit; the pipeline answers oversized bodies below this with the
    // JSON envelope, Pistache answers anything larger with a bare 413.
    const size_t maxRequest =
        std::max(config_.maxRequestBodyBytes, config_.syncMaxBodyBytes) + kMaxRequestHeadBytes;
    auto options = Http::Endpoint::options()
                       .threads(threads)
                       .flags(Tcp::Options::ReuseAddr | Tcp::Options::NoDelay)
                       .maxRequestSize(maxRequest);
    endpoint_->init(options);
    endpoint_->setHandler(Http::make_handler<PistacheHandler>(
        Shared{&pipeline_, &inFlight_, &draining_, &trimmer_, config_.maxRequestBodyBytes,
               config_.syncMaxBodyBytes}));
    endpoint_->serveThreaded();
    trimmer_.start();
    port_ = static_cast<uint16_t>(endpoint_->getPort());
    listeningFd_ = findListeningSocket(port_);
    if (listeningFd_ < 0) {
        logWarning("listening socket not found: at shutdown, new connections will wait unanswered");
    } else if (::listen(listeningFd_, kListenBacklog) != 0) {
        logWarning("cannot raise the listen backlog: bursts of connections may wait a second");
    }
    return port_;
}

bool HttpEndpoint::shutdown(std::chrono::milliseconds grace) {
    if (!endpoint_) return true;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    draining_ = true;
    if (listeningFd_ >= 0 && !stopListening(listeningFd_, port_)) {
        logWarning("cannot close the listening socket early: new connections wait unanswered");
    }
    if (const size_t running = inFlight_.count(); running > 0) {
        logInfo("waiting up to " + std::to_string(grace.count()) + " ms for " +
                std::to_string(running) + " request(s) in flight");
    }
    if (!inFlight_.waitUntilNone(deadline)) {
        logError(std::to_string(inFlight_.count()) + " request(s) still running " +
                 std::to_string(grace.count()) + " ms after the shutdown began; abandoned");
        endpoint_.release();  // never join workers that still run requests
        return false;
    }
    // The workers are idle, but a request that came in on an open connection just now would
    // hold Pistache's join of its worker as long as it runs: join on a thread of our own,
    // given the time left (at least a moment), and abandon it past that.
    std::packaged_task<void()> stop([endpoint = std::move(endpoint_)]() mutable {
        endpoint->shutdown();
        endpoint.reset();
    });
    std::future<void> stopped = stop.get_future();
    std::thread stopper(std::move(stop));
    const auto limit =
        std::max(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(500));
    if (stopped.wait_until(limit) != std::future_status::ready) {
        logError("a request began as the shutdown ended and is still running; abandoned");
        stopper.detach();
        return false;
    }
    stopper.join();
    trimmer_.stop();
    return true;
}

}  // namespace tessera::server
