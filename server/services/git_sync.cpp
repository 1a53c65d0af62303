#include "server/services/git_sync.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/asset_rules.hpp"
#include "core/errors.hpp"
#include "core/git_sync_files.hpp"
#include "core/json.hpp"
#include "core/semver.hpp"
#include "core/team_rules.hpp"
#include "server/http/request_context.hpp"
#include "server/services/write_effects.hpp"
#include "store/git_sync_repository.hpp"

namespace tessera::server::services {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void directoryError(const std::string& action, const fs::path& path,
                                 const std::string& reason) {
    throw core::badRequest(core::code::kBadRequest,
                           "Cannot " + action + " " + path.string() + ": " + reason);
}

// ---- Push ----

void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) directoryError("write", path, "the file could not be written");
}

// ---- Pull: reading the files ----

// `<folder>/*.yaml` under `root`, by name; a missing folder holds none.
std::vector<std::string> yamlFiles(const fs::path& root, const char* folder) {
    std::vector<std::string> names;
    std::error_code error;
    const fs::path dir = root / folder;
    if (!fs::is_directory(dir, error)) return names;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        const fs::path& path = it->path();
        if (path.extension() == ".yaml" && fs::is_regular_file(path, error)) {
            names.push_back(std::string(folder) + "/" + path.filename().string());
        }
    }
    if (error) directoryError("read", dir, error.message());
    std::sort(names.begin(), names.end());
    return names;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) directoryError("read", path, "the file could not be read");
    return text.str();
}

// The 4xx for a bad file: 400 for YAML syntax, 422 for everything else.
[[noreturn]] void fileError(const std::string& file, const std::string& path,
                            const std::string& message, int line = 0, bool syntax = false) {
    rapidjson::StringBuffer buffer;
    core::JsonWriter w(buffer);
    w.StartObject();
    w.Key("file");
    core::writeString(w, file);
    w.Key("path");
    core::writeString(w, path);
    if (line > 0) {
        w.Key("line");
        w.Int(line);
    }
    w.EndObject();
    throw core::ApiError(
        syntax ? core::status::kBadRequest : core::status::kUnprocessableEntity,
        syntax ? core::code::kBadRequest : core::code::kValidationError,
        "Invalid sync file " + file + (path.empty() ? "" : " at " + path) + ": " + message,
        std::string(buffer.GetString(), buffer.GetSize()));
}

template <typename Record, typename Read>
std::vector<std::pair<std::string, Record>> readAll(const fs::path& root, const char* folder,
                                                    Read read) {
    std::vector<std::pair<std::string, Record>> records;
    for (const std::string& file : yamlFiles(root, folder)) {
        try {
            records.emplace_back(file, read(readText(root / file)));
        } catch (const core::SyncFileError& error) {
            fileError(file, error.path(), error.what(), error.line(), error.isSyntaxError());
        }
    }
    return records;
}

std::string contractPath(size_t index) {
    return "contracts[" + std::to_string(index) + "]";
}
std::string registrationPath(size_t contract, size_t index) {
    return contractPath(contract) + ".registrations[" + std::to_string(index) + "]";
}

using TeamFiles = std::vector<std::pair<std::string, core::SyncTeam>>;
using AssetFiles = std::vector<std::pair<std::string, core::SyncAsset>>;

// Ids, names and FQNs each appear once across the files.
void checkUniqueAcrossFiles(const TeamFiles& teams, const AssetFiles& assets) {
    std::map<std::string, std::string> seen;  // "<kind> <key>" → the file that has it
    const auto claim = [&](const std::string& key, const std::string& file, const std::string& path,
                           const std::string& what) {
        const auto [at, inserted] = seen.emplace(key, file);
        if (!inserted) fileError(file, path, what + " is also in " + at->second);
    };
    for (const auto& [file, team] : teams) {
        claim("team " + team.id, file, "id", "team id " + team.id);
        claim("name " + team.name, file, "name", "team name '" + team.name + "'");
    }
    for (const auto& [file, asset] : assets) {
        claim("asset " + asset.id, file, "id", "asset id " + asset.id);
        std::set<std::string> versions;
        for (size_t c = 0; c < asset.contracts.size(); ++c) {
            const auto& contract = asset.contracts[c];
            claim("contract " + contract.id, file, contractPath(c) + ".id",
                  "contract id " + contract.id);
            if (!versions.insert(contract.version).second) {
                fileError(file, contractPath(c) + ".version",
                          "version " + contract.version + " appears twice in this asset");
            }
            for (size_t r = 0; r < contract.registrations.size(); ++r) {
                const std::string& id = contract.registrations[r].id;
                claim("registration " + id, file, registrationPath(c, r) + ".id",
                      "registration id " + id);
            }
        }
    }
}

// What the files reference or would take, checked against the stored rows: new teams and
// assets follow the create rules for names and FQNs, owner and consumer teams exist, names,
// FQNs (per environment) and versions are free, and a contract or registration id already
// stored stays under its parent.
void checkAgainstStored(const TeamFiles& teams, const AssetFiles& assets,
                        const store::StoredSyncRows& stored,
                        const std::string& defaultEnvironment) {
    std::set<std::string> pulledTeams, pulledAssets, pulledContracts;
    for (const auto& [file, team] : teams) pulledTeams.insert(team.id);
    for (const auto& [file, asset] : assets) {
        pulledAssets.insert(asset.id);
        for (const auto& contract : asset.contracts) pulledContracts.insert(contract.id);
    }
    for (const auto& [file, team] : teams) {
        if (!stored.teamNameById.count(team.id)) {
            if (auto broken = core::teamNameRuleViolation(team.name)) {
                fileError(file, "name", *broken);
            }
        }
        const auto holder = stored.teamIdByName.find(team.name);
        if (holder != stored.teamIdByName.end() && holder->second != team.id &&
            !pulledTeams.count(holder->second)) {
            fileError(file, "name",
                      "team name '" + team.name + "' is taken by team " + holder->second);
        }
    }
    const auto teamExists = [&](const std::string& id) {
        return pulledTeams.count(id) > 0 || stored.teamNameById.count(id) > 0;
    };
    std::map<std::pair<std::string, std::string>, std::string> storedAssetByKey;
    for (const auto& asset : stored.assetsWithFqns) {
        storedAssetByKey.emplace(std::pair{asset.fqn, asset.environment}, asset.id);
    }
    std::map<std::pair<std::string, std::string>, std::string> storedContractByVersion;
    for (const auto& contract : stored.contractsOfAssets) {
        storedContractByVersion.emplace(std::pair{contract.assetId, contract.version}, contract.id);
    }
    std::map<std::pair<std::string, std::string>, std::string> pulledKeys;
    for (const auto& [file, asset] : assets) {
        if (!teamExists(asset.ownerTeamId)) {
            fileError(file, "owner_team_id", "team " + asset.ownerTeamId + " does not exist");
        }
        const auto storedAsset = stored.assetById.find(asset.id);
        const bool isNew = storedAsset == stored.assetById.end();
        if (isNew && !core::isValidFqn(asset.fqn)) {
            fileError(file, "fqn", std::string(core::kFqnPatternMessage));
        }
        const std::string environment =
            isNew ? defaultEnvironment : storedAsset->second.environment;
        const std::pair key{asset.fqn, environment};
        const auto holder = storedAssetByKey.find(key);
        if (holder != storedAssetByKey.end() && holder->second != asset.id &&
            !pulledAssets.count(holder->second)) {
            fileError(file, "fqn",
                      "asset " + holder->second + " already has fqn '" + asset.fqn +
                          "' in environment '" + environment + "'");
        }
        if (const auto [at, inserted] = pulledKeys.emplace(key, file); !inserted) {
            fileError(file, "fqn",
                      "fqn '" + asset.fqn + "' in environment '" + environment + "' is also in " +
                          at->second);
        }
        for (size_t c = 0; c < asset.contracts.size(); ++c) {
            const auto& contract = asset.contracts[c];
            const auto storedContract = stored.contractById.find(contract.id);
            if (storedContract != stored.contractById.end() &&
                storedContract->second.assetId != asset.id) {
                fileError(file, contractPath(c) + ".id",
                          "contract " + contract.id + " belongs to asset " +
                              storedContract->second.assetId);
            }
            const auto sameVersion = storedContractByVersion.find({asset.id, contract.version});
            if (sameVersion != storedContractByVersion.end() &&
                sameVersion->second != contract.id && !pulledContracts.count(sameVersion->second)) {
                fileError(file, contractPath(c) + ".version",
                          core::versionExistsMessage(contract.version) + " (contract " +
                              sameVersion->second + ")");
            }
            for (size_t r = 0; r < contract.registrations.size(); ++r) {
                const auto& registration = contract.registrations[r];
                if (!teamExists(registration.consumerTeamId)) {
                    fileError(file, registrationPath(c, r) + ".consumer_team_id",
                              "team " + registration.consumerTeamId + " does not exist");
                }
                const auto storedParent = stored.registrationContractById.find(registration.id);
                if (storedParent != stored.registrationContractById.end() &&
                    storedParent->second != contract.id) {
                    fileError(file, registrationPath(c, r) + ".id",
                              "registration " + registration.id + " belongs to contract " +
                                  storedParent->second);
                }
            }
        }
    }
}

template <typename Files>
std::vector<typename Files::value_type::second_type> recordsOf(const Files& files) {
    std::vector<typename Files::value_type::second_type> records;
    records.reserve(files.size());
    for (const auto& [file, record] : files) records.push_back(record);
    return records;
}

// The index and the cache learn of exactly the rows the upserts changed (one generation bump
// for the whole pull, recorded by the pipeline before commit).
void recordEffects(RequestContext& context, const store::SyncWriteResult& written,
                   const AssetFiles& assets) {
    std::map<std::string, std::string> assetOfContract, assetOfRegistration;
    for (const auto& [file, asset] : assets) {
        for (const auto& contract : asset.contracts) {
            assetOfContract.emplace(contract.id, asset.id);
            for (const auto& registration : contract.registrations) {
                assetOfRegistration.emplace(registration.id, asset.id);
            }
        }
    }
    for (const auto& id : written.teamIds) teamChanged(context, id);
    if (!written.teamIds.empty()) namesChanged(context);
    std::set<std::string> changedAssets(written.assetIds.begin(), written.assetIds.end());
    for (const auto& id : written.contractIds) {
        contractChanged(context, id);
        changedAssets.insert(assetOfContract.at(id));
    }
    for (const auto& id : changedAssets) assetChanged(context, id);
    for (const auto& id : written.registrationIds) {
        registrationChanged(context, id, assetOfRegistration.at(id));
    }
}

}  // namespace

SyncCounts pushToDirectory(RequestContext& context, const fs::path& root) {
    std::error_code error;
    for (const char* folder : {"teams", "assets"}) {
        fs::create_directories(root / folder, error);
        if (error) directoryError("write to", root / folder, error.message());
    }
    const store::SyncExport exported = store::GitSyncRepository(context.db).exportAll();
    SyncCounts counts;
    for (const auto& team : exported.teams) {
        writeFile(root / core::teamFilePath(team.name), core::teamFileText(team));
        ++counts.teams;
    }
    for (const auto& asset : exported.assets) {
        writeFile(root / core::assetFilePath(asset.fqn), core::assetFileText(asset));
        ++counts.assets;
        counts.contracts += asset.contracts.size();
    }
    return counts;
}

SyncCounts pullFromDirectory(RequestContext& context, const fs::path& root) {
    const Config& config = context.config();
    core::SyncFileLimits limits;
    limits.maxTeamNameLength = static_cast<size_t>(config.maxTeamNameLength);
    limits.maxFqnLength = static_cast<size_t>(config.maxFqnLength);
    limits.schema = {static_cast<size_t>(config.maxSchemaSizeBytes),
                     static_cast<size_t>(config.maxSchemaProperties)};
    limits.maxDepth = config.maxJsonDepth;

    const auto teams = readAll<core::SyncTeam>(
        root, "teams", [&](const std::string& text) { return core::readTeamFile(text, limits); });
    const auto assets = readAll<core::SyncAsset>(
        root, "assets", [&](const std::string& text) { return core::readAssetFile(text, limits); });
    checkUniqueAcrossFiles(teams, assets);

    std::vector<std::string> teamIds, teamNames, assetIds, fqns, contractIds, registrationIds;
    for (const auto& [file, team] : teams) {
        teamIds.push_back(team.id);
        teamNames.push_back(team.name);
    }
    SyncCounts counts{teams.size(), assets.size(), 0};
    for (const auto& [file, asset] : assets) {
        assetIds.push_back(asset.id);
        fqns.push_back(asset.fqn);
        teamIds.push_back(asset.ownerTeamId);
        counts.contracts += asset.contracts.size();
        for (const auto& contract : asset.contracts) {
            contractIds.push_back(contract.id);
            for (const auto& registration : contract.registrations) {
                registrationIds.push_back(registration.id);
                teamIds.push_back(registration.consumerTeamId);
            }
        }
    }
    store::GitSyncRepository repository(context.db);
    checkAgainstStored(
        teams, assets,
        repository.storedRows(teamIds, teamNames, assetIds, fqns, contractIds, registrationIds),
        config.defaultEnvironment);

    const store::SyncWriteResult written =
        repository.upsert(recordsOf(teams), recordsOf(assets), config.defaultEnvironment);
    recordEffects(context, written, assets);
    return counts;
}

}  // namespace tessera::server::services
