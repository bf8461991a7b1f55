#include "random.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace zoom::sandbox::detail {

std::string Rng::digits(std::size_t n) { return chars(n, "0123456789"); }

std::string Rng::chars(std::size_t n, std::string_view alphabet) {
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[below(alphabet.size())]);
  return out;
}

std::string Rng::hex(std::size_t n) { return chars(n, "0123456789abcdef"); }

std::string Rng::uuid() {
  std::string s = hex(32);
  s[12] = '4';                                                    // version 4
  s[16] = "89ab"[below(4)];                                       // RFC 4122 variant
  return s.substr(0, 8) + '-' + s.substr(8, 4) + '-' + s.substr(12, 4) + '-' + s.substr(16, 4) +
         '-' + s.substr(20);
}

namespace {
void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1)
    throw std::runtime_error("zoom-sandbox: OpenSSL RAND_bytes failed");
}
}  // namespace

std::string secure_token(std::size_t length) {
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 64> buf{};
  while (out.size() < length) {
    random_bytes(buf.data(), buf.size());
    for (unsigned char b : buf) {
      // 62 * 4 = 248: reject 248..255 so every character is equally likely.
      if (b < 248 && out.size() < length) out.push_back(alnum_alphabet[b % 62]);
    }
  }
  return out;
}

std::string secure_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

}  // namespace zoom::sandbox::detail
