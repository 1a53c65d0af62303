#include "cli/http_client.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

namespace tessera::cli {
namespace {

constexpr long kTimeoutSeconds = 30;

size_t appendBody(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

// One header line "Name: value\r\n" (status lines and the blank line have no colon).
size_t recordHeader(char* data, size_t size, size_t count, void* target) {
    const std::string line(data, size * count);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const size_t start = line.find_first_not_of(" \t", colon + 1);
        const size_t end = line.find_last_not_of(" \t\r\n");
        (*static_cast<std::map<std::string, std::string>*>(target))[name] =
            start == std::string::npos || end < start ? "" : line.substr(start, end - start + 1);
    }
    return size * count;
}

std::string withoutTrailingSlashes(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

std::string urlEncode(const std::string& text) {
    std::unique_ptr<char, decltype(&curl_free)> escaped(
        curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), curl_free);
    return escaped ? std::string(escaped.get()) : std::string();
}

ApiClient::ApiClient(std::string baseUrl, std::string apiKey)
    : baseUrl_(withoutTrailingSlashes(std::move(baseUrl))), apiKey_(std::move(apiKey)) {}

ApiResponse ApiClient::api(const std::string& method, const std::string& path, const Query& query,
                           const std::string& jsonBody) const {
    std::string url = baseUrl_ + "/api/v1" + path;
    char separator = '?';
    for (const auto& [name, value] : query) {
        if (value.empty()) continue;
        url += separator + urlEncode(name) + "=" + urlEncode(value);
        separator = '&';
    }
    return send(method, url, jsonBody);
}

ApiResponse ApiClient::raw(const std::string& method, const std::string& path) const {
    return send(method, baseUrl_ + path, {});
}

ApiResponse ApiClient::send(const std::string& method, const std::string& url,
                            const std::string& jsonBody) const {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw UnreachableError("cannot initialise libcurl");
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    if (!jsonBody.empty()) headers = curl_slist_append(headers, "Content-Type: application/json");
    const std::string auth = "Authorization: Bearer " + apiKey_;
    if (!apiKey_.empty()) headers = curl_slist_append(headers, auth.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(headers,
                                                                           curl_slist_free_all);

    ApiResponse response;
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headerList.get());
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, recordHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);
    if (method == "POST" || method == "PUT" || method == "PATCH") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, jsonBody.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(jsonBody.size()));
    }
    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK) throw UnreachableError(curl_easy_strerror(code));
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    // A 204 reads as an empty object (spec 04 §6).
    if (response.status == 204 && response.body.empty()) response.body = "{}";
    return response;
}

}  // namespace tessera::cli
