// Terminal display width of code points, for placing carets under
// Chinese text: East Asian Wide/Fullwidth count 2, combining marks 0.
#pragma once
#include <string_view>

namespace provisio::source {

int DisplayWidth(char32_t cp);
// Width of `text` as printed from column 0, tabs expanded to multiples of 8.
int DisplayWidth(std::u32string_view text);

}  // namespace provisio::source
