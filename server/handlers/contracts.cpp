#include "server/handlers/contracts.hpp"

#include "core/api_enums.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/timestamp.hpp"
#include "server/cache/cached_read.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/guarantee_evaluation.hpp"
#include "store/asset_repository.hpp"
#include "store/contract_repository.hpp"
#include "store/registration_repository.hpp"
#include "store/sql_text.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// GET /contracts/{id}, its registrations and compare (spec 02 §7).
core::ApiError contractNotFound(const std::string& id) {
    return core::ApiError(core::status::kNotFound, core::code::kContractNotFound,
                          "Contract with ID '" + id + "' not found", buildJson([&](JsonWriter& w) {
                              w.StartObject();
                              w.Key("contract_id");
                              core::writeString(w, id);
                              w.EndObject();
                          }));
}

core::ApiError versionNotFound(const std::string& version) {
    return core::notFound(core::code::kContractNotFound,
                          "Contract version '" + version + "' not found for this asset");
}

core::SchemaDiff diffContracts(const store::ContractRecord& from, const store::ContractRecord& to) {
    const rapidjson::Document oldSchema = core::parseStoredJson(from.schemaJson);
    const rapidjson::Document newSchema = core::parseStoredJson(to.schemaJson);
    return core::diffSchemas(oldSchema, newSchema);
}

// The guarantees of two contracts under the guarantee_mode of the first one's asset, as a
// publish of the second would weigh them (issue 21).
std::optional<services::GuaranteeEvaluation> compareGuarantees(RequestContext& context,
                                                               const store::ContractRecord& from,
                                                               const store::ContractRecord& to) {
    const auto asset = store::AssetRepository(context.db).findIncludingDeleted(from.assetId);
    const std::string mode =
        asset ? asset->guaranteeMode
              : std::string(core::guaranteeModeName(core::kDefaultGuaranteeMode));
    return services::evaluateGuarantees(mode, from.guaranteesJson, to.guaranteesJson);
}

// change_type, is_compatible, breaking_changes, all_changes, compatibility_mode (02 §6.3, §7.2),
// then the additive guarantee fields; under strict, breaking guarantee changes count as
// breaking.
void writeComparison(JsonWriter& w, const core::SchemaDiff& diff, core::CompatibilityMode mode,
                     const std::optional<services::GuaranteeEvaluation>& guarantees) {
    const auto breaking = core::breakingChanges(diff.changes, mode);
    w.Key("change_type");
    core::writeString(w, core::changeTypeName(diff.changeType));
    w.Key("is_compatible");
    w.Bool(breaking.empty() && (!guarantees || guarantees->breaking.empty()));
    w.Key("breaking_changes");
    services::writeBreakingRecords(w, breaking, guarantees);
    w.Key("all_changes");
    core::writeChangesJson(w, diff.changes);
    w.Key("compatibility_mode");
    core::writeString(w, core::compatibilityModeName(mode));
    if (guarantees) services::writeGuaranteeFields(w, *guarantees);
}

// The published Python SDK's compare (04 §7.2): two schemas instead of two contract ids, under
// `compatibility_mode` (default backward). Nothing is looked up, so there are no guarantees and
// no contract summaries; the comparison fields are those of the contract form. A body naming
// either contract id is the reference's form, whatever else it holds.
bool isSchemaComparison(const rapidjson::Value* body) {
    return body && body->IsObject() && !body->HasMember("contract_id_1") &&
           !body->HasMember("contract_id_2") &&
           (body->HasMember("old_schema") || body->HasMember("new_schema"));
}

HttpResponse compareSchemas(RequestContext& context) {
    RequestValidator validate(context);
    const rapidjson::Value& body = *context.body;
    const rapidjson::Value* oldSchema =
        validate.dictField(body, "old_schema", {}, Presence::Required);
    const rapidjson::Value* newSchema =
        validate.dictField(body, "new_schema", {}, Presence::Required);
    const auto mode = validate.enumField(body, "compatibility_mode", {}, Presence::Nullable,
                                         core::compatibilityModeNames());
    validate.finish();

    const core::SchemaDiff diff = core::diffSchemas(*oldSchema, *newSchema);
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        writeComparison(
            w, diff, mode ? core::storedCompatibilityMode(*mode) : core::kDefaultCompatibilityMode,
            std::nullopt);
        w.EndObject();
    });
}

}  // namespace

HttpResponse listAssetContracts(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    // No asset existence check: an unknown asset has no contracts (spec 02 §11 B8).
    const auto respond = [&] {
        store::ContractRepository contracts(context.db);
        const auto result = contracts.listForAsset(assetId, page.limit, page.offset);
        return pageResponse(result.rows, result.total, page,
                            [](JsonWriter& w, const store::AssetContractRow& row) {
                                w.StartObject();
                                writeContractFields(w, row.contract, kContractDumpSchemaKey);
                                w.Key("published_by_team_name");
                                core::writeNullableString(w, row.publishedByTeamName);
                                w.Key("published_by_user_name");
                                core::writeNullableString(w, row.publishedByUserName);
                                w.EndObject();
                            });
    };
    return cachedFirstPage(context, page, assetContractsKey(assetId),
                           context.config().cacheTtlAsset, respond);
}

HttpResponse getContractHistory(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    store::AssetRepository assets(context.db);
    const auto asset = assets.findIncludingDeleted(assetId);
    if (!asset) throw core::assetNotFound();
    store::ContractRepository contracts(context.db);
    const std::vector<store::ContractRecord> history = contracts.allForAsset(assetId);
    std::vector<rapidjson::Document> schemas;
    schemas.reserve(history.size());
    for (const auto& contract : history)
        schemas.push_back(core::parseStoredJson(contract.schemaJson));

    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset->id);
        w.Key("asset_fqn");
        core::writeString(w, asset->fqn);
        w.Key("contracts");
        w.StartArray();
        for (size_t i = 0; i < history.size(); ++i) {
            const store::ContractRecord& contract = history[i];
            w.StartObject();
            w.Key("id");
            core::writeString(w, contract.id);
            w.Key("version");
            core::writeString(w, contract.version);
            w.Key("status");
            core::writeString(w, contract.status);
            w.Key("published_at");
            core::writeString(w, core::formatTimestamp(contract.publishedAt));
            w.Key("published_by");
            core::writeString(w, contract.publishedBy);
            w.Key("compatibility_mode");
            core::writeString(w, contract.compatibilityMode);
            // Each entry against the next older one, breaking under the older one's mode.
            std::string_view changeType = "initial";
            size_t breakingCount = 0;
            if (i + 1 < history.size()) {
                const core::SchemaDiff diff = core::diffSchemas(schemas[i + 1], schemas[i]);
                changeType = core::changeTypeName(diff.changeType);
                breakingCount = core::breakingChanges(
                                    diff.changes,
                                    core::storedCompatibilityMode(history[i + 1].compatibilityMode))
                                    .size();
            }
            w.Key("change_type");
            core::writeString(w, changeType);
            w.Key("breaking_changes_count");
            w.Uint64(breakingCount);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    });
}

HttpResponse diffAssetContracts(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const auto fromVersion = validate.queryString("from_version", true);
    const auto toVersion = validate.queryString("to_version", true);
    validate.finish();

    store::AssetRepository assets(context.db);
    const auto asset = assets.findIncludingDeleted(assetId);
    if (!asset) throw core::assetNotFound();
    store::ContractRepository contracts(context.db);
    const auto from = contracts.findByVersion(assetId, *fromVersion);
    if (!from) throw versionNotFound(*fromVersion);
    const auto to = contracts.findByVersion(assetId, *toVersion);
    if (!to) throw versionNotFound(*toVersion);

    // Not cached (02 §10.2 offers tessera:schemas:…): diffing two schemas here takes
    // microseconds, less than the Redis round trip that would replace it.
    const core::SchemaDiff diff = diffContracts(*from, *to);
    const auto guarantees = services::evaluateGuarantees(asset->guaranteeMode, from->guaranteesJson,
                                                         to->guaranteesJson);
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, asset->id);
        w.Key("asset_fqn");
        core::writeString(w, asset->fqn);
        w.Key("from_version");
        core::writeString(w, from->version);
        w.Key("to_version");
        core::writeString(w, to->version);
        writeComparison(w, diff, core::storedCompatibilityMode(from->compatibilityMode),
                        guarantees);
        w.EndObject();
    });
}

HttpResponse listContracts(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    store::ContractFilter filter;
    filter.assetId = validate.queryUuid("asset_id");
    filter.status = validate.queryEnum("status", core::kContractStatuses);
    if (auto version = validate.queryText("version")) {
        filter.versionPattern = store::containsPattern(*version);
    }
    validate.finish();

    // `total` counts with every filter (the original dropped some: spec 02 §11 B7).
    store::ContractRepository contracts(context.db);
    const auto result = contracts.list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::ContractListRow& row) {
                            w.StartObject();
                            writeContractFields(w, row.contract, kContractDumpSchemaKey);
                            w.Key("asset_fqn");
                            core::writeNullableString(w, row.assetFqn);
                            w.EndObject();
                        });
}

HttpResponse compareContracts(RequestContext& context) {
    if (isSchemaComparison(context.body)) return compareSchemas(context);
    RequestValidator validate(context);
    std::string firstId;
    std::string secondId;
    std::optional<std::string> mode;
    if (const rapidjson::Value* body = validate.modelBody()) {
        firstId = validate.uuidField(*body, "contract_id_1", {}, Presence::Required).value_or("");
        secondId = validate.uuidField(*body, "contract_id_2", {}, Presence::Required).value_or("");
        mode = validate.enumField(*body, "compatibility_mode", {}, Presence::Nullable,
                                  core::compatibilityModeNames());
    }
    validate.finish();

    store::ContractRepository contracts(context.db);
    const auto first = contracts.find(firstId);
    if (!first) throw contractNotFound(firstId);
    const auto second = contracts.find(secondId);
    if (!second) throw contractNotFound(secondId);

    const core::SchemaDiff diff = diffContracts(*first, *second);
    const auto guarantees = compareGuarantees(context, *first, *second);
    const auto writeSummary = [](JsonWriter& w, const store::ContractRecord& contract) {
        w.StartObject();
        w.Key("id");
        core::writeString(w, contract.id);
        w.Key("version");
        core::writeString(w, contract.version);
        w.Key("published_at");
        core::writeString(w, core::formatTimestamp(contract.publishedAt));
        w.Key("asset_id");
        core::writeString(w, contract.assetId);
        w.EndObject();
    };
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("contract_1");
        writeSummary(w, *first);
        w.Key("contract_2");
        writeSummary(w, *second);
        writeComparison(w, diff,
                        core::storedCompatibilityMode(mode.value_or(first->compatibilityMode)),
                        guarantees);
        w.EndObject();
    });
}

HttpResponse getContract(RequestContext& context) {
    RequestValidator validate(context);
    const std::string contractId = validate.pathUuid("contract_id");
    validate.finish();

    return cachedRead(context, contractKey(contractId), context.config().cacheTtlContract, [&] {
        store::ContractRepository contracts(context.db);
        const auto contract = contracts.find(contractId);
        if (!contract) throw contractNotFound(contractId);
        return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
            w.StartObject();
            writeContractFields(w, *contract, kContractEntitySchemaKey);
            w.EndObject();
        });
    });
}

HttpResponse listContractRegistrations(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    const std::string contractId = validate.pathUuid("contract_id");
    validate.finish();

    store::ContractRepository contracts(context.db);
    if (!contracts.find(contractId)) throw contractNotFound(contractId);
    store::RegistrationRepository registrations(context.db);
    const auto result = registrations.listForContract(contractId, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::ContractRegistrationRow& row) {
                            w.StartObject();
                            writeRegistrationFields(w, row.registration);
                            w.Key("consumer_team_name");
                            core::writeNullableString(w, row.consumerTeamName);
                            w.EndObject();
                        });
}

}  // namespace tessera::server
