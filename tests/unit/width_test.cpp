// Display width for carets under Chinese text; JSON string escaping.
#include <doctest/doctest.h>

#include "source/display_width.h"
#include "source/json_writer.h"
#include "source/source_file.h"

using provisio::source::DisplayWidth;

TEST_CASE("East Asian wide characters count two columns") {
  CHECK(DisplayWidth(U"庆阳abc") == 7);
  CHECK(DisplayWidth(U"（见习）") == 8);  // fullwidth parentheses
  CHECK(DisplayWidth(U"月补贴 * 见习月数") == 17);
}

TEST_CASE("combining marks are zero and tabs go to multiples of eight") {
  CHECK(DisplayWidth(U"e\u0301") == 1);
  CHECK(DisplayWidth(U"\t") == 8);
  CHECK(DisplayWidth(U"ab\tc") == 9);
  CHECK(DisplayWidth(U"庆\t") == 8);
}

TEST_CASE("columns count code points; lines split on newlines") {
  provisio::source::SourceFile f("x.prv", "第一行\n  金额 = 见习月数\n");
  auto where = f.Locate(4 + 7);  // the 见 of 见习月数
  CHECK(where.line == 2);
  CHECK(where.column == 8);
  CHECK(f.Line(2) == U"  金额 = 见习月数");
}

TEST_CASE("ill-formed UTF-8 is detected") {
  CHECK_FALSE(provisio::source::SourceFile("x.prv", std::string("ok \xff\xfe")).valid_utf8());
  // Found by the front-end fuzzer: forms ANTLR's converter rejects must be caught here.
  CHECK_FALSE(provisio::source::SourceFile("x.prv", std::string("\xed\xa0\x80")).valid_utf8());  // a surrogate
  CHECK_FALSE(provisio::source::SourceFile("x.prv", std::string("\xc0\xaf")).valid_utf8());      // overlong '/'
  CHECK_FALSE(provisio::source::SourceFile("x.prv", std::string("\xf4\x90\x80\x80")).valid_utf8());  // past U+10FFFF
  CHECK(provisio::source::SourceFile("x.prv", std::string("庆阳 \xf0\x9f\x98\x80")).valid_utf8());
}

TEST_CASE("JSON strings are escaped and always valid UTF-8") {
  using provisio::source::JsonString;
  CHECK(JsonString("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(JsonString("职工") == "\"职工\"");
  // A value cut mid-character, or any ill-formed byte, becomes U+FFFD.
  CHECK(JsonString("职\xE5\xB7") == "\"职\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
