// `tessera seed-demo` (issue 17, `scripts/run.sh --demo`): the three demo users of spec 04 §5.1
// (admin@test.com/admin, team_admin@test.com/team_admin, user@test.com/user, Argon2id hashes)
// and a small lineage a new user can look at: five teams, 50 assets with a 1.0.0 contract
// each, lineage edges, registrations of every team that reads another team's asset, and one
// open proposal on demo.analytics.orders with one of its three consumer teams acknowledged, and
// five data-quality audit runs on it.
// Names are fixed (docs/webui.md lists them and the blast radius the browser test counts).
// One transaction; a database that already has the demo users is left as it is.
#pragma once

#include <string>

namespace tessera::server::web {

struct DemoSeedResult {
    bool alreadyPresent = false;
    int teams = 0, users = 0, assets = 0, dependencies = 0, registrations = 0, proposals = 0;
};

// `connectionString`: a libpq URI of a migrated database.
DemoSeedResult seedDemo(const std::string& connectionString);

}  // namespace tessera::server::web
