// POST /api/v1/schemas/validate (spec 01 §13) against the real server: public, 200 with the
// validator's verdict for any object, 422 for anything else.
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("schema validation answers valid and invalid schemas", "[http][schemas]") {
    const auto& http = sharedServer().client();
    auto valid = http.post("/api/v1/schemas/validate",
                           R"({"type":"object","properties":{"id":{"type":"integer"}}})");
    CHECK(valid.status == 200);
    CHECK(valid.body == R"({"valid":true,"errors":[]})");

    auto invalid = http.post("/api/v1/schemas/validate",
                             R"({"properties":{"id":{"type":"not_a_type"}},"required":"id"})");
    CHECK(invalid.status == 200);
    CHECK(invalid.body ==
          R"({"valid":false,"errors":["required: 'id' is not of type 'array'",)"
          R"("properties.id.type: 'not_a_type' is not valid under any of the given schemas"]})");
}

TEST_CASE("schema validation refuses a body that is not an object", "[http][schemas]") {
    const auto& http = sharedServer().client();
    auto array = http.post("/api/v1/schemas/validate", "[1]");
    CHECK(array.status == 422);
    CHECK(array.body ==
          R"({"detail":[{"type":"dict_type","loc":["body"],"msg":"Input should be a valid )"
          R"(dictionary","input":[1]}]})");
    auto missing = http.post("/api/v1/schemas/validate");
    CHECK(missing.status == 422);
    CHECK(missing.body ==
          R"({"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]})");
}

TEST_CASE("schema validation needs no credential", "[http][schemas][auth]") {
    SecuredServer secured;
    auto response = secured.server().client().post("/api/v1/schemas/validate", R"({})");
    CHECK(response.status == 200);
    CHECK(response.body == R"({"valid":true,"errors":[]})");
}
