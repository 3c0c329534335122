#include "source/display_width.h"

namespace provisio::source {

namespace {
struct Range {
  char32_t lo, hi;
};
// East Asian Width W/F blocks (Unicode 15, coalesced).
constexpr Range kWide[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x2E80, 0x303E},
    {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};
// Combining marks and zero-width characters.
constexpr Range kZero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0x302A, 0x302F}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

bool In(const Range* begin, const Range* end, char32_t cp) {
  for (const Range* r = begin; r != end; ++r)
    if (cp >= r->lo && cp <= r->hi) return true;
  return false;
}
}  // namespace

int DisplayWidth(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if (In(std::begin(kZero), std::end(kZero), cp)) return 0;
  if (In(std::begin(kWide), std::end(kWide), cp)) return 2;
  return 1;
}

int DisplayWidth(std::u32string_view text) {
  int col = 0;
  for (char32_t cp : text) col = cp == U'\t' ? (col / 8 + 1) * 8 : col + DisplayWidth(cp);
  return col;
}

}  // namespace provisio::source
