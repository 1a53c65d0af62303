#include "server/handlers/registrations.hpp"

#include "core/api_enums.hpp"
#include "server/services/write_effects.hpp"

#include "core/errors.hpp"
#include "core/semver.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/permissions.hpp"
#include "store/contract_repository.hpp"
#include "store/registration_repository.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

constexpr size_t kMaxPinnedVersionLength = 50;

HttpResponse registrationResponse(int status, const store::RegistrationRecord& registration) {
    return jsonResponseWith(status, [&](JsonWriter& w) {
        w.StartObject();
        writeRegistrationFields(w, registration);
        w.EndObject();
    });
}

std::string registrationEventPayload(const store::RegistrationRecord& registration) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("contract_id");
        core::writeString(w, registration.contractId);
        w.Key("consumer_team_id");
        core::writeString(w, registration.consumerTeamId);
        w.Key("status");
        core::writeString(w, registration.status);
        w.EndObject();
    });
}

core::ApiError registrationNotFound() {
    return core::notFound(core::code::kRegistrationNotFound, "Registration not found");
}

// `pinned_version` must be X.Y.Z on create and, unlike the original (which saved anything and
// then failed with 500 rendering it, spec 02 §11 R2), on update too.
std::optional<std::string> parsePinnedVersion(RequestValidator& validate,
                                              const rapidjson::Value& body) {
    auto pin = validate.stringField(body, "pinned_version", {},
                                    {Presence::Nullable, 0, kMaxPinnedVersionLength});
    if (pin && !core::isValidPinnedVersion(*pin)) {
        validate.patternMismatch(RequestValidator::bodyLoc({}, "pinned_version"),
                                 core::kPinnedVersionPattern, core::jsonQuote(*pin));
        return std::nullopt;
    }
    return pin;
}

store::RegistrationRecord findOrThrow(store::RegistrationRepository& registrations,
                                      const std::string& id) {
    auto registration = registrations.find(id);
    if (!registration) throw registrationNotFound();
    return *registration;
}

// Registrations change the lineage of their contract's asset (its consumer teams).
std::string assetOfContract(RequestContext& context, const std::string& contractId) {
    const auto contract = store::ContractRepository(context.db).find(contractId);
    return contract ? contract->assetId : std::string();
}

}  // namespace

HttpResponse createRegistration(RequestContext& context) {
    RequestValidator validate(context);
    const auto contractId = validate.queryUuid("contract_id", true);
    std::string consumerTeamId;
    std::optional<std::string> pinnedVersion;
    if (const rapidjson::Value* body = validate.modelBody()) {
        consumerTeamId =
            validate.uuidField(*body, "consumer_team_id", {}, Presence::Required).value_or("");
        pinnedVersion = parsePinnedVersion(validate, *body);
    }
    validate.finish();

    services::requireActingTeam(context.auth, consumerTeamId, core::code::kInsufficientPermissions,
                                "You can only register for contracts on behalf of your own team");
    store::ContractRepository contracts(context.db);
    const auto contract = contracts.find(*contractId);
    if (!contract) throw core::notFound(core::code::kContractNotFound, "Contract not found");
    // Not checked by the original, which then failed on the foreign key (spec 02 §8.1).
    store::TeamRepository teams(context.db);
    if (!teams.findIncludingDeleted(consumerTeamId)) {
        throw core::notFound(core::code::kTeamNotFound, "Consumer team not found");
    }
    // Deprecated contracts accept registrations; duplicates are allowed (spec 02 §11 R1).
    store::RegistrationRepository registrations(context.db);
    const auto created = registrations.insert(*contractId, consumerTeamId, pinnedVersion);
    services::recordEvent(context, "registration", created.id, "registration.created",
                          registrationEventPayload(created));
    services::registrationChanged(context, created.id, contract->assetId);
    return registrationResponse(core::status::kCreated, created);
}

HttpResponse listRegistrations(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination();
    store::RegistrationFilter filter;
    filter.consumerTeamId = validate.queryUuid("consumer_team_id");
    filter.contractId = validate.queryUuid("contract_id");
    filter.status = validate.queryEnum("status", core::kRegistrationStatuses);
    validate.finish();

    store::RegistrationRepository registrations(context.db);
    const auto result = registrations.list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::RegistrationRecord& row) {
                            w.StartObject();
                            writeRegistrationFields(w, row);
                            w.EndObject();
                        });
}

HttpResponse getRegistration(RequestContext& context) {
    RequestValidator validate(context);
    const std::string registrationId = validate.pathUuid("registration_id");
    validate.finish();

    store::RegistrationRepository registrations(context.db);
    return registrationResponse(core::status::kOk, findOrThrow(registrations, registrationId));
}

HttpResponse updateRegistration(RequestContext& context) {
    RequestValidator validate(context);
    const std::string registrationId = validate.pathUuid("registration_id");
    std::optional<std::string> pinnedVersion;
    std::optional<std::string> status;
    if (const rapidjson::Value* body = validate.modelBody()) {
        pinnedVersion = parsePinnedVersion(validate, *body);
        status = validate.enumField(*body, "status", {}, Presence::Nullable,
                                    core::kRegistrationStatuses);
    }
    validate.finish();

    store::RegistrationRepository registrations(context.db);
    const auto registration = findOrThrow(registrations, registrationId);
    services::requireActingTeam(context.auth, registration.consumerTeamId,
                                core::code::kInsufficientPermissions,
                                "You can only update registrations belonging to your team");
    // Deleted since findOrThrow (no lock is held in between): as if it had never been found.
    const auto changed = registrations.update(registrationId, pinnedVersion, status);
    if (!changed) throw registrationNotFound();
    const store::RegistrationRecord& updated = *changed;
    services::recordEvent(context, "registration", registrationId, "registration.updated",
                          registrationEventPayload(updated));
    services::registrationChanged(context, registrationId,
                                  assetOfContract(context, updated.contractId));
    return registrationResponse(core::status::kOk, updated);
}

HttpResponse deleteRegistration(RequestContext& context) {
    RequestValidator validate(context);
    const std::string registrationId = validate.pathUuid("registration_id");
    validate.finish();

    store::RegistrationRepository registrations(context.db);
    const auto registration = findOrThrow(registrations, registrationId);
    services::requireActingTeam(context.auth, registration.consumerTeamId,
                                core::code::kInsufficientPermissions,
                                "You can only delete registrations belonging to your team");
    registrations.remove(registrationId);
    services::recordEvent(context, "registration", registrationId, "registration.deleted",
                          registrationEventPayload(registration));
    services::registrationChanged(context, registrationId,
                                  assetOfContract(context, registration.contractId));
    return emptyResponse(core::status::kNoContent);
}

}  // namespace tessera::server
