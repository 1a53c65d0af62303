#include "core/semver.hpp"

#include <algorithm>
#include <array>

#include "core/python_repr.hpp"

namespace tessera::core {
namespace {

// First code point of every run of ten Unicode decimal digits (category Nd, 0–9 in order),
// which is what \d and Python's int() accept (Unicode 14).
constexpr std::array<char32_t, 66> kDecimalDigitZeros{
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
};

// The digit's value 0–9, or -1 for anything that is not a decimal digit.
int decimalDigitValue(char32_t cp) {
    auto after = std::upper_bound(kDecimalDigitZeros.begin(), kDecimalDigitZeros.end(), cp);
    if (after == kDecimalDigitZeros.begin()) return -1;
    const char32_t offset = cp - *std::prev(after);
    return offset < 10 ? static_cast<int>(offset) : -1;
}

// Python's str.isspace(), which int() strips around its digits.
bool isPythonWhitespace(char32_t cp) {
    return (cp >= 0x9 && cp <= 0xD) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool isIdentifierChar(char32_t cp) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9') ||
           cp == U'.' || cp == U'-';
}

std::u32string decode(std::string_view text) {
    std::u32string codePoints;
    for (std::size_t pos = 0; pos < text.size();) codePoints += nextCodePoint(text, pos);
    return codePoints;
}

// Digits of any script → ASCII, leading zeros dropped ("0" stays).
std::string normalizeDigits(std::u32string_view digits) {
    std::string ascii;
    for (char32_t cp : digits) {
        const int value = decimalDigitValue(cp);
        if (value < 0) continue;
        if (ascii.empty() && value == 0) continue;
        ascii += static_cast<char>('0' + value);
    }
    return ascii.empty() ? "0" : ascii;
}

// A version split at the pattern's boundaries; empty parts mean "no match".
struct VersionParts {
    std::u32string_view major, minor, patch, prerelease, build;
};

// Matches ^\d+\.\d+\.\d+ followed, when allowed, by (-[a-zA-Z0-9.-]+)?(\+[a-zA-Z0-9.-]+)?$.
std::optional<VersionParts> matchVersion(std::u32string_view text, bool allowSuffixes) {
    std::size_t pos = 0;
    auto takeWhile = [&](auto predicate) {
        const std::size_t start = pos;
        while (pos < text.size() && predicate(text[pos])) ++pos;
        return text.substr(start, pos - start);
    };
    auto isDigit = [](char32_t cp) { return decimalDigitValue(cp) >= 0; };
    VersionParts parts;
    std::u32string_view* numbers[] = {&parts.major, &parts.minor, &parts.patch};
    for (std::size_t i = 0; i < 3; ++i) {
        if (i > 0) {
            if (pos >= text.size() || text[pos] != U'.') return std::nullopt;
            ++pos;
        }
        *numbers[i] = takeWhile(isDigit);
        if (numbers[i]->empty()) return std::nullopt;
    }
    if (allowSuffixes && pos < text.size() && text[pos] == U'-') {
        ++pos;
        parts.prerelease = takeWhile(isIdentifierChar);
        if (parts.prerelease.empty()) return std::nullopt;
    }
    if (allowSuffixes && pos < text.size() && text[pos] == U'+') {
        ++pos;
        parts.build = takeWhile(isIdentifierChar);
        if (parts.build.empty()) return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    return parts;
}

// Python int(part) for a non-negative decimal: whitespace around, digits of any script, single
// underscores between digits. Signs cannot occur (the caller cut at '-' and '+').
std::optional<std::string> readPythonInt(std::u32string_view part) {
    while (!part.empty() && isPythonWhitespace(part.front())) part.remove_prefix(1);
    while (!part.empty() && isPythonWhitespace(part.back())) part.remove_suffix(1);
    if (part.empty()) return std::nullopt;
    std::u32string digits;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (decimalDigitValue(part[i]) >= 0) {
            digits += part[i];
            continue;
        }
        const bool betweenDigits = part[i] == U'_' && i > 0 && i + 1 < part.size() &&
                                   decimalDigitValue(part[i - 1]) >= 0 &&
                                   decimalDigitValue(part[i + 1]) >= 0;
        if (!betweenDigits) return std::nullopt;
    }
    return normalizeDigits(digits);
}

std::string increment(std::string digits) {
    for (std::size_t i = digits.size(); i-- > 0;) {
        if (digits[i] != '9') {
            ++digits[i];
            return digits;
        }
        digits[i] = '0';
    }
    return "1" + digits;
}

int compareNumeric(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    const int byText = a.compare(b);
    return byText < 0 ? -1 : (byText > 0 ? 1 : 0);
}

bool isNumericIdentifier(std::string_view identifier) {
    return !identifier.empty() && std::all_of(identifier.begin(), identifier.end(),
                                              [](char c) { return c >= '0' && c <= '9'; });
}

int comparePrereleaseIdentifiers(const std::string& a, const std::string& b) {
    const bool aNumeric = isNumericIdentifier(a);
    const bool bNumeric = isNumericIdentifier(b);
    if (aNumeric && bNumeric) {
        const auto stripZeros = [](std::string_view digits) {
            const std::size_t first = digits.find_first_not_of('0');
            return first == std::string_view::npos ? std::string_view("0") : digits.substr(first);
        };
        return compareNumeric(stripZeros(a), stripZeros(b));
    }
    if (aNumeric != bNumeric) return aNumeric ? -1 : 1;
    const int byText = a.compare(b);
    return byText < 0 ? -1 : (byText > 0 ? 1 : 0);
}

std::string toAscii(std::u32string_view asciiOnly) {
    std::string out;
    for (char32_t cp : asciiOnly) out += static_cast<char>(cp);
    return out;
}

}  // namespace

VersionFormatError checkContractVersion(std::string_view version) {
    const std::u32string codePoints = decode(version);
    if (codePoints.size() < kMinVersionLength) return VersionFormatError::TooShort;
    if (codePoints.size() > kMaxVersionLength) return VersionFormatError::TooLong;
    if (!matchVersion(codePoints, true)) return VersionFormatError::PatternMismatch;
    return VersionFormatError::None;
}

bool isValidPinnedVersion(std::string_view version) {
    return matchVersion(decode(version), false).has_value();
}

std::optional<SemanticVersion> parseSemanticVersion(std::string_view version) {
    if (checkContractVersion(version) != VersionFormatError::None) return std::nullopt;
    const std::u32string codePoints = decode(version);
    const std::optional<VersionParts> parts = matchVersion(codePoints, true);
    SemanticVersion parsed;
    parsed.major = normalizeDigits(parts->major);
    parsed.minor = normalizeDigits(parts->minor);
    parsed.patch = normalizeDigits(parts->patch);
    if (!parts->prerelease.empty()) {
        const std::string prerelease = toAscii(parts->prerelease);
        std::size_t start = 0;
        for (std::size_t dot; (dot = prerelease.find('.', start)) != std::string::npos;
             start = dot + 1) {
            parsed.prerelease.push_back(prerelease.substr(start, dot - start));
        }
        parsed.prerelease.push_back(prerelease.substr(start));
    }
    parsed.build = toAscii(parts->build);
    return parsed;
}

int compareSemanticVersions(const SemanticVersion& a, const SemanticVersion& b) {
    for (auto part : {&SemanticVersion::major, &SemanticVersion::minor, &SemanticVersion::patch}) {
        if (const int order = compareNumeric(a.*part, b.*part); order != 0) return order;
    }
    // A version without pre-release identifiers ranks above any pre-release of it.
    if (a.prerelease.empty() || b.prerelease.empty()) {
        if (a.prerelease.empty() == b.prerelease.empty()) return 0;
        return a.prerelease.empty() ? 1 : -1;
    }
    const std::size_t common = std::min(a.prerelease.size(), b.prerelease.size());
    for (std::size_t i = 0; i < common; ++i) {
        const int order = comparePrereleaseIdentifiers(a.prerelease[i], b.prerelease[i]);
        if (order != 0) return order;
    }
    if (a.prerelease.size() == b.prerelease.size()) return 0;
    return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::optional<std::string> bumpVersion(std::string_view current, VersionBump bump) {
    std::string_view core = current.substr(0, current.find('-'));
    core = core.substr(0, core.find('+'));
    const std::u32string codePoints = decode(core);
    std::string numbers[3];
    std::size_t start = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        if (start > codePoints.size()) return std::nullopt;
        std::size_t dot = codePoints.find(U'.', start);
        if (dot == std::u32string::npos) {
            if (i < 2) return std::nullopt;
            dot = codePoints.size();
        }
        const auto number =
            readPythonInt(std::u32string_view(codePoints).substr(start, dot - start));
        if (!number) return std::nullopt;
        numbers[i] = *number;
        start = dot + 1;
    }
    if (bump == VersionBump::Minor) return numbers[0] + "." + increment(numbers[1]) + ".0";
    return increment(numbers[0]) + ".0.0";
}

std::optional<ResolvedVersion> resolvePublishVersion(
    std::optional<std::string_view> requestedVersion,
    std::optional<std::string_view> currentVersion, bool compatibleWithCurrent) {
    if (requestedVersion) return ResolvedVersion{std::string(*requestedVersion), false};
    if (!currentVersion) return ResolvedVersion{std::string(kInitialVersion), true};
    auto bumped = bumpVersion(*currentVersion,
                              compatibleWithCurrent ? VersionBump::Minor : VersionBump::Major);
    if (!bumped) return std::nullopt;
    return ResolvedVersion{std::move(*bumped), true};
}

std::string autoVersionErrorMessage(std::string_view currentVersion) {
    return "Cannot auto-generate a version: the current contract version '" +
           std::string(currentVersion) + "' is not of the form X.Y.Z; pass an explicit version";
}

std::string versionExistsMessage(std::string_view version) {
    return "Contract version " + std::string(version) + " already exists for this asset";
}

PublishAction decidePublishAction(bool hasCurrentContract, bool compatible, bool force) {
    if (!hasCurrentContract || compatible) return PublishAction::Published;
    return force ? PublishAction::ForcePublished : PublishAction::ProposalCreated;
}

std::string_view publishActionName(PublishAction action) {
    switch (action) {
        case PublishAction::Published:
            return "published";
        case PublishAction::ForcePublished:
            return "force_published";
        case PublishAction::ProposalCreated:
            return "proposal_created";
    }
    return "published";
}

}  // namespace tessera::core
