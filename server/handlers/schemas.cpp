#include "server/handlers/schemas.hpp"

#include "core/json.hpp"
#include "core/schema_validator.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {

HttpResponse validateSchema(RequestContext& context) {
    RequestValidator validate(context);
    const rapidjson::Value* schema = validate.objectBody();
    validate.finish();

    const std::vector<std::string> errors = core::validateJsonSchema(*schema);
    return jsonResponseWith(core::status::kOk, [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("valid");
        w.Bool(errors.empty());
        w.Key("errors");
        w.StartArray();
        for (const auto& error : errors) core::writeString(w, error);
        w.EndArray();
        w.EndObject();
    });
}

}  // namespace tessera::server
