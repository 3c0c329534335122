// Facts decoding: exact numbers from the JSON text, every error naming the fact.
#include <doctest/doctest.h>

#include <map>

#include "facts/decoder.h"
#include "facts/json_text.h"
#include "facts/one_pass.h"

using namespace provisio::facts;

namespace {
// A schema of its own: the decoder knows only what it is given.
provisio::schema::Schema TestSchema() {
  using V = provisio::schema::ValueType;
  provisio::schema::Schema s;
  s.enums.push_back({"firm.class", {"甲", "乙", "丙", "丁"}, {}, {}});
  s.facts = {{"course.retention", V::Rate, -1, false, 0, {}},     {"firm.premium", V::Money, -1, false, 0, {}},
             {"person.born", V::Date},                              {"firm.class", V::Enum, 0},
             {"hire.months", V::Int, -1, false, 0, {}},             {"person.left", V::Date, -1, true},
             {"fund.months", V::Decimal, -1, false, 0, {}},         {"person.unread", V::Text}};
  return s;
}

struct Fixture {
  Interner strings;
  provisio::schema::Schema schema = TestSchema();
  Decoder decoder;
  Record record;

  static std::vector<SlotSpec> Specs() {
    std::vector<SlotSpec> specs;
    for (int32_t i = 0; i < 7; ++i) specs.push_back({i, i});
    return specs;
  }
  Fixture() : decoder(schema, 7, Specs(), {}, strings) {
    need.slots.assign(7, 1);
  }
  Need need;
  // Decodes `json` and checks it for a provision reading all seven facts.
  std::optional<FactError> Run(const std::string& json) {
    if (auto e = decoder.Decode(json, record)) return e;
    return decoder.Check(need, record);
  }

  // The base record, nested by group, with some facts replaced: `{"hire.months", "12.5"}`.
  std::optional<FactError> Decode(const std::map<std::string, std::string>& replaced = {}) {
    std::map<std::string, std::map<std::string, std::string>> groups;
    std::map<std::string, std::string> facts = {
        {"course.retention", "0.1"}, {"firm.premium", "\"12345.67\""},
        {"firm.class", "\"丙\""},       {"person.born", "\"2000-02-29\""},
        {"hire.months", "12"},          {"fund.months", "23.5"}};
    for (const auto& [name, value] : replaced) facts[name] = value;
    for (const auto& [name, value] : facts) groups[name.substr(0, name.find('.'))][name.substr(name.find('.') + 1)] = value;
    std::string json;
    for (const auto& [group, fields] : groups) {
      std::string inner;
      for (const auto& [field, value] : fields) inner += (inner.empty() ? "" : ",") + ("\"" + field + "\":" + value);
      json += (json.empty() ? "" : ",") + ("\"" + group + "\":{" + inner + "}");
    }
    return Run("{" + json + "}");
  }
};
}  // namespace

TEST_CASE("numbers are read exactly from their text") {
  Fixture f;
  REQUIRE_FALSE(f.Decode());
  CHECK(f.record.values[0] == 1);   // 0.1 = 1/10, exactly
  CHECK(f.record.values[1] == 10);
  CHECK(f.record.values[2] == 1234567);  // fen
  CHECK(f.record.values[6] == 2);   // firm.class (slot 3): "丙" is word 2 of 甲, 乙, 丙, 丁
  CHECK(f.record.values[12] == 47);  // 23.5 = 47/2
  CHECK(f.record.values[13] == 2);
  CHECK(f.record.present[5] == 0);  // graduation_date is optional and absent
}

TEST_CASE("flat dotted keys work as well as nested groups") {
  Fixture f;
  REQUIRE_FALSE(f.Run(R"({"course.retention":0.1,"firm.premium":1,)"
                                  R"("firm.class":"丁","person.born":"2000-02-29","hire.months":1,)"
                                  R"("fund.months":1,"person.left":"2022-07-01"})"));
  CHECK(f.record.present[5] == 1);
  CHECK(f.record.values[6] == 3);  // 丁
}

TEST_CASE("each bad fact is named with what was expected") {
  Fixture f;
  // An absent fact is left absent: the compiled code, which knows what it requires, names it.
  auto e = f.Run(R"({"course":{"retention":"5.5%"}})");
  CHECK_FALSE(e);
  CHECK(f.record.present[0] == 1);
  CHECK(f.record.present[1] == 0);

  e = f.Decode({{"firm.premium", "12345.675"}});
  REQUIRE(e);
  CHECK(e->fact == "firm.premium");
  CHECK(e->message.find("at most 2 decimals") != std::string::npos);

  e = f.Decode({{"person.born", "\"2023-02-30\""}});
  REQUIRE(e);
  CHECK(e->fact == "person.born");

  e = f.Decode({{"firm.class", "\"戊\""}});
  REQUIRE(e);
  CHECK(e->message.find("甲, 乙, 丙, 丁") != std::string::npos);

  e = f.Decode({{"hire.months", "12.5"}});
  REQUIRE(e);
  CHECK(e->fact == "hire.months");

  e = f.Decode({{"hire.months", "-1"}});
  REQUIRE(e);
  CHECK(e->message.find("at least 0") != std::string::npos);

  e = f.Decode({{"firm.premium", "\"99999999999999999999\""}});
  REQUIRE(e);
  CHECK(e->message.find("int64") != std::string::npos);

  e = f.Decode({{"course.retention", "1e-1"}});
  REQUIRE(e);
  CHECK(e->fact == "course.retention");
}

TEST_CASE("a rate may be written as a percent string") {
  Fixture f;
  REQUIRE_FALSE(f.Decode({{"course.retention", "\"5.5%\""}}));
  CHECK(f.record.values[0] == 11);
  CHECK(f.record.values[1] == 200);
}

TEST_CASE("malformed JSON is an error, not a crash") {
  Fixture f;
  // Found by the facts fuzzer: a broken token where a fact's value should be
  // once made the JSON library throw.
  auto e = f.Run(R"({"person": {"born":nt "2023-06-01$, "x": 1}})");
  REQUIRE(e);
  CHECK_FALSE(e->message.empty());
  CHECK(f.Run("{\"course\": "));
  CHECK(f.Run("[1,2]"));
  CHECK(f.Run(""));
}

TEST_CASE("every record is JSON in full, whether or not a field is read") {
  Fixture f;
  // Fields no provision reads are still validated (RFC 8259).
  for (const char* bad : {"tru", "nul", "01", "1.", "-", ".5", "\"\\x\"", "\"\\uZZZZ\"", "\"\\uD800\"", "[1,]", "{\"a\" 1}"}) {
    auto e = f.Decode({{"person.unread", bad}});
    REQUIRE_MESSAGE(e, bad);
    CHECK_MESSAGE(e->message.find("not JSON at column") != std::string::npos, e->message);
  }
  auto e = f.Decode({{"person.unread", "tru"}});
  // `tru` starts at byte 156 of {"course":{"retention":0.1},"firm":{"class":"丙",… ("丙" is 3 bytes)
  CHECK(e->message.find("column 156: expected a JSON value, found `tru`") != std::string::npos);
  CHECK_FALSE(f.Decode({{"person.unread", "[1, {\"x\": null}, \"\\u00e9\\ud83d\\ude00\"]"}}));
}

TEST_CASE("a key given twice is an error naming it") {
  Fixture f;
  auto e = f.Run(R"({"person":{"born":"2000-01-01","born":null}})");
  REQUIRE(e);
  CHECK(e->message.find("the key \"born\" is given twice") != std::string::npos);
  e = f.Run(R"({"x":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"\u0061":10}})");
  REQUIRE(e);
  CHECK(e->message.find("the key \"a\" is given twice") != std::string::npos);
  // The same fact nested and flat, read or not.
  REQUIRE(f.Run(R"({"person":{"born":"2000-02-29"},"person.born":"2000-02-29"})"));
  e = f.Run(R"({"person":{"unread":1},"person.unread":2})");
  REQUIRE(e);
  CHECK(e->message == "fact person.unread is given twice (nested and as a dotted key)");
}

TEST_CASE("a whole number is written without a fraction") {
  Fixture f;
  auto e = f.Decode({{"hire.months", "12.0"}});
  REQUIRE(e);
  CHECK(e->message == "fact hire.months: expected a whole number, found 12.0");
  CHECK(f.Decode({{"hire.months", "1e1"}}));
}

TEST_CASE("a byte order mark and invalid UTF-8 are named") {
  Fixture f;
  auto e = f.Run("\xEF\xBB\xBF{}");
  REQUIRE(e);
  CHECK(e->message.find("byte order mark") != std::string::npos);
  e = f.Decode({{"person.unread", "\"caf\xC3\""}});
  REQUIRE(e);
  CHECK(e->message.find("invalid UTF-8 (byte 0xC3)") != std::string::npos);
}

TEST_CASE("an echoed value is cut on a character boundary") {
  Fixture f;
  std::string long_text = "\"a";
  for (int i = 0; i < 30; ++i) long_text += "职";  // 3 bytes each
  long_text += "\"";
  auto e = f.Decode({{"firm.class", long_text}});
  REQUIRE(e);
  // 40 bytes at most: the 37 before "..." would end inside the 12th character, so 11 are kept.
  CHECK(e->message.ends_with("found \"a职职职职职职职职职职职..."));
}

TEST_CASE("text values of one record are forgotten before the next") {
  Interner strings({"module"});
  CHECK(strings.Intern("module") == 0);
  CHECK(strings.Intern("a") == 1);
  CHECK(strings.Intern("b") == 2);
  strings.Forget();
  CHECK(strings.Intern("c") == 1);
  CHECK(strings.Intern("module") == 0);
}

TEST_CASE("a refused value fails only the provisions that read it") {
  Fixture f;
  REQUIRE_FALSE(f.decoder.Decode(R"({"course":{"retention":0.1},"firm":{"premium":"x","class":"丙"},"hire":{"months":-2}})", f.record));
  // Reads firm.premium (slot 1): its value is refused, first in document order.
  Need premium{{0, 1, 0, 0, 1, 0, 0}, {}};
  auto e = f.decoder.Check(premium, f.record);
  REQUIRE(e);
  CHECK(e->message == "fact firm.premium: expected money in yuan with at most 2 decimals, found \"x\"");
  // Reads only the retention rate and the class: nothing refused, nothing missing.
  Need retention{{1, 0, 0, 1, 0, 0, 0}, {}};
  CHECK_FALSE(f.decoder.Check(retention, f.record));
  CHECK(f.record.values[0] == 1);
  // Reads the born date, which is absent: no decoding error (the compiled code names it).
  Need born{{0, 0, 1, 0, 0, 0, 0}, {}};
  CHECK_FALSE(f.decoder.Check(born, f.record));
  CHECK(f.record.present[2] == 0);
}

namespace {
// Everything a decoding leaves for the compiled code and for Check(), as words.
std::vector<std::string> Seen(const std::optional<FactError>& error, const Record& r) {
  std::vector<std::string> out;
  if (error) out.push_back("error " + error->fact + ": " + error->message);
  for (size_t i = 0; i < r.present.size(); ++i)
    out.push_back(std::to_string(r.present[i]) + " " + std::to_string(r.values[2 * i]) + "/" +
                  std::to_string(r.values[2 * i + 1]));
  for (const auto& issue : r.issues) out.push_back("issue " + std::to_string(issue.slot) + " " + issue.error.message);
  if (r.late) out.push_back("late " + r.late->message);
  return out;
}
}  // namespace

TEST_CASE("the one-pass path gives what the general path gives, and takes the common records") {
  Fixture f;
  const std::string base = R"({"course":{"retention":0.1},"firm":{"premium":"12345.67","class":"丙"},)"
                           R"("person":{"born":"2000-02-29","left":null,"unread":"张三"},"hire":{"months":12},)"
                           R"("fund":{"months":23.5}})";
  // Taken in one pass: the common shapes, with what real exports add.
  std::vector<std::string> common = {
      base,
      "{}",
      " {\n \"hire\" : { \"months\" : 7 } ,\t\"course\":{\"retention\":\"5.5%\"} }\r\n",
      R"({"firm":{"class":"甲","premium":1},"export":"2024-06","row":17,"hire":{"months":0,"source":"hr"}})",
      // Numbers in their plain forms, read from their digits, and the longer ones through the exact parser.
      R"({"hire":{"months":0},"fund":{"months":0.10},"course":{"retention":1.5},"firm":{"premium":12.3}})",
      R"({"firm":{"premium":-0},"fund":{"months":-0.0},"course":{"retention":0.055}})",
      R"({"course":{"retention":123456789.123456789},"hire":{"months":999999999999999999}})",
      R"({"hire":{"months":1000000000000000000},"firm":{"premium":12345678901234567}})",
      R"({"course":{"retention":0.1234567890},"fund":{"months":10.00},"firm":{"premium":99999999999999.99}})",
  };
  // Declined, for the general path to decode or to name the error.
  std::vector<std::string> uncommon = {
      R"({"person":{"unread":"a\"b"}})",                       // an escape
      R"({"person":{"born":"2000-01-01","born":null}})",       // a key twice
      R"({"person":{"born":"2000-01-01"},"person":{}})",       // a group twice
      R"({"person.born":"2000-01-01"})",                       // a dotted key
      R"({"person":{"born":"2000-01-01"},"person.born":"2000-01-01"})",
      R"({"person":{"unread":"x","extra":[1,2]}})",            // an undeclared list
      R"({"hire":{"months":12.5}})",                           // a refused value
      R"({"hire":{"months":-1}})",                             // out of range
      R"({"firm":{"premium":-0.01}})",                         // a negative amount
      R"({"firm":{"premium":1.005}})",                         // past the fen
      R"({"fund":{"months":-0.5}})",                           // a negative decimal
      R"({"hire":{"months":99999999999999999999}})",           // past 64 bits
      R"({"firm":{"class":"戊"}})",                             // not a word
      "\xEF\xBB\xBF{}",                                         // a byte order mark
      R"({"hire":{"months":01}})",
      R"({"hire":{"months":12}} x)",
      R"({"hire":{"months":12},})",
      R"({"hire":{"months":tru}})",
      "{\"person\":{\"unread\":\"caf\xC3\"}}",                   // invalid UTF-8
      R"({"x":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"\u0061":10}})",
      R"({"firm":"big"})",                                     // a group as a scalar
      "",
      "[1]",
  };
  Interner strings;
  OnePassDecoder one_pass(f.schema, Fixture::Specs(), strings, false);
  auto taken = [&](const std::string& json) {
    Record r;
    r.values.assign(14, 0);
    r.present.assign(7, 0);
    return one_pass.Decode(json, r);
  };
  for (int round = 0; round < 2; ++round) {  // the second round with the keys' order learnt
    for (const auto& json : common) CHECK_MESSAGE(taken(json), json);
    for (const auto& json : uncommon) CHECK_MESSAGE(!taken(json), json);
  }
  for (const auto& json : common) CHECK_FALSE(f.decoder.Decode(json, f.record));
  // ...the last common record: 0.123456789 = 123456789/10^9 (odd: lowest terms already), 10, 9999999999999999 fen.
  CHECK(f.record.values[0] == 123456789);
  CHECK(f.record.values[1] == 1000000000);
  CHECK(f.record.values[12] == 10);
  CHECK(f.record.values[13] == 1);
  CHECK(f.record.values[2] == 9999999999999999);
  std::vector<std::string> all = common;
  all.insert(all.end(), uncommon.begin(), uncommon.end());
  for (const auto& json : all) {
    Record general;
    auto a = f.decoder.Decode(json, f.record);
    auto b = f.decoder.DecodeGeneral(json, general);
    CHECK_MESSAGE(Seen(a, f.record) == Seen(b, general), json);
  }
  // Strict decoding declines every undeclared key, for the general path to name it.
  OnePassDecoder strict(f.schema, Fixture::Specs(), strings, true);
  Record r;
  r.values.assign(14, 0);
  r.present.assign(7, 0);
  CHECK(strict.Decode(base, r));
  CHECK_FALSE(strict.Decode(R"({"hire":{"months":1},"row":17})", r));
}

TEST_CASE("bytes are compared in full whatever their length") {
  const std::string a = "avg_monthly_insured_prior_year_and_some_more";
  for (size_t n = 0; n <= a.size(); ++n) {
    CHECK(SameBytes(a.data(), a.data(), n));
    for (size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] ^= 0x20;
      CHECK_MESSAGE(!SameBytes(a.data(), b.data(), n), n, " bytes, differing at ", at);
    }
  }
}
