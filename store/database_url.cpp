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

namespace {

// `name=value` appended to the URI's query unless the parameter is there already.
std::string withDefaultParameter(const std::string& libpqUri, const std::string& name,
                                 const std::string& value) {
    if (libpqUri.find(name + "=") != std::string::npos) return libpqUri;
    const char separator = libpqUri.find('?') == std::string::npos ? '?' : '&';
    return libpqUri + separator + name + "=" + value;
}

}  // namespace

std::string withConnectTimeout(const std::string& libpqUri, int seconds) {
    return withDefaultParameter(libpqUri, "connect_timeout", std::to_string(seconds));
}

std::string withApplicationName(const std::string& libpqUri, const std::string& name) {
    return withDefaultParameter(libpqUri, "application_name", name);
}

std::string withSessionSetting(const std::string& libpqUri, const std::string& name,
                               const std::string& value) {
    // `-c name=value`, percent-encoded (names and values are URI-safe: letters, digits, '.', '_').
    const std::string option = "-c%20" + name + "%3D" + value;
    const size_t query = libpqUri.find('?');
    if (query != std::string::npos) {
        // An `options` parameter of the URI's own: ours goes first, theirs follow.
        for (size_t at = libpqUri.find("options=", query); at != std::string::npos;
             at = libpqUri.find("options=", at + 1)) {
            const char before = libpqUri[at - 1];
            if (before != '?' && before != '&') continue;
            const size_t start = at + std::string("options=").size();
            return libpqUri.substr(0, start) + option + "%20" + libpqUri.substr(start);
        }
    }
    const char separator = query == std::string::npos ? '?' : '&';
    return libpqUri + separator + "options=" + option;
}

std::string withServerOrigin(const std::string& libpqUri) {
    return withSessionSetting(libpqUri, "tessera.origin", "server");
}

}  // namespace tessera::store
