#include "tests/fuzz/request_shapes.hpp"

#include "tests/fuzz/hostile_values.hpp"
#include "tests/fuzz/json_mutations.hpp"
#include "tests/fuzz/vocabulary.hpp"

namespace tessera::fuzz {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// What one request is being built into; `notes` names each deliberate break for the report.
struct Draft {
    std::string method;
    std::string path;
    std::string query;
    std::string version = "HTTP/1.1";
    Headers headers;
    std::vector<std::string> rawHeaderLines;  // sent as is: no colon, folded, …
    Payload body;
    bool bodyIsJson = true;
    bool framingBroken = false;
    bool incomplete = false;
    bool keepAlive = true;
    std::vector<std::string> notes;
};

bool breaksRequestLine(const std::string& text) {
    return text.find_first_of(" \r\n") != std::string::npos;
}

std::string pathValue(Rng& rng, const std::string& parameter, const KnownIds& ids, bool keepFraming,
                      Draft& draft) {
    const size_t roll = rng.below(100);
    if (roll < 45) return rng.pick(ids.forParameter(parameter));
    if (roll < 60) return randomUuid(rng);
    if (roll < 88 || keepFraming) {
        draft.notes.push_back(parameter + "=hostile");
        return percentEncode(hostileText(rng), rng.percent(20));
    }
    draft.notes.push_back(parameter + "=raw");
    std::string raw = hostileText(rng);
    if (breaksRequestLine(raw)) draft.framingBroken = true;
    return raw;
}

void choosePath(Rng& rng, const FuzzRoute& route, const KnownIds& ids, bool keepFraming,
                Draft& draft) {
    if (rng.percent(5)) {
        static const std::vector<std::string> strangers = {
            "/",
            "/api",
            "/api/v1",
            "/api/v2/teams",
            "//api/v1/teams",
            "/api/v1/teams/../health",
            "/API/V1/TEAMS",
            "*",
            "/health/",
            "/api/v1/%2e%2e/health",
            "/api/v1/teams%2F",
            "/.env",
            "/api/v1/assets/search/",
            "http://evil.example/api/v1/teams",
        };
        draft.path = rng.percent(50) ? rng.pick(strangers)
                                     : "/api/v1/" + percentEncode(hostileText(rng), false);
        draft.notes.push_back("path=unknown");
        return;
    }
    std::vector<std::string> values;
    for (const std::string& parameter : route.parameters) {
        values.push_back(pathValue(rng, parameter, ids, keepFraming, draft));
    }
    draft.path = fillTemplate(route.pathTemplate, values);
    if (!rng.percent(10)) return;
    static const std::vector<std::string> tails = {
        "/",         "//", "%",       "%zz",      "%FF%FE", "%C3",          "%00", ";jsessionid=1",
        "#fragment", "/.", "/%2e%2e", "\xC3\x28", "\xFF",   "\xE2\x82\xAC",
    };
    if (rng.percent(85)) {
        draft.path += rng.pick(tails);
    } else {
        draft.path += "/" + std::string(rng.pick(std::vector<size_t>{8000, 100000}), 'a');
    }
    draft.notes.push_back("path-tail");
}

void chooseQuery(Rng& rng, const FuzzRoute& route, const KnownIds& ids, Draft& draft) {
    std::vector<std::string> parts;
    const std::string seed = seedQuery(route.key(), ids);
    if (!seed.empty() && rng.percent(70)) parts.push_back(seed);
    const size_t extra = rng.percent(60) ? rng.below(5) : 0;
    for (size_t i = 0; i < extra; ++i) {
        const std::string name =
            rng.percent(90) ? rng.pick(queryNames()) : percentEncode(hostileText(rng), false);
        std::string value;
        const size_t roll = rng.below(100);
        if (roll < 35) {
            value = percentEncode(rng.pick(ids.forParameter(name)), false);
        } else if (roll < 80) {
            value = percentEncode(hostileText(rng), rng.percent(10));
        } else {
            static const std::vector<std::string> odd = {
                "",
                "%",
                "%zz",
                "%00",
                "a+b",
                "=",
                "==",
                "%FF",
                "\xC3\x28",
                "\xFF",
                "%E2%82",
                "&",
                std::string(20000, '9'),
            };
            value = rng.pick(odd);
        }
        parts.push_back(rng.percent(5) ? name : name + "=" + value);
        draft.notes.push_back("query:" + name.substr(0, 20));
    }
    if (rng.percent(2)) parts.push_back("&&&");
    for (size_t i = 0; i < parts.size(); ++i) draft.query += (i ? "&" : "") + parts[i];
}

void chooseCredentials(Rng& rng, const KnownIds& ids, Draft& draft) {
    const size_t roll = rng.below(100);
    auto bearer = [&](const std::string& token) {
        draft.headers.emplace_back("Authorization", "Bearer " + token);
    };
    if (roll < 45) {
        bearer(ids.adminKey);
    } else if (roll < 55) {
        bearer(ids.readKey);
    } else if (roll < 58) {
        bearer(ids.bootstrapKey);
    } else if (roll < 61) {
        draft.headers.emplace_back("X-API-Key", ids.adminKey);
    } else if (roll < 76) {
        draft.notes.push_back("auth=none");
    } else {
        draft.notes.push_back("auth=bad");
        static const std::vector<std::string> schemes = {
            "Bearer",
            "Bearer ",
            "bearer ",
            "BEARER ",
            "Basic Zm9vOmJhcg==",
            "Token ",
            "Bearer  ",
            "Digest username=\"a\"",
            "",
        };
        switch (rng.below(7)) {
            case 0:
                draft.headers.emplace_back("Authorization", rng.pick(schemes));
                break;
            case 1:
                bearer(hostileText(rng));
                break;
            case 2:
                bearer(ids.adminKey + rng.pick(std::vector<std::string>{"x", " ", "\xFF", "%00"}));
                break;
            case 3:
                bearer(ids.adminKey.substr(0, rng.below(ids.adminKey.size())));
                break;
            case 4:
                draft.headers.emplace_back("X-API-Key", hostileText(rng));
                break;
            case 5:  // two credentials that disagree
                bearer(ids.readKey);
                draft.headers.emplace_back("X-API-Key", "tess_" + randomUuid(rng));
                break;
            default:
                bearer("tess_" + randomUuid(rng));
                break;
        }
    }
}

// Headers Pistache parses into typed values (Host, Date, Cache-Control, Accept, Cookie, …)
// and the ones Tessera reads or echoes (X-Request-ID, Origin), given broken values.
void chooseHeaders(Rng& rng, bool keepFraming, Draft& draft) {
    if (rng.percent(92)) {
        draft.headers.emplace_back("Host", "127.0.0.1");
    } else {
        static const std::vector<std::string> hosts = {
            "",
            "a:b",
            "127.0.0.1:",
            "127.0.0.1:99999",
            "[::1",
            "[::1]:80",
            "x\xFFy",
            std::string(10000, 'h'),
            "localhost:-1",
            "evil.example\r\n",
        };
        const std::string host = rng.pick(hosts);
        if (host.find('\r') == std::string::npos) {
            draft.headers.emplace_back("Host", host);
            draft.notes.push_back("host");
        }
    }
    if (rng.percent(10)) {
        static const std::vector<std::string> ids = {
            "",
            "trace-123",
            "\xFF\xFE",
            "a\nX-Injected: 1",
            "a\rX-Injected: 1",
            std::string(10000, 'r'),
            "\"},{\"x\":1",
            "' OR 1=1 --",
            "\x01\x02",
        };
        draft.headers.emplace_back("X-Request-ID", rng.pick(ids));
        draft.notes.push_back("request-id");
    }
    if (rng.percent(6)) {
        static const std::vector<std::string> origins = {
            "http://localhost:3000",
            "null",
            "http://evil.example",
            "\xFF",
            "http://localhost:3000\n"
            "X-Injected: 1",
            std::string(5000, 'o'),
        };
        draft.headers.emplace_back("Origin", rng.pick(origins));
        draft.notes.push_back("origin");
    }
    if (rng.percent(10)) {
        static const std::vector<std::pair<std::string, std::string>> odd = {
            {"Accept", "*/*"},
            {"Accept", ";;"},
            {"Accept", ","},
            {"Accept", "text/html;q=abc"},
            {"Accept", "application/json, "},
            {"Cache-Control", "max-age=abc"},
            {"Cache-Control", "bogus"},
            {"Cache-Control", "no-cache,,"},
            {"Date", "yesterday"},
            {"Date", "Tue, 15 Nov 1994 08:12:31 GMT"},
            {"Cookie", "a=b; c"},
            {"Cookie", ";;;="},
            {"Cookie", "=\xFF"},
            {"Expect", "100-continue"},
            {"Expect", "nothing"},
            {"Connection", "Upgrade"},
            {"Connection", "\xFF"},
            {"Upgrade", "websocket"},
            {"Content-Encoding", "gzip"},
            {"User-Agent", std::string(20000, 'u')},
            {"Referer", "\xC3\x28"},
            {"X-Empty", ""},
            {"X-Forwarded-For", "1.2.3.4, ' OR 1=1"},
            {"\xFF\xFE", "invalid name"},
            {"X-\xC3\x28", "v"},
            {"Location", "\x00"},
            {"Server", ""},
            {"Access-Control-Request-Method", "GET"},
        };
        const auto& header = rng.pick(odd);
        draft.headers.push_back(header);
        draft.notes.push_back("header:" + escapeBytes(header.first, 20));
    }
    if (rng.perMille(15)) {
        // Oversized: one huge header, or very many small ones.
        const size_t size = rng.pick(std::vector<size_t>{8192, 65536, 1 << 20});
        if (rng.percent(50)) {
            draft.headers.emplace_back("X-Big", std::string(size, 'b'));
        } else {
            for (size_t i = 0; i < size / 32; ++i) {
                draft.headers.emplace_back("X-Many-" + std::to_string(i), "v");
            }
        }
        draft.notes.push_back("headers=" + std::to_string(size));
    }
    if (!keepFraming && rng.percent(3)) {
        static const std::vector<std::string> lines = {
            "NoColonHere", " folded continuation", "Name : spaced", ":empty-name", "\xFF: v",
        };
        draft.rawHeaderLines.push_back(rng.pick(lines));
        draft.framingBroken = true;
        draft.notes.push_back("header-line");
    }
    if (rng.percent(4)) {
        draft.headers.emplace_back("Connection", "close");
        draft.keepAlive = false;
    }
}

void chooseBody(Rng& rng, const FuzzRoute& route, const RequestShaper& shaper, Draft& draft) {
    if (!route.jsonBody && !rng.percent(8)) return;
    const std::string seed = seedBody(route.key(), shaper.ids, rng);
    const size_t roll = rng.below(1000);
    if (roll < 3) {
        const size_t bytes = rng.between(1 << 20, 8 << 20);
        draft.body = hugeJson(rng, bytes);
        draft.notes.push_back("body=huge");
    } else if (roll < 4) {
        // Just over the limit: the pipeline's own 413 (Pistache's buffer has 64 KiB to spare).
        draft.body = hugeJson(rng, shaper.maxBodyBytes + rng.between(1, 32 * 1024));
        draft.notes.push_back("body=over-limit");
    } else if (roll < 50) {
        const size_t depth = rng.pick(std::vector<size_t>{129, 200, 5000, 100000, 1000000});
        draft.body = deepNesting(rng, depth);
        draft.notes.push_back("body=nested" + std::to_string(depth));
    } else if (roll < 250 && !seed.empty()) {
        draft.body = Payload(seed);
    } else if (roll < 550 && !seed.empty()) {
        draft.body = Payload(mutateJson(rng, seed));
        draft.notes.push_back("body=mutated");
    } else if (roll < 800) {
        const std::string json = randomJson(rng, bodyFieldNames(), shaper.ids.allValues(), 4);
        draft.body = Payload(rng.percent(30) ? mutateJson(rng, json) : json);
        draft.notes.push_back("body=random");
    } else if (roll < 860) {
        draft.body = Payload(rng.percent(50) ? std::string() : std::string(" \r\n\t "));
        draft.notes.push_back("body=blank");
    } else {
        draft.body = Payload(hostileText(rng));
        draft.notes.push_back("body=text");
    }
    if (rng.percent(12)) {
        static const std::vector<std::string> types = {
            "text/plain",
            "application/vnd.api+json",
            "application/json; charset=latin1",
            "multipart/form-data; boundary=x",
            "application/",
            ";;;",
            "application/x-www-form-urlencoded",
            "\xFF/\xFE",
            "application/json\x00",
            "",
        };
        draft.headers.emplace_back("Content-Type", rng.pick(types));
        draft.notes.push_back("content-type");
    } else if (!draft.body.pieces().empty()) {
        draft.headers.emplace_back("Content-Type", "application/json");
    }
}

// Content-Length right, wrong or missing; chunked bodies, good and bad.
void chooseFraming(Rng& rng, bool keepFraming, Draft& draft) {
    const size_t size = draft.body.size();
    const size_t roll = keepFraming ? 100 : rng.below(100);
    if (roll < 2) {
        draft.headers.emplace_back("Content-Length", std::to_string(size + rng.between(1, 100)));
        draft.incomplete = true;
        draft.notes.push_back("length=long");
    } else if (roll < 4 && size > 0) {
        draft.headers.emplace_back("Content-Length", std::to_string(rng.below(size)));
        draft.framingBroken = true;
        draft.notes.push_back("length=short");
    } else if (roll < 7) {
        static const std::vector<std::string> lengths = {
            "abc", "-1", " 5",  "5 5", "0x10", "99999999999999999999", "18446744073709551615",
            "",    "+0", "1e3",
        };
        draft.headers.emplace_back("Content-Length", rng.pick(lengths));
        draft.framingBroken = true;
        draft.notes.push_back("length=bad");
    } else if (roll < 8) {
        draft.headers.emplace_back("Content-Length", std::to_string(size));
        draft.headers.emplace_back("Content-Length", std::to_string(size + 1));
        draft.framingBroken = true;
        draft.notes.push_back("length=twice");
    } else if (roll < 10 && size < 65536) {
        // Chunked, correctly or with a broken chunk size.
        Payload chunked;
        const std::string body = draft.body.prefix(size);
        const bool broken = rng.percent(40);
        for (size_t at = 0; at < body.size();) {
            const size_t length = std::min(body.size() - at, rng.between(1, 64));
            char hex[32];
            std::snprintf(hex, sizeof hex, "%zx", length);
            chunked.append((broken && rng.percent(30) ? std::string("zz") : hex) + "\r\n" +
                           body.substr(at, length) + "\r\n");
            at += length;
        }
        chunked.append("0\r\n\r\n");
        draft.body = chunked;
        draft.headers.emplace_back("Transfer-Encoding", "chunked");
        if (broken) draft.framingBroken = true;
        draft.notes.push_back(broken ? "chunked=bad" : "chunked");
    } else if (roll < 11) {
        draft.headers.emplace_back(
            "Transfer-Encoding", rng.pick(std::vector<std::string>{"gzip", "chunked, gzip", "x"}));
        draft.headers.emplace_back("Content-Length", std::to_string(size));
        draft.framingBroken = true;
        draft.notes.push_back("transfer-encoding");
    } else if (roll < 12 && size > 0) {
        draft.framingBroken = true;  // the body's bytes read as the next request
        draft.notes.push_back("length=missing");
    } else if (size > 0 || draft.method == "POST" || rng.percent(20)) {
        draft.headers.emplace_back("Content-Length", std::to_string(size));
    }
}

void chooseMethodAndVersion(Rng& rng, const FuzzRoute& route, bool keepFraming, Draft& draft) {
    draft.method = route.method;
    const size_t roll = rng.below(100);
    if (roll < 8) {
        draft.method = rng.pick(std::vector<std::string>{"GET", "POST", "PUT", "PATCH", "DELETE"});
    } else if (roll < 12) {
        draft.method = "OPTIONS";
        draft.headers.emplace_back("Origin", "http://localhost:3000");
        draft.headers.emplace_back("Access-Control-Request-Method",
                                   rng.percent(80) ? route.method : hostileText(rng));
        if (rng.percent(50)) {
            draft.headers.emplace_back(
                "Access-Control-Request-Headers",
                rng.percent(50) ? "authorization, content-type" : hostileText(rng));
        }
        draft.notes.push_back("preflight");
    } else if (roll < 14 && !keepFraming) {
        draft.method = "HEAD";
    } else if (roll < 17 && !keepFraming) {
        static const std::vector<std::string> bogus = {
            "get",
            "GETT",
            "",
            "BREW",
            "CONNECT",
            "TRACE",
            std::string("\0GET", 4),
            "G\xFFT",
            std::string(5000, 'A'),
        };
        draft.method = rng.pick(bogus);
        draft.framingBroken = true;
        draft.notes.push_back("method=bogus");
    }
    if (rng.percent(3)) {
        draft.version = "HTTP/1.0";
        draft.keepAlive = false;
    } else if (!keepFraming && rng.percent(2)) {
        draft.version = rng.pick(std::vector<std::string>{"HTTP/2.0", "HTTP/1.1 ", "HTTP/9",
                                                          "http/1.1", "", "HTTP/1.1\xFF"});
        draft.framingBroken = true;
        draft.notes.push_back("version=bogus");
    }
}

}  // namespace

WireRequest RequestShaper::build(Rng& rng) const {
    return compose(rng, false);
}

WireRequest RequestShaper::buildComplete(Rng& rng) const {
    return compose(rng, true);
}

WireRequest RequestShaper::compose(Rng& rng, bool keepFraming) const {
    Draft draft;
    const FuzzRoute& route = rng.pick(routes);
    chooseMethodAndVersion(rng, route, keepFraming, draft);
    choosePath(rng, route, ids, keepFraming, draft);
    chooseQuery(rng, route, ids, draft);
    chooseCredentials(rng, ids, draft);
    chooseHeaders(rng, keepFraming, draft);
    chooseBody(rng, route, *this, draft);
    chooseFraming(rng, keepFraming, draft);
    // Pistache reads a header line up to CRLF: a value with CRLF in it is two lines.
    for (const auto& [name, value] : draft.headers) {
        if (value.find("\r\n") != std::string::npos || name.find("\r\n") != std::string::npos) {
            draft.framingBroken = true;
        }
    }
    if (keepFraming && draft.framingBroken) return compose(rng, true);  // rare: a raw value

    std::string head = draft.method + " " + draft.path;
    if (!draft.query.empty()) head += "?" + draft.query;
    head += " " + draft.version + "\r\n";
    for (const auto& [name, value] : draft.headers) head += name + ": " + value + "\r\n";
    for (const std::string& line : draft.rawHeaderLines) head += line + "\r\n";
    head += "\r\n";

    WireRequest request;
    request.bytes.append(head);
    request.bytes.append(draft.body);
    request.framing = draft.incomplete      ? Framing::Incomplete
                      : draft.framingBroken ? Framing::Garbled
                                            : Framing::Complete;
    request.keepAlive = draft.keepAlive && draft.method != "HEAD";
    request.head = draft.method == "HEAD";
    request.label = route.key();
    for (const std::string& note : draft.notes) request.label += " " + note;
    return request;
}

}  // namespace tessera::fuzz
