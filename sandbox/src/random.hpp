// Random numbers: a deterministic generator for the synthetic data (same seed, same data),
// and unpredictable tokens from OpenSSL's CSPRNG for access and page tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zoom::sandbox::detail {

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Order-dependent hash of a few integers: the seed of one (user, day) and the like.
constexpr std::uint64_t hash_values(std::uint64_t a, std::uint64_t b) noexcept {
  return splitmix64(splitmix64(a) ^ (b + 0x632BE59BD9B4E019ull));
}
constexpr std::uint64_t hash_values(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
  return hash_values(hash_values(a, b), c);
}

// Deterministic generator (splitmix64 stream). Not for secrets.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept : state_(seed) {}

  std::uint64_t next() noexcept {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); 0 when n == 0. The modulo bias is negligible for our small n.
  std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }
  // Uniform in [lo, hi].
  int between(int lo, int hi) noexcept {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) noexcept { return unit() < p; }
  template <class T>
  const T& pick(const std::vector<T>& items) noexcept {
    return items[below(items.size())];
  }

  std::string digits(std::size_t n);                                 // [0-9]{n}
  std::string chars(std::size_t n, std::string_view alphabet);       // n characters of alphabet
  std::string uuid();                                                // random (v4) UUID text
  std::string hex(std::size_t n);                                    // [0-9a-f]{n}

 private:
  std::uint64_t state_;
};

inline constexpr std::string_view alnum_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Zoom's user and site ids use base64url characters.
inline constexpr std::string_view zoom_id_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// `length` characters of [A-Za-z0-9] from OpenSSL's RAND_bytes (throws if it fails).
std::string secure_token(std::size_t length);
// 2*bytes lower-case hex digits from RAND_bytes.
std::string secure_hex(std::size_t bytes);

}  // namespace zoom::sandbox::detail
