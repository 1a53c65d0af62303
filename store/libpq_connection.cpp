#include "store/libpq_connection.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace tessera::store {
namespace {

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct CopyBufferDeleter {
    void operator()(char* buffer) const { PQfreemem(buffer); }
};

}  // namespace

LibpqConnection::LibpqConnection(const std::string& connectionString)
    : connection_(PQconnectdb(connectionString.c_str())) {
    if (connection_ == nullptr) throw std::runtime_error("libpq: out of memory");
    if (PQstatus(connection_) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(connection_);
        PQfinish(connection_);
        throw std::runtime_error("cannot connect to PostgreSQL: " + message);
    }
}

LibpqConnection::~LibpqConnection() {
    PQfinish(connection_);
}

bool LibpqConnection::isOpen() const {
    return PQstatus(connection_) == CONNECTION_OK;
}

void LibpqConnection::fail(const std::string& what) const {
    throw std::runtime_error(what + ": " + PQerrorMessage(connection_));
}

void LibpqConnection::execute(const char* sql) {
    Result result(PQexec(connection_, sql));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) fail(std::string("query failed: ") + sql);
}

namespace {

std::vector<const char*> valuesOf(const std::vector<std::string>& parameters) {
    std::vector<const char*> values;
    values.reserve(parameters.size());
    for (const auto& parameter : parameters) values.push_back(parameter.c_str());
    return values;
}

void visitRows(const PGresult* result, size_t columns, const LibpqConnection::RowVisitor& visit) {
    if (static_cast<size_t>(PQnfields(result)) != columns) {
        throw std::runtime_error("query returned an unexpected number of columns");
    }
    BinaryFields fields(columns);
    const int rows = PQntuples(result);
    for (int row = 0; row < rows; ++row) {
        for (size_t column = 0; column < columns; ++column) {
            const int c = static_cast<int>(column);
            if (PQgetisnull(result, row, c)) {
                fields[column].reset();
            } else {
                fields[column] = std::string_view(PQgetvalue(result, row, c),
                                                  static_cast<size_t>(PQgetlength(result, row, c)));
            }
        }
        visit(fields);
    }
}

}  // namespace

void LibpqConnection::query(const char* sql, const std::vector<std::string>& parameters,
                            size_t columns, const RowVisitor& visit) {
    const std::vector<const char*> values = valuesOf(parameters);
    Result result(PQexecParams(connection_, sql, static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, /*resultFormat=*/1));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) fail("query failed");
    visitRows(result.get(), columns, visit);
}

void LibpqConnection::pipeline(const std::vector<PipelinedQuery>& queries) {
    if (PQenterPipelineMode(connection_) != 1) fail("could not enter pipeline mode");
    for (const PipelinedQuery& query : queries) {
        const std::vector<const char*> values = valuesOf(query.parameters);
        if (PQsendQueryParams(connection_, query.sql, static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, /*resultFormat=*/1) != 1) {
            fail("could not send a pipelined query");
        }
    }
    if (PQpipelineSync(connection_) != 1) fail("could not send the pipeline");
    std::string failure;
    for (const PipelinedQuery& query : queries) {
        Result result(PQgetResult(connection_));
        if (!result) fail("a pipelined query went unanswered");
        const ExecStatusType expected = query.columns > 0 ? PGRES_TUPLES_OK : PGRES_COMMAND_OK;
        if (!failure.empty()) {
            // Skipped (PGRES_PIPELINE_ABORTED) after the failure.
        } else if (PQresultStatus(result.get()) != expected) {
            failure = std::string("pipelined query failed: ") + PQresultErrorMessage(result.get());
        } else if (query.columns > 0) {
            try {
                visitRows(result.get(), query.columns, query.visit);
            } catch (const std::exception& error) {
                failure = error.what();
            }
        }
        while (Result rest{PQgetResult(connection_)}) {
            // Each query's results end with a null one.
        }
    }
    Result sync(PQgetResult(connection_));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
        fail("the pipeline did not end with its synchronisation point");
    }
    if (PQexitPipelineMode(connection_) != 1) fail("could not leave pipeline mode");
    if (!failure.empty()) throw std::runtime_error(failure);
}

void LibpqConnection::copyOut(const std::string& selectQuery, size_t columns,
                              const RowVisitor& visit) {
    BinaryCopyParser parser(columns);
    BinaryFields fields(columns);
    copyOutMessages(selectQuery, [&](std::string_view message) {
        while (!message.empty() && parser.next(message, fields)) visit(fields);
    });
    if (!parser.finished()) throw std::runtime_error("binary COPY ended without its trailer");
}

void LibpqConnection::copyOutMessages(const std::string& selectQuery, const MessageVisitor& visit) {
    const std::string copy = "COPY (" + selectQuery + ") TO STDOUT (FORMAT binary)";
    {
        Result started(PQexec(connection_, copy.c_str()));
        if (PQresultStatus(started.get()) != PGRES_COPY_OUT) fail("COPY failed");
    }
    for (;;) {
        char* raw = nullptr;
        const int length = PQgetCopyData(connection_, &raw, /*async=*/0);
        if (length == -1) break;  // the copy is over
        if (length < 0) fail("COPY interrupted");
        std::unique_ptr<char, CopyBufferDeleter> buffer(raw);
        visit(std::string_view(buffer.get(), static_cast<size_t>(length)));
    }
    // The COPY's own result, then the end of the command.
    for (Result result(PQgetResult(connection_)); result; result.reset(PQgetResult(connection_))) {
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) fail("COPY failed");
    }
}

}  // namespace tessera::store
