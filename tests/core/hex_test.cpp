#include "core/hex.hpp"

#include <string>

#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("hexDigitValue reads both cases and refuses every other character", "[hex]") {
    const std::string digits = "0123456789abcdef";
    const std::string upper = "0123456789ABCDEF";
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        int expected = -1;
        if (const size_t at = digits.find(ch); at != std::string::npos) expected = int(at);
        if (const size_t at = upper.find(ch); at != std::string::npos) expected = int(at);
        INFO("character " << c);
        CHECK(hexDigitValue(ch) == expected);
    }
    // The edges of each range, spelled out.
    CHECK(hexDigitValue('/') == -1);
    CHECK(hexDigitValue('0') == 0);
    CHECK(hexDigitValue('9') == 9);
    CHECK(hexDigitValue(':') == -1);
    CHECK(hexDigitValue('@') == -1);
    CHECK(hexDigitValue('A') == 10);
    CHECK(hexDigitValue('F') == 15);
    CHECK(hexDigitValue('G') == -1);
    CHECK(hexDigitValue('`') == -1);
    CHECK(hexDigitValue('a') == 10);
    CHECK(hexDigitValue('f') == 15);
    CHECK(hexDigitValue('g') == -1);
    CHECK(hexDigitValue('\0') == -1);
    CHECK(hexDigitValue('\xff') == -1);  // negative where char is signed
    static_assert(hexDigitValue('b') == 11);
}

TEST_CASE("writeHexByte writes two lower-case digits and returns the end", "[hex]") {
    char buffer[5] = {'#', '#', '#', '#', '#'};
    CHECK(writeHexByte(buffer + 1, 0x00) == buffer + 3);
    CHECK(std::string(buffer, 5) == "#00##");
    writeHexByte(buffer + 1, 0xAF);
    CHECK(std::string(buffer, 5) == "#af##");
    writeHexByte(buffer + 1, 0x09);
    CHECK(std::string(buffer, 5) == "#09##");
    writeHexByte(buffer + 1, 0xFF);
    CHECK(std::string(buffer, 5) == "#ff##");
    for (int byte = 0; byte < 256; ++byte) {
        char out[2];
        writeHexByte(out, static_cast<unsigned char>(byte));
        CHECK(hexDigitValue(out[0]) * 16 + hexDigitValue(out[1]) == byte);
    }
}

TEST_CASE("hexEncode spells a SHA-256 digest as 64 lower-case digits", "[hex]") {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    const unsigned char digest[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                      0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                      0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    CHECK(hexEncode(digest, sizeof digest) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hexEncode(digest, 0).empty());
    CHECK(hexEncode(digest, 1) == "ba");
}
