#include "server/notify/outbound_http.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace tessera::server {
namespace {

// Receivers' answers are kept for the delivery record (500 characters), so a little more is
// plenty; the rest is read and dropped.
constexpr size_t kMaxKeptResponseBytes = 4096;

size_t collectBody(char* data, size_t size, size_t count, void* target) {
    auto* body = static_cast<std::string*>(target);
    const size_t bytes = size * count;
    if (body->size() < kMaxKeptResponseBytes) {
        body->append(data, std::min(bytes, kMaxKeptResponseBytes - body->size()));
    }
    return bytes;
}

int checkAbort(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* abort = static_cast<const std::atomic<bool>*>(flag);
    return abort && abort->load() ? 1 : 0;  // non-zero aborts the transfer
}

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

void initOutboundHttp() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

OutboundResult postJson(const std::string& url, const std::string& body,
                        const std::vector<std::string>& headers, long timeoutSeconds,
                        const std::atomic<bool>* abort) {
    initOutboundHttp();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return {std::nullopt, "cannot create an HTTP client handle"};
    std::unique_ptr<curl_slist, HeaderListDeleter> headerList;
    curl_slist* list = nullptr;
    for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
    // No "Expect: 100-continue" round trip for bodies over 1 KB.
    list = curl_slist_append(list, "Expect:");
    headerList.reset(list);

    OutboundResult result;
    char errorText[CURL_ERROR_SIZE] = {0};
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headerList.get());
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, timeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collectBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, checkAbort);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, abort);

    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
        result.body = errorText[0] ? errorText : curl_easy_strerror(code);
        return result;
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
    return result;
}

}  // namespace tessera::server
