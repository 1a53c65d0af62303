#include "store/database_url.hpp"

namespace tessera::store {

std::optional<std::string> toLibpqUri(std::string_view databaseUrl, std::string* error) {
    const size_t schemeEnd = databaseUrl.find("://");
    if (schemeEnd == std::string_view::npos) {
        if (error) *error = "expected a URL such as postgresql://user:pass@host:5432/db";
        return std::nullopt;
    }
    std::string_view scheme = databaseUrl.substr(0, schemeEnd);
    if (const size_t plus = scheme.find('+'); plus != std::string_view::npos) {
        scheme = scheme.substr(0, plus);
    }
    if (scheme != "postgresql" && scheme != "postgres") {
        if (error) {
            *error = "unsupported database scheme '" + std::string(scheme) +
                     "' (only PostgreSQL is supported)";
        }
        return std::nullopt;
    }
    std::string uri = "postgresql" + std::string(databaseUrl.substr(schemeEnd));
    // asyncpg spells TLS as ssl=<mode>; libpq as sslmode=<mode>.
    for (const char* marker : {"?ssl=", "&ssl="}) {
        if (const size_t at = uri.find(marker); at != std::string::npos) {
            uri.replace(at + 1, 3, "sslmode");
        }
    }
    return uri;
}

std::string withConnectTimeout(const std::string& libpqUri, int seconds) {
    if (libpqUri.find("connect_timeout=") != std::string::npos) return libpqUri;
    const char separator = libpqUri.find('?') == std::string::npos ? '?' : '&';
    return libpqUri + separator + "connect_timeout=" + std::to_string(seconds);
}

}  // namespace tessera::store
