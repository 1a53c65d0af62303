#include "tests/fuzz/json_mutations.hpp"

#include <cstdio>

#include "tests/fuzz/hostile_values.hpp"

namespace tessera::fuzz {
namespace {

std::string hostileJsonLeaf(Rng& rng) {
    switch (rng.below(12)) {
        case 0:
            return "null";
        case 1:
            return rng.percent(50) ? "true" : "false";
        case 2: {
            const std::string number = strangeNumber(rng);
            // Bare when it is a JSON number token, quoted otherwise (bare would be invalid JSON,
            // which the mutations cover on their own).
            const bool bare =
                !number.empty() && number.find_first_not_of("-0123456789.eE+") == std::string::npos;
            return bare ? number : jsonString(number);
        }
        case 3:
            return "\"\\ud800\"";  // lone surrogate escape
        case 4:
            return "\"\\u0000\"";
        case 5:
            return "\"\\udfff\\ud800\"";
        case 6:
            return "[]";
        case 7:
            return "{}";
        default:
            return jsonString(hostileText(rng));
    }
}

std::string fieldName(Rng& rng, const std::vector<std::string>& fieldNames) {
    if (!fieldNames.empty() && rng.percent(85)) return jsonString(rng.pick(fieldNames));
    return jsonString(hostileText(rng));
}

}  // namespace

std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string randomJson(Rng& rng, const std::vector<std::string>& fieldNames,
                       const std::vector<std::string>& goodValues, int depth) {
    const size_t kind = depth <= 0 ? 0 : rng.below(10);
    if (kind < 5) {
        if (!goodValues.empty() && rng.percent(40)) return jsonString(rng.pick(goodValues));
        return hostileJsonLeaf(rng);
    }
    if (kind < 8) {
        std::string object = "{";
        const size_t members = rng.below(7);
        for (size_t i = 0; i < members; ++i) {
            if (i > 0) object += ",";
            object += fieldName(rng, fieldNames) + ":" +
                      randomJson(rng, fieldNames, goodValues, depth - 1);
        }
        return object + "}";
    }
    std::string array = "[";
    const size_t items = rng.below(6);
    for (size_t i = 0; i < items; ++i) {
        if (i > 0) array += ",";
        array += randomJson(rng, fieldNames, goodValues, depth - 1);
    }
    return array + "]";
}

std::string mutateJson(Rng& rng, std::string json) {
    static const std::vector<std::string> tokens = {
        "{",       "}",    "[",     "]", ",",    ":",    "\"",           "\\",
        "null",    "true", "1e999", "-", "/*",   "//",   "\xEF\xBB\xBF", "\\u",
        "\\ud83d", "NaN",  "'",     " ", "\x00", "\xFF",
    };
    const size_t rounds = rng.between(1, 3);
    for (size_t round = 0; round < rounds; ++round) {
        const size_t at = rng.below(json.size() + 1);
        switch (rng.below(9)) {
            case 0:  // truncate
                json.resize(at);
                break;
            case 1:  // insert a structural or awkward token
                json.insert(at, rng.pick(tokens));
                break;
            case 2:  // delete a range
                json.erase(at, rng.between(1, 8));
                break;
            case 3:  // flip a byte
                if (!json.empty())
                    json[rng.below(json.size())] ^= static_cast<char>(1 << rng.below(8));
                break;
            case 4:  // raw malformed UTF-8 somewhere (often inside a string)
                json.insert(at, invalidUtf8(rng));
                break;
            case 5: {  // replace the value after some ':' with a hostile one
                const size_t colon = json.find(':', at);
                if (colon == std::string::npos) break;
                size_t end = json.find_first_of(",}", colon);
                if (end == std::string::npos) end = json.size();
                json.replace(colon + 1, end - colon - 1, hostileJsonLeaf(rng));
                break;
            }
            case 6:  // duplicate a member or a range
                if (!json.empty()) {
                    const size_t length = rng.between(1, std::min<size_t>(64, json.size()));
                    const size_t from = rng.below(json.size() - length + 1);
                    json.insert(at, json.substr(from, length));
                }
                break;
            case 7:  // trailing garbage
                json += rng.pick(std::vector<std::string>{"}", "]", ",", " x", "{}", "\n\n{"});
                break;
            default:  // wrap in an array or a string
                json = rng.percent(50) ? "[" + json + "]" : jsonString(json);
                break;
        }
    }
    return json;
}

Payload deepNesting(Rng& rng, size_t depth) {
    Payload body;
    const bool objects = rng.percent(40);
    body.append(objects ? "{\"a\":" : "[", depth);
    if (rng.percent(70)) {
        body.append("1");
        body.append(objects ? "}" : "]", depth);
    }
    return body;
}

Payload hugeJson(Rng& rng, size_t bytes) {
    Payload body;
    switch (rng.below(3)) {
        case 0:
            body.append("{\"name\":\"");
            body.append("x", bytes);
            body.append("\"}");
            break;
        case 1:
            body.append("[");
            body.append("1234567,", bytes / 8);
            body.append("0]");
            break;
        default:
            body.append("{");
            body.append("\"k\":{\"a\":[1,2,3]},", bytes / 18);
            body.append("\"z\":0}");
            break;
    }
    return body;
}

}  // namespace tessera::fuzz
