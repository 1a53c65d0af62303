#include "server/handlers/dbt_manifest_input.hpp"

#include "core/errors.hpp"
#include "core/json.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {
namespace {

constexpr size_t kMaxFqnLength = 1000;  // core.assets.fqn is varchar(1000)

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
    throw core::ApiError(core::status::kUnprocessableEntity, core::code::kValidationError,
                         "Invalid manifest at " + path + ": " + why,
                         buildJson([&](core::JsonWriter& w) {
                             w.StartObject();
                             w.Key("path");
                             core::writeString(w, path);
                             w.EndObject();
                         }));
}

}  // namespace

core::DbtManifest readManifestOrRefuse(const rapidjson::Value& manifest) {
    core::DbtManifest read;
    try {
        read = core::readDbtManifest(manifest);
    } catch (const core::DbtManifestError& error) {
        refuse(error.path(), error.what());
    }
    for (const auto& asset : read.assets) {
        if (asset.fqn.size() > kMaxFqnLength) {
            refuse((asset.resourceType == "source" ? "sources." : "nodes.") + asset.uniqueId,
                   "FQN longer than " + std::to_string(kMaxFqnLength) + " characters");
        }
    }
    return read;
}

}  // namespace tessera::server
