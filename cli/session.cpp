#include "cli/session.hpp"

#include <cstdio>
#include <iostream>

#include "cli/json_text.hpp"

namespace tessera::cli {

std::string errorMessage(const std::string& body) {
    rapidjson::Document document;
    document.Parse(body.c_str(), body.size());
    if (document.HasParseError() || !document.IsObject()) return body;
    const std::string envelope = stringAt(document, {"error", "message"});
    if (!envelope.empty()) return envelope;
    auto detail = document.FindMember("detail");
    if (detail == document.MemberEnd()) return body;
    if (detail->value.IsString()) return detail->value.GetString();
    // A request-validation 422: `loc: msg` of each failure.
    std::string joined;
    if (detail->value.IsArray()) {
        for (const auto& item : detail->value.GetArray()) {
            std::string location;
            if (item.IsObject() && item.HasMember("loc") && item["loc"].IsArray()) {
                for (const auto& part : item["loc"].GetArray()) {
                    if (!location.empty()) location += ".";
                    location += scalarText(part);
                }
            }
            if (!joined.empty()) joined += "; ";
            joined += location + ": " + stringAt(item, {"msg"});
        }
    }
    return joined.empty() ? body : joined;
}

void fail(const std::string& text, int status) {
    std::cerr << "Error: " << text << "\n";
    throw ExitRequest{status};
}

ApiResponse Session::callRaw(const std::string& method, const std::string& path, const Query& query,
                             const std::string& body) const {
    ApiResponse response;
    try {
        response = client().api(method, path, query, body);
    } catch (const UnreachableError& error) {
        fail("cannot reach " + settings_.url + ": " + error.what());
    }
    if (response.status >= 400) {
        std::cerr << "Error (" << response.status << "): " << errorMessage(response.body) << "\n";
        throw ExitRequest{kExitFailure};
    }
    return response;
}

namespace {

rapidjson::Document parseBody(const ApiResponse& response, const std::string& path) {
    rapidjson::Document document;
    document.Parse(response.body.c_str(), response.body.size());
    if (document.HasParseError()) fail("the server answered " + path + " with invalid JSON");
    return document;
}

}  // namespace

rapidjson::Document Session::call(const std::string& method, const std::string& path,
                                  const Query& query, const std::string& body) const {
    return parseBody(callRaw(method, path, query, body), path);
}

std::optional<rapidjson::Document> Session::fetch(const std::string& method,
                                                  const std::string& path, const Query& query,
                                                  const std::string& body) const {
    const ApiResponse response = callRaw(method, path, query, body);
    if (settings_.json) {
        std::fwrite(response.body.data(), 1, response.body.size(), stdout);
        std::fputc('\n', stdout);
        return std::nullopt;
    }
    return parseBody(response, path);
}

}  // namespace tessera::cli
