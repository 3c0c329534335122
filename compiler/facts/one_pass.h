// The facts of one record decoded in a single pass over its text, straight
// into the record, for the shape nearly every record has: groups of scalar
// facts (`{"group": {"fact": value, …}, …}`), no escapes. Anything else —
// a refused value, a list, a dotted key, an escape, a repeated key, a key
// the schema does not know in strict decoding — is declined, and the
// general decoder decodes that record instead: the record, or the error,
// is the same either way, as the values are read by the same rules
// (fact_value.h) and the text is checked by the same ones (json_text.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts/decoder.h"
#include "facts/fact_value.h"
#include "facts/json_text.h"

namespace provisio::facts {

class OnePassDecoder {
 public:
  OnePassDecoder(const schema::Schema& schema, const std::vector<SlotSpec>& wanted, Interner& strings, bool strict);
  // Fills `record`, already reset, or declines with false (leaving it to be reset again).
  bool Decode(std::string_view json, Record& record);

 private:
  // A key the schema declares: a group, a list, or a fact inside a group.
  struct Entry {
    enum class Kind : uint8_t { Group, List, Fact } kind;
    int32_t group;  // a fact's group; -1 for top-level keys
    int32_t id;     // the group's index, or the fact's in the schema
    std::string key;
    std::string written;  // `"key":`
  };
  int32_t Find(std::string_view key, int32_t group) const;  // index into entries_, or -1
  void Add(Entry entry);

  bool Object(int32_t group, Record& record);  // a group's object, or the root's (group -1)
  bool Read(int32_t fact, int32_t slot, JsonValue value, Record& record);  // a wanted fact's value
  bool Match(std::string_view written);
  bool Colon();
  bool Value(JsonValue& value);
  bool String(std::string_view& inner);
  bool Number();
  bool Literal(std::string_view word);
  // A key the schema does not declare: allowed, and not given before in the object whose keys start at `from`.
  bool Unknown(std::string_view key, size_t from);
  void Space() {
    while (pos_ < text_.size() && IsJsonSpace(text_[pos_])) ++pos_;
  }
  bool At(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  const schema::Schema& schema_;
  Interner& strings_;
  bool strict_;
  std::vector<Entry> entries_;
  std::vector<int32_t> table_;   // open addressing: entry index or -1
  std::vector<int32_t> next_;   // per entry: the key after it last time, or -1
  std::vector<int32_t> first_;  // per object (the root, then each group): its first key last time
  std::vector<int32_t> slot_of_;
  static constexpr int64_t kNoDay = INT64_MIN;
  struct DateMemo {
    char text[10];
    int64_t day = kNoDay;
  };
  std::vector<DateMemo> dates_;  // per schema fact: the last date text read and its day  // per schema fact: its slot when wanted, else -1
  // Keys seen in this record, by a stamp per record rather than cleared each time.
  std::vector<uint32_t> seen_;  // per entry
  uint32_t stamp_ = 0;
  std::vector<std::string_view> unknown_;  // the current object's undeclared keys
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace provisio::facts
