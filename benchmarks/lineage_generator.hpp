// A synthetic warehouse lineage, generated in memory and deterministic for a seed: assets in
// layers (raw → staging → … → marts), each asset above the first layer depending on a few
// assets of lower layers, mostly nearby ones (a domain's tables feed the same domain's models)
// with some cross-domain reads; a share of the assets carry an active contract with consumer
// registrations, some with registrations left on a deprecated contract.
//
// Used by benchmarks/graph_index_bench.cpp (in memory) and benchmarks/lineage_pg_bench.cpp (which
// writes the same rows into the Postgres tables the store/ loader reads).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "graph/dependency_index.hpp"

namespace tessera::bench {

struct LineageParameters {
    size_t assets = 100'000;
    size_t layers = 12;
    double fanIn = 3.0;            // mean dependencies of an asset above the first layer
    double previousLayer = 0.7;    // share of dependencies on the layer directly below
    size_t neighbourhood = 400;    // dependencies are picked among this many nearby assets …
    double crossDomain = 0.05;     // … except this share, picked anywhere in the layer
    size_t assetsPerDomain = 250;  // consecutive assets of a layer form a domain (one team)
    size_t teams = 300;
    double contracted = 0.3;                // share of assets with an active contract
    double registrationsPerContract = 2.0;  // mean registrations on an active contract
    double staleRegistrations = 0.3;  // mean registrations on a deprecated contract, per contract
    // Share of soft-deleted assets. Drawn from a stream of its own, so the rest of the lineage
    // is the same whatever the share.
    double deleted = 0.0;
    uint64_t seed = 42;
};

// A contract row: the asset's active one, or a deprecated one that still carries registrations.
struct LineageContract {
    graph::Uuid id;
    uint32_t asset = 0;  // index into LineageData::assets
    bool active = false;
};

struct LineageData {
    std::vector<graph::AssetRow> assets;
    std::vector<graph::EdgeRow> edges;
    std::vector<graph::RegistrationRow> registrations;
    std::vector<uint32_t> layerOf;  // per asset
    std::vector<graph::Uuid> teams;
    std::vector<LineageContract> contracts;
};

inline LineageData generateLineage(const LineageParameters& p) {
    std::mt19937_64 random(p.seed);
    auto uuid = [&random] {
        graph::Uuid id{random(), random()};
        id.high = (id.high & ~0xF000ULL) | 0x4000ULL;            // version 4
        id.low = (id.low & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
        return id;
    };
    auto chance = [&random](double probability) {
        return std::uniform_real_distribution<double>(0, 1)(random) < probability;
    };
    // A count ≥ minimum with the given mean: uniform on minimum .. 2·mean − minimum.
    auto countAround = [&random](double mean, size_t minimum) -> size_t {
        const double spread = std::max(0.0, 2 * (mean - double(minimum)));
        const auto high = static_cast<size_t>(spread + 0.5);
        return minimum + std::uniform_int_distribution<size_t>(0, high)(random);
    };

    LineageData data;
    const size_t layers = std::max<size_t>(1, p.layers);
    const size_t perLayer = std::max<size_t>(1, p.assets / layers);
    data.assets.reserve(p.assets);
    data.layerOf.reserve(p.assets);
    std::vector<graph::Uuid>& teams = data.teams;
    teams.resize(p.teams);
    for (graph::Uuid& team : teams) team = uuid();

    char name[96];
    for (size_t i = 0; i < p.assets; ++i) {
        const size_t layer = std::min(i / perLayer, layers - 1);
        const size_t position = i - layer * perLayer;
        const size_t domain = position / p.assetsPerDomain;
        std::snprintf(name, sizeof name, "warehouse.layer_%02zu_domain_%04zu.model_%07zu", layer,
                      domain, i);
        graph::AssetRow asset;
        asset.id = uuid();
        asset.fqn = name;
        asset.ownerTeamId = teams[(domain * 7 + layer) % teams.size()];
        data.assets.push_back(std::move(asset));
        data.layerOf.push_back(static_cast<uint32_t>(layer));
    }

    // Dependencies, towards lower layers only (a few cycles would not change the cost).
    data.edges.reserve(static_cast<size_t>(double(p.assets) * p.fanIn));
    std::vector<size_t> picked;
    for (size_t i = perLayer; i < p.assets; ++i) {
        const size_t layer = data.layerOf[i];
        const double relative = double(i - layer * perLayer) / double(perLayer);
        const size_t wanted = countAround(p.fanIn, 1);
        picked.clear();
        for (size_t attempt = 0; picked.size() < wanted && attempt < 4 * wanted; ++attempt) {
            const size_t from = chance(p.previousLayer) || layer == 1
                                    ? layer - 1
                                    : std::uniform_int_distribution<size_t>(0, layer - 2)(random);
            const size_t first = from * perLayer;
            const size_t size = from == layers - 1 ? p.assets - first : perLayer;
            size_t offset;
            if (chance(p.crossDomain)) {
                offset = std::uniform_int_distribution<size_t>(0, size - 1)(random);
            } else {
                const auto centre = static_cast<long>(relative * double(size));
                const long half = static_cast<long>(p.neighbourhood / 2);
                const long low = std::max(0L, centre - half);
                const long high = std::min(static_cast<long>(size) - 1, centre + half);
                offset =
                    static_cast<size_t>(std::uniform_int_distribution<long>(low, high)(random));
            }
            const size_t dependency = first + offset;
            if (std::find(picked.begin(), picked.end(), dependency) != picked.end()) continue;
            picked.push_back(dependency);
            const double kind = std::uniform_real_distribution<double>(0, 1)(random);
            const auto type = kind < 0.6   ? graph::DependencyType::kConsumes
                              : kind < 0.9 ? graph::DependencyType::kTransforms
                                           : graph::DependencyType::kReferences;
            data.edges.push_back({data.assets[i].id, data.assets[dependency].id, type});
        }
    }

    for (uint32_t a = 0; a < data.assets.size(); ++a) {
        graph::AssetRow& asset = data.assets[a];
        if (!chance(p.contracted)) continue;
        asset.activeContractId = uuid();
        data.contracts.push_back({*asset.activeContractId, a, true});
        auto addRegistrations = [&](const graph::Uuid& contract, size_t count) {
            for (size_t r = 0; r < count; ++r) {
                graph::RegistrationRow registration;
                registration.id = uuid();
                registration.contractId = contract;
                registration.consumerTeamId = teams[random() % teams.size()];
                const double status = std::uniform_real_distribution<double>(0, 1)(random);
                registration.status = status < 0.8   ? graph::RegistrationStatus::kActive
                                      : status < 0.9 ? graph::RegistrationStatus::kMigrating
                                                     : graph::RegistrationStatus::kInactive;
                if (chance(0.3)) registration.pinnedVersion = "1." + std::to_string(r) + ".0";
                data.registrations.push_back(std::move(registration));
            }
        };
        addRegistrations(*asset.activeContractId, countAround(p.registrationsPerContract, 0));
        if (chance(p.staleRegistrations)) {
            data.contracts.push_back({uuid(), a, false});
            addRegistrations(data.contracts.back().id, 1);
        }
    }

    if (p.deleted > 0) {
        std::mt19937_64 deletions(p.seed ^ 0x64656c65746564ULL);  // "deleted"
        std::bernoulli_distribution deleted(std::min(p.deleted, 1.0));
        for (graph::AssetRow& asset : data.assets) asset.deleted = deleted(deletions);
    }
    return data;
}

}  // namespace tessera::bench
