#include "store/graph_changes.hpp"

namespace tessera::store {
namespace {

const Statement kBumpGeneration{
    "graph_bump_generation",
    "UPDATE core.graph_state SET generation = generation + 1 WHERE id = 1 RETURNING generation"};
const Statement kNotify{"graph_notify", "SELECT pg_notify($1, $2)"};

}  // namespace

const char* graphChangeKindName(GraphChangeKind kind) {
    switch (kind) {
        case GraphChangeKind::Asset:
            return "asset";
        case GraphChangeKind::Dependency:
            return "dependency";
        case GraphChangeKind::Contract:
            return "contract";
        case GraphChangeKind::Registration:
            return "registration";
    }
    return "asset";
}

int64_t markGraphChanged(DbSession& db, const GraphChange& change) {
    const int64_t generation = db.exec(kBumpGeneration)[0][0].as<int64_t>();
    // Payload: "<generation> <kind> <id> <id> …" — small, and parsed without a JSON library.
    std::string payload = std::to_string(generation) + " " + graphChangeKindName(change.kind);
    for (const auto& id : change.ids) payload += " " + id;
    // NOTIFY payloads are limited to 8000 bytes; a listener that sees no ids reloads fully.
    if (payload.size() > 7900) {
        payload = std::to_string(generation) + " " + graphChangeKindName(change.kind);
    }
    db.exec(kNotify, std::string(kGraphChannel), payload);
    return generation;
}

}  // namespace tessera::store
