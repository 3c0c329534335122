// Facts decoding: exact numbers from the JSON text, every error naming the fact.
#include <doctest/doctest.h>

#include <map>

#include "facts/decoder.h"

using namespace provisio::facts;

namespace {
struct Fixture {
  Interner strings;
  std::vector<std::string> names = {"internship.unit_retention_rate", "enterprise.ui_premium_paid_prior_year",
                                    "person.birth_date", "enterprise.size", "hire.contract_months",
                                    "person.graduation_date", "region.injury_fund_reserve_months"};
  Decoder decoder;
  Record record;

  static std::vector<SlotSpec> Specs(const std::vector<std::string>& names) {
    std::vector<SlotSpec> specs;
    for (size_t i = 0; i < names.size(); ++i) specs.push_back({static_cast<int32_t>(i), FindFact(names[i])});
    return specs;
  }
  Fixture() : decoder(7, Specs(names), {0, 1, 2, 3, 4, 6}, false, strings) {}

  // The base record, nested by group, with some facts replaced: `{"hire.contract_months", "12.5"}`.
  std::optional<FactError> Decode(const std::map<std::string, std::string>& replaced = {}) {
    std::map<std::string, std::map<std::string, std::string>> groups;
    std::map<std::string, std::string> facts = {
        {"internship.unit_retention_rate", "0.1"}, {"enterprise.ui_premium_paid_prior_year", "\"12345.67\""},
        {"enterprise.size", "\"small\""},       {"person.birth_date", "\"2000-02-29\""},
        {"hire.contract_months", "12"},          {"region.injury_fund_reserve_months", "23.5"}};
    for (const auto& [name, value] : replaced) facts[name] = value;
    for (const auto& [name, value] : facts) groups[name.substr(0, name.find('.'))][name.substr(name.find('.') + 1)] = value;
    std::string json;
    for (const auto& [group, fields] : groups) {
      std::string inner;
      for (const auto& [field, value] : fields) inner += (inner.empty() ? "" : ",") + ("\"" + field + "\":" + value);
      json += (json.empty() ? "" : ",") + ("\"" + group + "\":{" + inner + "}");
    }
    return decoder.Decode("{" + json + "}", record);
  }
};
}  // namespace

TEST_CASE("numbers are read exactly from their text") {
  Fixture f;
  REQUIRE_FALSE(f.Decode());
  CHECK(f.record.values[0] == 1);   // 0.1 = 1/10, exactly
  CHECK(f.record.values[1] == 10);
  CHECK(f.record.values[2] == 1234567);  // fen
  CHECK(f.record.values[6] == 2);   // enterprise.size (slot 3): "small" is word 2 of large, medium, small, micro
  CHECK(f.record.values[12] == 47);  // 23.5 = 47/2
  CHECK(f.record.values[13] == 2);
  CHECK(f.record.present[5] == 0);  // graduation_date is optional and absent
}

TEST_CASE("flat dotted keys work as well as nested groups") {
  Fixture f;
  REQUIRE_FALSE(f.decoder.Decode(R"({"internship.unit_retention_rate":0.1,"enterprise.ui_premium_paid_prior_year":1,)"
                                  R"("enterprise.size":"micro","person.birth_date":"2000-02-29","hire.contract_months":1,)"
                                  R"("region.injury_fund_reserve_months":1,"person.graduation_date":"2022-07-01"})",
                                  f.record));
  CHECK(f.record.present[5] == 1);
  CHECK(f.record.values[6] == 3);  // micro
}

TEST_CASE("each bad fact is named with what was expected") {
  Fixture f;
  auto e = f.decoder.Decode(R"({"internship":{"unit_retention_rate":"5.5%"}})", f.record);
  REQUIRE(e);
  CHECK(e->fact == "enterprise.ui_premium_paid_prior_year");
  CHECK(e->message == "missing fact enterprise.ui_premium_paid_prior_year");

  e = f.Decode({{"enterprise.ui_premium_paid_prior_year", "12345.675"}});
  REQUIRE(e);
  CHECK(e->fact == "enterprise.ui_premium_paid_prior_year");
  CHECK(e->message.find("at most 2 decimals") != std::string::npos);

  e = f.Decode({{"person.birth_date", "\"2023-02-30\""}});
  REQUIRE(e);
  CHECK(e->fact == "person.birth_date");

  e = f.Decode({{"enterprise.size", "\"huge\""}});
  REQUIRE(e);
  CHECK(e->message.find("large, medium, small, micro") != std::string::npos);

  e = f.Decode({{"hire.contract_months", "12.5"}});
  REQUIRE(e);
  CHECK(e->fact == "hire.contract_months");

  e = f.Decode({{"hire.contract_months", "-1"}});
  REQUIRE(e);
  CHECK(e->message.find("at least 0") != std::string::npos);

  e = f.Decode({{"enterprise.ui_premium_paid_prior_year", "\"99999999999999999999\""}});
  REQUIRE(e);
  CHECK(e->message.find("int64") != std::string::npos);

  e = f.Decode({{"internship.unit_retention_rate", "1e-1"}});
  REQUIRE(e);
  CHECK(e->fact == "internship.unit_retention_rate");
}

TEST_CASE("a rate may be written as a percent string") {
  Fixture f;
  REQUIRE_FALSE(f.Decode({{"internship.unit_retention_rate", "\"5.5%\""}}));
  CHECK(f.record.values[0] == 11);
  CHECK(f.record.values[1] == 200);
}

TEST_CASE("malformed JSON is an error, not a crash") {
  Fixture f;
  // Found by the facts fuzzer: a broken token where a fact's value should be
  // once made the JSON library throw.
  auto e = f.decoder.Decode(R"({"person": {"birth_date":nt "2023-06-01$, "x": 1}})", f.record);
  REQUIRE(e);
  CHECK_FALSE(e->message.empty());
  CHECK(f.decoder.Decode("{\"internship\": ", f.record));
  CHECK(f.decoder.Decode("[1,2]", f.record));
  CHECK(f.decoder.Decode("", f.record));
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
  // `tru` starts at byte 188 of {"enterprise":{"size":"small","ui_premium_paid_prior_year":"12345.67"},"hire":…
  CHECK(e->message.find("column 188: expected a JSON value, found `tru`") != std::string::npos);
  CHECK_FALSE(f.Decode({{"person.unread", "[1, {\"x\": null}, \"\\u00e9\\ud83d\\ude00\"]"}}));
}

TEST_CASE("a key given twice is an error naming it") {
  Fixture f;
  auto e = f.decoder.Decode(R"({"person":{"birth_date":"2000-01-01","birth_date":null}})", f.record);
  REQUIRE(e);
  CHECK(e->message.find("the key \"birth_date\" is given twice") != std::string::npos);
  e = f.decoder.Decode(R"({"x":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"\u0061":10}})", f.record);
  REQUIRE(e);
  CHECK(e->message.find("the key \"a\" is given twice") != std::string::npos);
  // The same fact nested and flat, read or not.
  REQUIRE(f.decoder.Decode(R"({"person":{"birth_date":"2000-02-29"},"person.birth_date":"2000-02-29"})", f.record));
  e = f.decoder.Decode(R"({"person":{"unread":1},"person.unread":2})", f.record);
  REQUIRE(e);
  CHECK(e->message == "fact person.unread is given twice (nested and as a dotted key)");
}

TEST_CASE("a whole number is written without a fraction") {
  Fixture f;
  auto e = f.Decode({{"hire.contract_months", "12.0"}});
  REQUIRE(e);
  CHECK(e->message == "fact hire.contract_months: expected a whole number, found 12.0");
  CHECK(f.Decode({{"hire.contract_months", "1e1"}}));
}

TEST_CASE("a byte order mark and invalid UTF-8 are named") {
  Fixture f;
  auto e = f.decoder.Decode("\xEF\xBB\xBF{}", f.record);
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
  auto e = f.Decode({{"enterprise.size", long_text}});
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
