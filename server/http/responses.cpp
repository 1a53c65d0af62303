#include "server/http/responses.hpp"

#include "core/timestamp.hpp"

namespace tessera::server {
namespace {

void writeLoc(core::JsonWriter& writer, const std::vector<core::LocPart>& loc) {
    writer.StartArray();
    for (const auto& part : loc) {
        if (const auto* name = std::get_if<std::string>(&part)) {
            core::writeString(writer, *name);
        } else {
            writer.Int64(std::get<long long>(part));
        }
    }
    writer.EndArray();
}

void writeRaw(core::JsonWriter& writer, const std::string& json) {
    writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

}  // namespace

HttpResponse errorResponse(const core::ApiError& error, const std::string& requestId) {
    HttpResponse response = jsonResponseWith(error.status(), [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("error");
        w.StartObject();
        w.Key("code");
        core::writeString(w, error.code());
        w.Key("message");
        core::writeString(w, error.message());
        w.Key("request_id");
        core::writeString(w, requestId);
        w.Key("timestamp");
        core::writeString(w, core::formatOffsetTimestamp(core::currentEpochMicros()));
        if (!error.detailsJson().empty() && error.detailsJson() != "{}") {
            w.Key("details");
            writeRaw(w, error.detailsJson());
        }
        w.EndObject();
        w.EndObject();
    });
    for (const auto& [name, value] : error.headers()) response.setHeader(name, value);
    return response;
}

HttpResponse validationResponse(const std::vector<core::ValidationIssue>& issues) {
    return jsonResponseWith(core::status::kUnprocessableEntity, [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("detail");
        w.StartArray();
        for (const auto& issue : issues) {
            w.StartObject();
            w.Key("type");
            core::writeString(w, issue.type);
            w.Key("loc");
            writeLoc(w, issue.loc);
            w.Key("msg");
            core::writeString(w, issue.msg);
            w.Key("input");
            writeRaw(w, issue.inputJson.empty() ? std::string("null") : issue.inputJson);
            if (!issue.ctxJson.empty()) {
                w.Key("ctx");
                writeRaw(w, issue.ctxJson);
            }
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
}

core::ApiError processingValidationError(const std::vector<core::ValidationIssue>& issues) {
    const std::string details = buildJson([&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("errors");
        w.StartArray();
        for (const auto& issue : issues) {
            std::string field;
            for (const auto& part : issue.loc) {
                if (!field.empty()) field += ".";
                if (const auto* name = std::get_if<std::string>(&part)) {
                    field += *name;
                } else {
                    field += std::to_string(std::get<long long>(part));
                }
            }
            w.StartObject();
            w.Key("field");
            core::writeString(w, field);
            w.Key("message");
            core::writeString(w, issue.msg);
            w.Key("type");
            core::writeString(w, issue.type);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
    return core::ApiError(core::status::kUnprocessableEntity, core::code::kValidationError,
                          "Request validation failed", details);
}

}  // namespace tessera::server
