#include "core/hex.hpp"

namespace tessera::core {

std::string hexEncode(const unsigned char* bytes, size_t size) {
    std::string out(size * 2, '0');
    char* position = out.data();
    for (size_t i = 0; i < size; ++i) position = writeHexByte(position, bytes[i]);
    return out;
}

}  // namespace tessera::core
