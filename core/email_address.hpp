// E-mail address validation and normalisation as the original's email-validator does it
// (spec 01 §15): syntax only, no DNS. The domain is lower-cased; the local part keeps its case.
#pragma once

#include <string>
#include <string_view>

namespace tessera::core {

struct EmailCheck {
    bool valid = false;
    std::string normalized;  // when valid
    std::string reason;      // when invalid: the text after "value is not a valid email address: "
};

EmailCheck checkEmailAddress(std::string_view input);

}  // namespace tessera::core
