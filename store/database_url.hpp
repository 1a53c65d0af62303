// DATABASE_URL in the forms existing deployments use, turned into a libpq connection string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::store {

// Accepts `postgresql://…`, `postgres://…` and the SQLAlchemy driver form
// `postgresql+asyncpg://…` (the `+driver` suffix is ignored). asyncpg's `ssl=` query parameter
// becomes libpq's `sslmode=`. Returns nullopt with `error` set for anything else.
std::optional<std::string> toLibpqUri(std::string_view databaseUrl, std::string* error);

// Adds `connect_timeout` (seconds) unless the URI already sets it.
std::string withConnectTimeout(const std::string& libpqUri, int seconds);

// Adds `application_name` (as pg_stat_activity shows it) unless the URI already sets it.
// `name` is URI-safe (letters, digits, '-').
std::string withApplicationName(const std::string& libpqUri, const std::string& name);

// Sets a run-time parameter for the session (`-c name=value` in libpq's `options`, kept
// alongside options the URI already has). `name` and `value`: letters, digits, '.', '_'.
std::string withSessionSetting(const std::string& libpqUri, const std::string& name,
                               const std::string& value);

// Marks the session as the server's own (`-c tessera.origin=server` in libpq's `options`, kept
// alongside options the URI already has): the external-change trigger (migration 003) reports
// only writes of other sessions, since the server's own writes announce exactly what changed.
std::string withServerOrigin(const std::string& libpqUri);

}  // namespace tessera::store
