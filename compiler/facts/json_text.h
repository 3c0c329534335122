// The byte-level pieces of JSON text that the tape parser and the one-pass
// decoder share, so that both accept exactly the same strings and numbers.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace provisio::facts {

// Bytes of a UTF-8 sequence starting at `p`, or 0 when it is not a
// well-formed one (overlong forms, surrogates and values past U+10FFFF are not).
inline size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  auto cont = [&](size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
  unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // a surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

// Bytes a string may hold as they are: printable ASCII but the quote and backslash.
inline constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Skips plain string bytes eight at a time (SWAR): stops before a word that
// holds a quote, a backslash, a control character or a non-ASCII byte.
inline size_t SkipPlain(const unsigned char* p, size_t pos, size_t size) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto zero_byte = [&](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (pos + 8 <= size) {
    uint64_t x;
    std::memcpy(&x, p + pos, 8);
    uint64_t special = zero_byte(x ^ (kOnes * '"')) | zero_byte(x ^ (kOnes * '\\')) | ((x - kOnes * 0x20) & ~x) | x;
    if (special & kHigh) break;
    pos += 8;
  }
  while (pos < size && kPlain[p[pos]]) ++pos;
  return pos;
}

// Equal bytes, compared a word at a time (the last word overlapping the one
// before): keys and words are short, and a call to memcmp costs more.
[[gnu::always_inline]] inline bool SameBytes(const char* a, const char* b, size_t n) {
  auto word = [](const char* p, auto size) {
    decltype(size) w;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (word(a + i, uint64_t{}) != word(b + i, uint64_t{})) return false;
    return word(a + n - 8, uint64_t{}) == word(b + n - 8, uint64_t{});
  }
  if (n >= 4) return word(a, uint32_t{}) == word(b, uint32_t{}) && word(a + n - 4, uint32_t{}) == word(b + n - 4, uint32_t{});
  for (; n > 0; --n)
    if (*a++ != *b++) return false;
  return true;
}

inline bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace provisio::facts
