// A plain libpq connection for the dependency-index reads, which need two things libpqxx 6.4
// does not offer: binary-format query results and `COPY … TO STDOUT (FORMAT binary)` (see
// store/pg_binary_format.hpp for why binary). Everything else keeps using libpqxx.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/pg_binary_format.hpp"

struct pg_conn;  // PGconn, from libpq-fe.h

namespace tessera::store {

class LibpqConnection {
  public:
    using RowVisitor = std::function<void(const BinaryFields&)>;
    using MessageVisitor = std::function<void(std::string_view)>;

    // Throws std::runtime_error if the connection cannot be made.
    explicit LibpqConnection(const std::string& connectionString);
    ~LibpqConnection();
    LibpqConnection(const LibpqConnection&) = delete;
    LibpqConnection& operator=(const LibpqConnection&) = delete;

    bool isOpen() const;

    // A statement without rows (BEGIN, COMMIT, SET …). Throws std::runtime_error on failure.
    void execute(const char* sql);

    // A parameterised query (text parameters, binary results): visit(fields) for each row of
    // exactly `columns` columns. Throws std::runtime_error on failure.
    void query(const char* sql, const std::vector<std::string>& parameters, size_t columns,
               const RowVisitor& visit);

    // One statement of a pipeline: its rows visited as by query(); `columns` 0 for a statement
    // without rows (BEGIN, COMMIT).
    struct PipelinedQuery {
        const char* sql;
        std::vector<std::string> parameters;
        size_t columns = 0;
        RowVisitor visit;
    };
    // The statements sent at once and answered together (libpq's pipeline mode): one round trip
    // instead of one each. Run in order; the first failure throws once all are answered (the
    // later ones are skipped by the server).
    void pipeline(const std::vector<PipelinedQuery>& queries);

    // COPY (selectQuery) TO STDOUT (FORMAT binary), streamed: visit(fields) for each row.
    // If visit throws, the copy is abandoned and the connection must not be used again.
    void copyOut(const std::string& selectQuery, size_t columns, const RowVisitor& visit);

    // The same COPY unparsed: visit(message) for each CopyData message as libpq hands it over
    // (the header in the first, then whole tuples, the trailer last), for a reader that parses
    // elsewhere (store/background_copy.hpp). Same rule if visit throws.
    void copyOutMessages(const std::string& selectQuery, const MessageVisitor& visit);

  private:
    [[noreturn]] void fail(const std::string& what) const;

    pg_conn* connection_;
};

}  // namespace tessera::store
