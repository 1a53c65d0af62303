// Outbound HTTP POSTs for webhooks and Slack, on libcurl (issue 6: a well-kept library rather
// than HTTP written by hand). Redirects are not followed (spec 04 §3.4).
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace tessera::server {

struct OutboundResult {
    std::optional<int> status;  // absent on a transport error
    std::string body;           // the response body (capped), or the transport error text
};

// Call once before any thread posts (curl_global_init is not thread-safe).
void initOutboundHttp();

// POSTs `body` with `headers` ("Name: value"). `abort`, when it turns true, cuts the transfer
// short (used at shutdown); the result is then a transport error.
OutboundResult postJson(const std::string& url, const std::string& body,
                        const std::vector<std::string>& headers, long timeoutSeconds,
                        const std::atomic<bool>* abort);

}  // namespace tessera::server
