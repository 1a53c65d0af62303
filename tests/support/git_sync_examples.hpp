// The two example files of spec 04 §4.1, verbatim: what push must write for the example rows,
// shared by the unit tests of core/git_sync_files and the HTTP tests of the routes.
#pragma once

namespace tessera::testing {

inline constexpr const char* kTeamExample =
    "id: 11111111-1111-1111-1111-111111111111\n"
    "name: data-platform\n"
    "metadata:\n"
    "  slack: '#dp'\n";
inline constexpr const char* kAssetExample =
    "id: 22222222-2222-2222-2222-222222222222\n"
    "fqn: analytics.public.users\n"
    "owner_team_id: 11111111-1111-1111-1111-111111111111\n"
    "metadata: {}\n"
    "contracts:\n"
    "- id: 33333333-3333-3333-3333-333333333333\n"
    "  version: 1.0.0\n"
    "  schema:\n"
    "    type: object\n"
    "    properties:\n"
    "      id:\n"
    "        type: integer\n"
    "    required: []\n"
    "  compatibility_mode: backward\n"
    "  guarantees: null\n"
    "  status: active\n"
    "  registrations:\n"
    "  - id: 44444444-4444-4444-4444-444444444444\n"
    "    consumer_team_id: 55555555-5555-5555-5555-555555555555\n"
    "    pinned_version: null\n"
    "    status: active\n";

}  // namespace tessera::testing
