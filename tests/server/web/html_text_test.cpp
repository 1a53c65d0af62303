#include "server/web/html_text.hpp"

#include "tests/support/catch.hpp"

using tessera::server::web::escapeHtml;

TEST_CASE("escapeHtml makes markup text in content and attributes", "[web][html]") {
    CHECK(escapeHtml("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
    CHECK(escapeHtml(R"(a "b" & 'c')") == "a &quot;b&quot; &amp; &#39;c&#39;");
    CHECK(escapeHtml("&amp;") == "&amp;amp;");
    CHECK(escapeHtml("plain – ünïcode") == "plain – ünïcode");
    CHECK(escapeHtml("") == "");
}
