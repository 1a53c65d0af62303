// The dependency graph index: assets, `dependent → dependency` edges and the registrations on
// each asset's active contract, held in memory so that lineage and blast-radius queries never
// touch Postgres (DESIGN.md "The graph index"; spec 02 §9.4–§9.5, 00-decisions "Impact").
//
// This is the one header a reader of graph/ needs. Everything else in the folder is an
// implementation detail.
//
// Life cycle
//   1. At start-up the store/ loader streams rows (assets first, then edges, then registrations,
//      ideally all read in one REPEATABLE READ transaction) into a DependencyIndexBuilder and
//      calls build(generation).
//   2. After every committed write that changes assets, dependencies, active contracts or
//      registrations, the writer describes the change as an IndexBatch and calls
//      apply(batch, generation). Readers see all of a batch or none of it.
//   3. If the generation counter shows a missed notification, the loader builds a fresh index
//      with a new builder and calls replace(); readers keep answering from the old one meanwhile.
//
// Structure
//   Edges live in a Boost.Graph compressed_sparse_row_graph<bidirectionalS> (out-edges =
//   dependencies, in-edges = dependents; 32-bit vertex and edge indices, one byte of edge type):
//   16 bytes per edge including the row starts, against 98–119 bytes per edge for
//   adjacency_list<vecS, vecS, bidirectionalS> with an edge property (its bidirectional form
//   keeps a std::list node per edge), and it is built by a counting sort. A CSR cannot change in
//   place, so writes go to an overlay: removed CSR edges are tombstoned in a bitset, added edges
//   sit in per-vertex vectors. When the overlay passes 4096 + 1/8 of the CSR, the writer folds
//   it into a fresh CSR without blocking readers (below). Vertex numbers never change. Asset
//   records are 20 bytes; FQNs live in an append-only arena that results point into (no copy
//   per result); UUID → vertex is an open-addressing table of 32-bit slots with hash tags.
//   Memory on the bench lineage (44-byte FQNs, 0.7 registrations per asset): 60.7 B/edge after a
//   build from Postgres at 1M assets, room for 1/64 more assets, contracts and registrations
//   included (so the first writes need no copy); a copy made when that room runs out keeps 1/32.
//   The edges themselves are 16 B of it.
//
// Concurrency (many reader threads, one writer at a time). Both schemes are implemented and
// compared by benchmarks/graph_index_bench.cpp; numbers at 1M assets / 2.75M edges:
//   kSharedLock (default): one store, edited in place under a writer-preferring reader/writer
//     lock (std::shared_mutex on glibc prefers readers, so a steady query stream could starve
//     the writer and leave the index stale). A query holds the shared side; a batch holds the
//     exclusive side only while its operations run: ~2 µs for a typical write (p99 < 10 µs).
//     Anything slower is prepared outside it: compaction, and growing a full array (id table,
//     asset records), build a new store while readers keep reading it and swap it in O(1).
//     Cost to readers: a query arriving while a writer waits may wait for the longest query in
//     flight (≈ 1 ms for the largest radii).
//   kSnapshot: an immutable store behind a shared_ptr swapped under a pointer-sized lock; each
//     batch copies the store (CSR and FQN text are shared, not copied), edits the copy and
//     publishes it. Readers never wait for a writer, but every write costs a copy of the
//     per-asset tables: ~1 ms at 100k assets, 20–45 ms at 1M (the writer managed 22 batches/s
//     at 1M), and the copying competes with readers for memory bandwidth: reader p99 went from
//     ~1 ms to ~5 ms under 200 writes/s, against ~1 ms unchanged for kSharedLock.
//   Choice: kSharedLock. Query latency without writes is the same in both (the lock is two
//   atomic operations per query); writes are 10^4 times cheaper, a burst of writes (a dbt sync)
//   does not copy the index once per batch, and memory is not doubled while old snapshots are
//   read. A persistent (chunked, path-copying) store would make snapshots cheap but adds an
//   indirection to every vertex access on the hot path.
//
// Ordering and determinism
//   FQN order is byte order (UTF-8 code point order), ties broken by id (byte order, which is
//   also the order of the canonical text form). Results never depend on insertion history.
//
// Errors
//   Invalid input (self-dependency, an edge to an unknown asset, a duplicate edge in a bulk
//   load, an FQN over 65535 bytes) throws std::invalid_argument; a rejected batch changes
//   nothing. Unknown roots in queries answer std::nullopt.
#pragma once

#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/column_mappings.hpp"
#include "core/uuid.hpp"

namespace tessera::graph {

class GraphStore;        // graph/graph_store.hpp (internal)
class ReaderWriterLock;  // graph/reader_writer_lock.hpp (internal)

// ---------------------------------------------------------------------------------------------
// Identifiers and vocabulary

// UUIDs are core's value type and hash (one definition for graph/, store/ and server/); the
// names stay here so that the index's vocabulary reads as one header.
using Uuid = core::Uuid;
using UuidHash = core::UuidHash;

enum class DependencyType : uint8_t { kConsumes, kReferences, kTransforms };
enum class RegistrationStatus : uint8_t { kActive, kMigrating, kInactive };
enum class Direction : uint8_t {
    kDownstream,  // towards the assets that depend on the root (blast radius)
    kUpstream,    // towards the assets the root depends on (lineage)
};

// The wire spellings: "consumes" | "references" | "transforms", "active" | "migrating" |
// "inactive".
std::string_view toString(DependencyType type);
std::string_view toString(RegistrationStatus status);
std::optional<DependencyType> parseDependencyType(std::string_view text);
std::optional<RegistrationStatus> parseRegistrationStatus(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Rows fed in (by the builder at start-up and by IndexBatch after each write)

inline constexpr size_t kMaxFqnBytes = 65535;

struct AssetRow {
    Uuid id;
    std::string fqn;
    Uuid ownerTeamId;
    bool deleted = false;                  // soft-deleted (deleted_at IS NOT NULL)
    std::optional<Uuid> activeContractId;  // the asset's current contract (02 §1), if any
};

// `dependent` depends on `dependency` (02 §9: dependent = downstream).
struct EdgeRow {
    Uuid dependentId;
    Uuid dependencyId;
    DependencyType type = DependencyType::kConsumes;
    // Which columns of the dependency each column of the dependent reads (issue 20); empty: no
    // mappings (the edge counts as "all columns"). putEdge replaces them.
    std::vector<core::ColumnMapping> columnMappings = {};
};

// A registration on any contract. Only registrations on an asset's *active* contract with status
// active are counted by impact(); the others cost ~44 bytes each and are otherwise ignored, so
// the loader may leave out registrations on deprecated contracts (they never become active
// again), but should send every change to registrations on active contracts.
//
// Registrations of one contract are kept in the order they are first fed (feed them ordered by
// registered_at, id); that order breaks ties between registrations of one team on one contract.
struct RegistrationRow {
    Uuid id;
    Uuid contractId;
    Uuid consumerTeamId;
    RegistrationStatus status = RegistrationStatus::kActive;
    std::optional<std::string> pinnedVersion;
};

// ---------------------------------------------------------------------------------------------
// Query results

// One asset reached by a traversal.
struct ReachedAsset {
    Uuid id;
    Uuid ownerTeamId;
    std::string_view fqn;  // into the index's text; valid while LineageResult::storage lives
    uint32_t depth = 0;    // shortest number of hops from the root (1 = direct neighbour)
    // The type of the edge by which breadth-first search first reached the asset, parents being
    // expanded in (depth, fqn, id) order.
    DependencyType dependencyType = DependencyType::kConsumes;
    // Soft-deleted. Traversal goes through soft-deleted assets, and their consumers count, as in
    // the reference (02 §9.5 step 3, §11 A7); the HTTP layer may filter on this flag.
    bool deleted = false;
};

struct LineageResult {
    Uuid rootId;
    Direction direction = Direction::kDownstream;
    uint32_t maxDepth = 0;
    uint64_t generation = 0;  // the generation of the index the result was computed from
    // Every asset within maxDepth hops, once, at its shortest depth, in (depth, fqn, id) order.
    // The root itself is never listed, even when a cycle leads back to it.
    std::vector<ReachedAsset> assets;
    // Keeps the bytes behind every ReachedAsset::fqn alive and unchanged (they are the index's
    // own append-only text, not a copy), in copies of the result too, whatever writes follow.
    std::shared_ptr<const void> storage;
};

// One consumer team of an impact result (00-decisions "Impact").
struct ImpactedConsumer {
    Uuid teamId;
    RegistrationStatus status = RegistrationStatus::kActive;  // always kActive (only those count)
    std::optional<std::string> pinnedVersion;
    // 1 for a registration on the root's active contract; N + 1 for one on the active contract
    // of an asset N hops away.
    uint32_t depth = 0;
    Uuid assetId;  // the asset whose active contract carries the registration
    Uuid contractId;
    Uuid registrationId;
};

struct DepthTotals {
    uint32_t depth = 0;
    uint32_t assets = 0;               // assets listed at this depth
    uint32_t deletedAssets = 0;        // of which soft-deleted
    uint32_t consumerTeams = 0;        // teams whose smallest consumer depth is this one
    uint32_t activeRegistrations = 0;  // counted registrations at this consumer depth (all teams)
};

struct TeamTotals {
    Uuid teamId;
    uint32_t ownedAssets = 0;          // listed assets the team owns
    uint32_t activeRegistrations = 0;  // counted registrations of the team (before de-duplication)
    std::optional<uint32_t> consumerDepth;  // the team's depth in `consumers`, if it is one
};

struct ImpactResult {
    LineageResult lineage;  // downstream, maxDepth hops
    // Every team with an active registration on the active contract of the root or of a listed
    // asset less than maxDepth hops away, once, at its smallest depth. Order: by depth, then the
    // order of the assets in `lineage` (root first), then the contract's registration order; a
    // team is represented by its first registration in that order.
    std::vector<ImpactedConsumer> consumers;
    // Depths 1 .. the deepest listed asset or consumer, including empty depths in between.
    std::vector<DepthTotals> depthTotals;
    // Every team owning a listed asset or consuming, ordered by team id.
    std::vector<TeamTotals> teamTotals;
};

// Dashboard totals of a radius without its listing (blast radius `?view=summary`): computed
// from the traversal's own scratch, so its size depends on depths and teams, not on assets.
struct DepthSummary {
    uint32_t depth = 0;
    uint32_t assets = 0;  // assets listed at this depth
    uint32_t teams = 0;   // distinct owner teams of those assets
};

struct TeamSummary {
    Uuid teamId;
    uint32_t assets = 0;  // listed assets the team owns
    // Downstream only: the team is one of ImpactResult::consumers (an active registration on the
    // active contract of the root or of a listed asset less than maxDepth hops away).
    bool registered = false;
};

struct RadiusSummary {
    uint64_t generation = 0;
    uint64_t totalAssets = 0;  // = LineageResult::assets.size()
    // Depths 1 .. the deepest listed asset (breadth-first search leaves no empty depth between).
    std::vector<DepthSummary> byDepth;
    // Every team owning a listed asset or (downstream) consuming, ordered by team id.
    std::vector<TeamSummary> teams;
};

// Column-level blast radius (issue 20 item 3): the assets downstream of the root that read the
// given columns of it, column by column through the edges' column mappings, transitively.
struct ColumnReachedAsset {
    Uuid id;
    Uuid ownerTeamId;
    std::string_view fqn;  // valid while ColumnRadius::storage lives
    uint32_t depth = 0;    // shortest hops by which any of its columns is reached
    bool deleted = false;
    // Every column of the asset: an edge without mappings reached it (counted as "all
    // columns"), or a mapping with no target column (a filter, join, sort) read a changed one.
    bool allColumns = false;
    std::vector<std::string> columns;  // the affected columns, sorted; empty when allColumns
};

struct ColumnRadius {
    uint32_t maxDepth = 0;
    uint64_t generation = 0;
    // In (depth, fqn, id) order; the root is never listed.
    std::vector<ColumnReachedAsset> assets;
    // Some edge followed had no column mappings and was taken as reading all columns.
    bool assumedAllColumns = false;
    std::shared_ptr<const void> storage;
};

struct AssetInfo {
    Uuid id;
    std::string fqn;
    Uuid ownerTeamId;
    bool deleted = false;
    std::optional<Uuid> activeContractId;
};

// Sizes, and memory counted from the capacities of every container the index owns.
struct IndexStats {
    uint64_t generation = 0;
    size_t assets = 0;
    size_t edges = 0;           // live edges
    size_t compactEdges = 0;    // edges in the CSR, tombstoned ones included
    size_t overlayEdges = 0;    // edges added since the last compaction
    size_t removedEdges = 0;    // CSR edges tombstoned since the last compaction
    size_t unrankedAssets = 0;  // assets whose FQN changed since the last compaction
    size_t contracts = 0;
    size_t registrations = 0;  // live registrations
    size_t teams = 0;
    size_t graphBytes = 0;          // CSR, tombstones, overlay
    size_t assetBytes = 0;          // per-asset records
    size_t fqnBytes = 0;            // FQN text (including text orphaned by renames)
    size_t idMapBytes = 0;          // asset and team UUIDs and their hash tables
    size_t registrationBytes = 0;   // contracts, registrations, pinned versions
    size_t columnMappings = 0;      // column mappings on edges
    size_t columnMappingBytes = 0;  // them, their per-edge lists and the interned names
    size_t totalBytes = 0;
    double bytesPerEdge() const { return edges == 0 ? 0.0 : double(totalBytes) / double(edges); }
};

// ---------------------------------------------------------------------------------------------
// Writes

// The index changes of one committed Postgres transaction, applied all-or-nothing. Operations
// are idempotent so that a replayed notification does no harm: putEdge on an existing pair
// sets its type, removals of absent edges or registrations do nothing.
class IndexBatch {
  public:
    struct EdgeRemoval {
        Uuid dependentId;
        Uuid dependencyId;
    };
    struct RegistrationRemoval {
        Uuid registrationId;
    };
    using Operation =
        std::variant<AssetRow, EdgeRow, EdgeRemoval, RegistrationRow, RegistrationRemoval>;

    // Insert or replace every field (FQN, owner, deleted flag, active contract).
    IndexBatch& upsertAsset(AssetRow asset);
    // Both assets must exist in the index or be upserted earlier in the batch.
    IndexBatch& putEdge(EdgeRow edge);
    IndexBatch& removeEdge(const Uuid& dependentId, const Uuid& dependencyId);
    IndexBatch& putRegistration(RegistrationRow registration);
    IndexBatch& removeRegistration(const Uuid& registrationId);

    const std::vector<Operation>& operations() const noexcept { return operations_; }
    bool empty() const noexcept { return operations_.empty(); }
    size_t size() const noexcept { return operations_.size(); }

  private:
    std::vector<Operation> operations_;
};

enum class ConcurrencyMode : uint8_t { kSharedLock, kSnapshot };

struct IndexOptions {
    ConcurrencyMode concurrency = ConcurrencyMode::kSharedLock;
    // Compact the overlay into a fresh CSR after a batch once it has grown (see the top).
    bool autoCompact = true;
};

class DependencyIndex;

// Bulk construction, separate from the reader. Feed assets first, then edges, then
// registrations. ~1M assets / ~3M edges build in about a second (bench).
class DependencyIndexBuilder {
  public:
    DependencyIndexBuilder();
    ~DependencyIndexBuilder();
    DependencyIndexBuilder(DependencyIndexBuilder&&) noexcept;
    DependencyIndexBuilder& operator=(DependencyIndexBuilder&&) noexcept;

    // Expected numbers of rows (exact or estimated): the arrays are sized once, with the
    // headroom the built index keeps for writes.
    void reserve(size_t assets, size_t edges, size_t contracts, size_t registrations);
    // Throws std::invalid_argument on a repeated id or an FQN over kMaxFqnBytes.
    void addAsset(const AssetRow& asset);
    // Sets (replaces) the active contract of an asset added before, for loaders that read
    // contracts apart from assets. Throws std::invalid_argument for an unknown asset.
    void setActiveContract(const Uuid& assetId, const Uuid& contractId);
    // Throws std::invalid_argument for a self-dependency or an asset not added before. A
    // repeated (dependent, dependency) pair is reported by build().
    void addEdge(const EdgeRow& edge);
    // addEdge for many edges: their ids are looked up together, overlapping cache misses (the
    // bulk load's largest cost). On a throw, none of `edges` has been added.
    void addEdges(const std::vector<EdgeRow>& edges);
    void addRegistration(const RegistrationRow& registration);

    // Consumes the builder. Throws std::invalid_argument on a repeated pair.
    std::unique_ptr<DependencyIndex> build(uint64_t generation, IndexOptions options = {}) &&;

  private:
    friend class DependencyIndex;
    std::unique_ptr<GraphStore> finish(uint64_t generation);

    std::unique_ptr<GraphStore> store_;
    std::vector<std::pair<uint32_t, uint32_t>> edges_;  // (dependent, dependency) vertices
    std::vector<DependencyType> edgeTypes_;
};

// The reader (and the single writer's entry points). All members are thread-safe.
class DependencyIndex {
  public:
    // An empty index at generation 0.
    explicit DependencyIndex(IndexOptions options = {});
    ~DependencyIndex();
    DependencyIndex(const DependencyIndex&) = delete;
    DependencyIndex& operator=(const DependencyIndex&) = delete;

    // The generation of the last applied batch or build; never decreases.
    uint64_t generation() const noexcept;

    std::optional<AssetInfo> asset(const Uuid& id) const;
    // The column mappings of the edge dependent → dependency; empty when it has none (or there
    // is no such edge).
    std::vector<core::ColumnMapping> columnMappings(const Uuid& dependentId,
                                                    const Uuid& dependencyId) const;

    // Breadth-first traversal with a visited set: every asset within maxDepth hops, once, at its
    // shortest depth (cycles are legal and terminate). nullopt if the root is unknown. maxDepth
    // is not capped here; the HTTP layer enforces 1..10.
    std::optional<LineageResult> downstream(const Uuid& root, uint32_t maxDepth) const;
    std::optional<LineageResult> upstream(const Uuid& root, uint32_t maxDepth) const;

    // Blast radius (02 §9.5 with 00-decisions): downstream(root, maxDepth) plus the consumer
    // teams of the root (always, even for maxDepth 0) and of the assets up to maxDepth − 1 hops,
    // and dashboard totals. The HTTP layer answers the "no current contract" case itself
    // (asset()->activeContractId).
    std::optional<ImpactResult> impact(const Uuid& root, uint32_t maxDepth) const;

    // The totals of downstream()/upstream() plus, downstream, which teams impact() would list as
    // consumers, without materialising the listing.
    std::optional<RadiusSummary> summary(const Uuid& root, Direction direction,
                                         uint32_t maxDepth) const;

    // The column radius of `columns` of the root (or, with `everyColumn`, of all of them),
    // within maxDepth hops; nullopt if the root is unknown. A mapping reads a changed column
    // when its source is one; its target column (or, for a null target, every column) of the
    // dependent is then affected. No columns: an empty radius.
    std::optional<ColumnRadius> columnRadius(const Uuid& root,
                                             const std::vector<std::string>& columns,
                                             uint32_t maxDepth, bool everyColumn = false) const;

    // Applies a batch atomically and records `generation`. Returns false, changing nothing, if
    // `generation` is not greater than generation() (a replayed or late notification). Throws
    // std::invalid_argument, changing nothing, if an operation is invalid. (Only running out of
    // memory half-way through a kSharedLock batch could leave part of it applied: replace() then.)
    bool apply(const IndexBatch& batch, uint64_t generation);

    // Replaces the whole content with a freshly built one (after a missed notification).
    // Returns false, changing nothing, if `generation` is less than generation().
    bool replace(DependencyIndexBuilder&& builder, uint64_t generation);

    // Folds the overlay into a fresh CSR now (apply() does it by itself when autoCompact).
    void compact();

    IndexStats stats() const;
    double bytesPerEdge() const { return stats().bytesPerEdge(); }

  private:
    friend class DependencyIndexBuilder;
    DependencyIndex(std::unique_ptr<GraphStore> store, IndexOptions options);

    template <class Reader>
    auto read(Reader&& reader) const;
    std::shared_ptr<const GraphStore> writerView() const;
    void publish(std::shared_ptr<GraphStore> store);
    void compactLocked();

    const IndexOptions options_;
    std::mutex writerMutex_;                  // one writer at a time, in both modes
    std::unique_ptr<ReaderWriterLock> lock_;  // kSharedLock: guards the content of store_
    std::shared_ptr<GraphStore> store_;       // kSharedLock: edited in place
    // kSnapshot: the current snapshot. The mutex guards only the pointer (copy or swap, tens of
    // nanoseconds), never a batch. Not std::atomic<std::shared_ptr>: libstdc++ 12's load()
    // releases its internal lock with a relaxed store, which ThreadSanitizer reports as a race.
    mutable std::mutex snapshotMutex_;
    std::shared_ptr<const GraphStore> snapshot_;
    std::atomic<uint64_t> generation_{0};
};

}  // namespace tessera::graph
