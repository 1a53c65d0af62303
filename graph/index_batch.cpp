#include "graph/dependency_index.hpp"

namespace tessera::graph {

IndexBatch& IndexBatch::upsertAsset(AssetRow asset) {
    operations_.emplace_back(std::move(asset));
    return *this;
}

IndexBatch& IndexBatch::putEdge(EdgeRow edge) {
    operations_.emplace_back(edge);
    return *this;
}

IndexBatch& IndexBatch::removeEdge(const Uuid& dependentId, const Uuid& dependencyId) {
    operations_.emplace_back(EdgeRemoval{dependentId, dependencyId});
    return *this;
}

IndexBatch& IndexBatch::putRegistration(RegistrationRow registration) {
    operations_.emplace_back(std::move(registration));
    return *this;
}

IndexBatch& IndexBatch::removeRegistration(const Uuid& registrationId) {
    operations_.emplace_back(RegistrationRemoval{registrationId});
    return *this;
}

}  // namespace tessera::graph
