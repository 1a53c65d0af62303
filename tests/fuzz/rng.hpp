// The fuzzer's only source of randomness: SplitMix64, spelled out here rather than taken from
// <random>, whose distributions differ between standard libraries. Case N of seed S is the same
// bytes on every machine, so a failure printed with its seed and case number reproduces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tessera::fuzz {

class Rng {
  public:
    explicit Rng(uint64_t seed) : state_(seed) {}

    // The generator of one case: independent of every other case and of the thread that runs it.
    static Rng forCase(uint64_t seed, uint64_t caseIndex) {
        Rng mixer(seed ^ (caseIndex * 0x9E3779B97F4A7C15ULL));
        mixer.next();
        return Rng(mixer.next());
    }

    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound); bound 0 gives 0. The modulo bias is irrelevant for fuzzing.
    size_t below(size_t bound) { return bound == 0 ? 0 : static_cast<size_t>(next() % bound); }
    // Uniform in [low, high].
    size_t between(size_t low, size_t high) { return low + below(high - low + 1); }
    // True with probability percent/100.
    bool percent(unsigned percent) { return below(100) < percent; }
    // True with probability perMille/1000, for the rare and expensive shapes.
    bool perMille(unsigned perMille) { return below(1000) < perMille; }

    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }
    char byte() { return static_cast<char>(next() & 0xFF); }

  private:
    uint64_t state_;
};

}  // namespace tessera::fuzz
