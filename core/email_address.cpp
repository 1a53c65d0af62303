#include "core/email_address.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace tessera::core {
namespace {

EmailCheck invalid(std::string reason) {
    EmailCheck check;
    check.reason = std::move(reason);
    return check;
}

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext, plus any non-ASCII byte (internationalised local parts are allowed).
bool isAtext(char c) {
    static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
    return isAsciiAlnum(c) || specials.find(c) != std::string_view::npos ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string tooMany(size_t excess) {
    return "(" + std::to_string(excess) + " character" + (excess == 1 ? "" : "s") + " too many)";
}

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    return out;
}

std::string checkLocalPart(std::string_view local) {
    if (local.front() == '.') return "An email address cannot start with a period.";
    if (local.back() == '.')
        return "An email address cannot have a period immediately before the @-sign.";
    if (local.find("..") != std::string_view::npos)
        return "An email address cannot have two periods in a row.";
    std::string bad;
    for (char c : local) {
        if (c != '.' && !isAtext(c) && bad.find(c) == std::string::npos) bad.push_back(c);
    }
    if (!bad.empty()) {
        std::string listed;
        for (char c : bad) {
            if (!listed.empty()) listed += ", ";
            listed += std::string("'") + c + "'";
        }
        return "The email address contains invalid characters before the @-sign: " + listed + ".";
    }
    const size_t length = codePointLength(local);
    if (length > 64)
        return "The email address is too long before the @-sign " + tooMany(length - 64) + ".";
    return {};
}

std::string checkDomain(const std::string& domain) {
    if (domain.front() == '[') {
        return "The part after the @-sign cannot be an IP address literal.";
    }
    if (domain.find("..") != std::string::npos)
        return "An email address cannot have two periods in a row.";
    if (domain.front() == '.')
        return "An email address cannot have a period immediately after the @-sign.";
    if (domain.back() == '.') return "An email address cannot end with a period.";
    if (domain.find('.') == std::string::npos) {
        return "The part after the @-sign is not valid. It should have a period.";
    }
    size_t start = 0;
    while (start <= domain.size()) {
        size_t end = domain.find('.', start);
        if (end == std::string::npos) end = domain.size();
        const std::string_view label(domain.data() + start, end - start);
        if (label.front() == '-')
            return "An email address cannot have a hyphen immediately after the @-sign.";
        if (label.back() == '-')
            return "An email address cannot have a hyphen immediately before a period.";
        if (codePointLength(label) > 63) {
            return "After the @-sign, periods cannot be separated by so many characters " +
                   tooMany(codePointLength(label) - 63) + ".";
        }
        for (char c : label) {
            if (!isAsciiAlnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) {
                return std::string("The part after the @-sign contains invalid characters: '") + c +
                       "'.";
            }
        }
        start = end + 1;
    }
    if (codePointLength(domain) > 253) return "The email address is too long after the @-sign.";
    const char last = domain.back();
    if (!((last >= 'a' && last <= 'z') || static_cast<unsigned char>(last) >= 0x80)) {
        return "The part after the @-sign is not valid. It is not within a valid top-level domain.";
    }
    static constexpr std::array<std::string_view, 6> specialUse = {"arpa",      "invalid", "local",
                                                                   "localhost", "onion",   "test"};
    for (std::string_view special : specialUse) {
        const bool exact = domain == special;
        const bool subdomain =
            domain.size() > special.size() &&
            domain.compare(domain.size() - special.size(), special.size(), special) == 0 &&
            domain[domain.size() - special.size() - 1] == '.';
        if (exact || subdomain) {
            return "The part after the @-sign is a special-use or reserved name that cannot be "
                   "used with email.";
        }
    }
    return {};
}

}  // namespace

EmailCheck checkEmailAddress(std::string_view input) {
    if (codePointLength(input) > 2048) return invalid("The email address is too long.");
    std::string address(input);
    // "Display Name <addr>" is reduced to addr.
    if (!address.empty() && address.back() == '>') {
        const size_t open = address.rfind('<');
        if (open != std::string::npos)
            address = address.substr(open + 1, address.size() - open - 2);
    }
    address = trimWhitespace(address);
    const size_t at = address.rfind('@');
    if (at == std::string::npos) return invalid("An email address must have an @-sign.");
    const std::string local = address.substr(0, at);
    const std::string domain = lowerAscii(address.substr(at + 1));
    if (local.empty()) return invalid("There must be something before the @-sign.");
    if (domain.empty()) return invalid("There must be something after the @-sign.");
    if (std::string reason = checkLocalPart(local); !reason.empty()) return invalid(reason);
    if (std::string reason = checkDomain(domain); !reason.empty()) return invalid(reason);
    EmailCheck check;
    check.normalized = local + "@" + domain;
    const size_t length = codePointLength(check.normalized);
    if (length > 254)
        return invalid("The email address is too long " + tooMany(length - 254) + ".");
    check.valid = true;
    return check;
}

}  // namespace tessera::core
