#include "server/handlers/dbt_sync.hpp"

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "server/handlers/dbt_manifest_input.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/dbt_sync.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

constexpr size_t kListed = 20;  // each list of the upload response holds its first 20

// `key`: {name: count, …} in the given order.
void writeCounts(JsonWriter& w, const char* key,
                 std::initializer_list<std::pair<const char*, size_t>> counts) {
    w.Key(key);
    w.StartObject();
    for (const auto& [name, count] : counts) {
        w.Key(name);
        w.Uint64(count);
    }
    w.EndObject();
}

void writeEdges(JsonWriter& w, const services::DbtEdgeCounts& edges) {
    writeCounts(
        w, "dependencies",
        {{"created", edges.created}, {"removed", edges.removed}, {"unchanged", edges.unchanged}});
}

void writeFirst(JsonWriter& w, const char* key, const std::vector<std::string>& texts) {
    w.Key(key);
    w.StartArray();
    for (size_t i = 0; i < texts.size() && i < kListed; ++i) core::writeString(w, texts[i]);
    w.EndArray();
}

// A regular file only (no directories, devices or FIFOs a read would block on), at most
// SYNC_MAX_BODY_BYTES; not JSON is 422 with the parser's reason and offset.
rapidjson::Document readManifestFile(const RequestContext& context, const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw core::notFound(core::code::kManifestNotFound, "Manifest not found: " + path);
    }
    const size_t limit = context.config().syncMaxBodyBytes;
    const auto size = std::filesystem::file_size(path, error);
    if (error) throw core::notFound(core::code::kManifestNotFound, "Manifest not found: " + path);
    if (size > limit) {
        throw core::ApiError(
            core::status::kPayloadTooLarge, core::code::kPayloadTooLarge,
            "Manifest exceeds the maximum size of " + std::to_string(limit) + " bytes");
    }
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    if (!file) throw core::notFound(core::code::kManifestNotFound, "Manifest not found: " + path);
    core::JsonParseResult parsed = core::parseJson(text.str(), context.config().maxJsonDepth);
    if (!parsed.ok) {
        throw core::ApiError(core::status::kUnprocessableEntity, core::code::kValidationError,
                             "Invalid manifest file " + path + ": " + parsed.errorMessage +
                                 " at offset " + std::to_string(parsed.errorOffset));
    }
    return std::move(parsed.document);
}

}  // namespace

HttpResponse syncDbtFile(RequestContext& context) {
    RequestValidator validate(context);
    const auto path = validate.queryString("manifest_path", true);
    const auto ownerTeamId = validate.queryUuid("owner_team_id", true);
    validate.finish();
    const rapidjson::Document document = readManifestFile(context, *path);
    const core::DbtManifest manifest = readManifestOrRefuse(document);
    const services::DbtSyncResult result = services::syncDbtManifest(
        context, manifest, *ownerTeamId, services::dbtSyncSource(document));
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("status");
        w.String("success");
        w.Key("manifest");
        core::writeString(w, *path);
        writeCounts(w, "assets", {{"created", result.created}, {"updated", result.updated}});
        w.Key("guarantees_extracted");
        w.Uint64(manifest.guaranteesExtracted);
        writeEdges(w, result.edges);
        w.EndObject();
    });
}

HttpResponse uploadDbt(RequestContext& context) {
    RequestValidator validate(context);
    const rapidjson::Value* manifestValue = nullptr;
    services::DbtUploadOptions options;
    if (const rapidjson::Value* body = validate.modelBody()) {
        manifestValue = validate.dictField(*body, "manifest", {}, Presence::Required);
        options.ownerTeamId = validate.uuidField(*body, "owner_team_id", {}, Presence::Nullable);
        options.conflictMode =
            validate.stringField(*body, "conflict_mode", {}, {Presence::Optional})
                .value_or("ignore");
        const auto flag = [&](const char* name, bool fallback) {
            return validate.boolField(*body, name, {}, Presence::Optional).value_or(fallback);
        };
        options.autoPublishContracts = flag("auto_publish_contracts", false);
        options.autoCreateProposals = flag("auto_create_proposals", false);
        options.autoRegisterConsumers = flag("auto_register_consumers", false);
        options.inferConsumersFromRefs = flag("infer_consumers_from_refs", true);
    }
    validate.finish();
    const std::string& mode = options.conflictMode;
    if (mode != "ignore" && mode != "overwrite" && mode != "fail") {
        throw core::badRequest(
            core::code::kBadRequest,
            "Invalid conflict_mode: " + mode + ". Use 'overwrite', 'ignore', or 'fail'");
    }
    const core::DbtManifest manifest = readManifestOrRefuse(*manifestValue);
    const services::DbtUploadResult result = services::uploadDbtManifest(
        context, manifest, options, services::dbtSyncSource(*manifestValue));
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("status");
        w.String("success");
        w.Key("conflict_mode");
        core::writeString(w, mode);
        writeCounts(w, "assets",
                    {{"created", result.created},
                     {"updated", result.updated},
                     {"skipped", result.skipped}});
        writeCounts(w, "contracts", {{"published", result.contractsPublished}});
        w.Key("proposals");
        w.StartObject();
        w.Key("created");
        w.Uint64(result.proposals.size());
        w.Key("details");
        w.StartArray();
        for (size_t i = 0; i < result.proposals.size() && i < kListed; ++i) {
            const auto& proposal = result.proposals[i];
            w.StartObject();
            w.Key("proposal_id");
            core::writeString(w, proposal.proposalId);
            w.Key("asset_id");
            core::writeString(w, proposal.assetId);
            w.Key("asset_fqn");
            core::writeString(w, proposal.assetFqn);
            w.Key("change_type");
            core::writeString(w, proposal.changeType);
            w.Key("breaking_changes_count");
            w.Uint64(proposal.breakingChangesCount);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        writeCounts(w, "registrations", {{"created", result.registrationsCreated}});
        w.Key("guarantees_extracted");
        w.Uint64(result.guaranteesExtracted);
        writeFirst(w, "ownership_warnings", result.ownershipWarnings);
        writeFirst(w, "contract_warnings", result.contractWarnings);
        writeFirst(w, "registration_warnings", result.registrationWarnings);
        writeEdges(w, result.edges);
        w.EndObject();
    });
}

}  // namespace tessera::server
