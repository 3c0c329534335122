#include "facts/one_pass.h"

#include <cstring>

namespace provisio::facts {

namespace {
constexpr size_t kMaxUnknown = 16;  // undeclared keys per object compared pairwise; more are declined

// From the length, the group and at most the first and last eight bytes:
// keys of one schema differ there, and the table compares them in full.
uint64_t Hash(std::string_view key, int32_t group) {
  uint64_t head = 0, tail = 0;
  size_t n = key.size();
  if (n >= 8) {
    std::memcpy(&head, key.data(), 8);
    std::memcpy(&tail, key.data() + n - 8, 8);
  } else {
    std::memcpy(&head, key.data(), n);
  }
  uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ULL) ^ (n << 56) ^ static_cast<uint64_t>(group + 1)) * 0xFF51AFD7ED558CCDULL;
  return h ^ (h >> 29);
}
}  // namespace

OnePassDecoder::OnePassDecoder(const schema::Schema& schema, const std::vector<SlotSpec>& wanted, Interner& strings,
                               bool strict)
    : schema_(schema), strings_(strings), strict_(strict), slot_of_(schema.facts.size(), -1) {
  for (const SlotSpec& w : wanted) slot_of_[w.fact] = w.slot;
  std::vector<std::string> groups;
  for (size_t f = 0; f < schema.facts.size(); ++f) {
    const std::string& name = schema.facts[f].name;
    size_t dot = name.find('.');
    std::string group = name.substr(0, dot);
    int32_t g = Find(group, -1);
    if (g < 0) {
      Add({Entry::Kind::Group, -1, static_cast<int32_t>(groups.size()), group, {}});
      g = static_cast<int32_t>(entries_.size() - 1);
      groups.push_back(group);
    }
    Add({Entry::Kind::Fact, entries_[g].id, static_cast<int32_t>(f), name.substr(dot + 1), {}});
  }
  for (size_t l = 0; l < schema.lists.size(); ++l)
    if (Find(schema.lists[l].name, -1) < 0) Add({Entry::Kind::List, -1, static_cast<int32_t>(l), schema.lists[l].name, {}});
  seen_.assign(entries_.size(), 0);
  dates_.resize(schema.facts.size());
  next_.assign(entries_.size(), -1);
  first_.assign(groups.size() + 1, -1);
}

void OnePassDecoder::Add(Entry entry) {
  entry.written = "\"" + entry.key + "\":";
  entries_.push_back(std::move(entry));
  size_t size = 16;
  while (size < 2 * entries_.size()) size *= 2;
  bool grown = table_.size() != size;  // then every entry is placed again
  if (grown) table_.assign(size, -1);
  for (size_t i = grown ? 0 : entries_.size() - 1; i < entries_.size(); ++i) {
    size_t at = Hash(entries_[i].key, entries_[i].group) & (size - 1);
    while (table_[at] >= 0) at = (at + 1) & (size - 1);
    table_[at] = static_cast<int32_t>(i);
  }
}

int32_t OnePassDecoder::Find(std::string_view key, int32_t group) const {
  if (table_.empty()) return -1;
  size_t mask = table_.size() - 1;
  for (size_t at = Hash(key, group) & mask; table_[at] >= 0; at = (at + 1) & mask) {
    const Entry& e = entries_[table_[at]];
    if (e.group == group && e.key.size() == key.size() && SameBytes(e.key.data(), key.data(), key.size()))
      return table_[at];
  }
  return -1;
}

bool OnePassDecoder::Decode(std::string_view json, Record& record) {
  text_ = json;
  pos_ = 0;
  unknown_.clear();
  if (++stamp_ == 0) {  // wrapped: no stale stamp may look current
    seen_.assign(seen_.size(), 0);
    stamp_ = 1;
  }
  Space();
  if (!Object(-1, record)) return false;
  Space();
  return pos_ == text_.size();
}

// A date's text is parsed once while the records repeat it (an export's
// application date, say): the same ten bytes give the same day.
bool OnePassDecoder::Read(int32_t fact, int32_t slot, JsonValue value, Record& record) {
  const schema::Field& field = schema_.facts[fact];
  int64_t* out = &record.values[2 * slot];
  bool date = field.type == schema::ValueType::Date && value.kind == JsonValue::Kind::String && value.text.size() == 10;
  DateMemo& memo = dates_[fact];
  if (date && memo.day != kNoDay && SameBytes(memo.text, value.text.data(), 10)) {
    out[0] = memo.day;
    out[1] = 1;
    record.present[slot] = 1;
    return true;
  }
  if (ReadValue(schema_, field, value, strings_, out, &record.present[slot]) != Refusal::None) return false;
  if (date) {
    std::memcpy(memo.text, value.text.data(), 10);
    memo.day = out[0];
  }
  return true;
}

bool OnePassDecoder::Object(int32_t group, Record& record) {
  if (!At('{')) return false;
  ++pos_;
  Space();
  if (At('}')) return ++pos_, true;
  size_t unknown_base = unknown_.size();
  // Records of one export list their keys in one order: the key that followed
  // this one last time is tried before the table.
  int32_t* link = &first_[group + 1];
  int32_t unguessed = -1;  // after an undeclared key
  while (true) {
    std::string_view key;
    int32_t found = *link;
    if (found >= 0 && entries_[found].group == group && Match(entries_[found].written)) {
      key = entries_[found].key;
      Space();
    } else {
      if (!String(key) || !Colon()) return false;
      *link = found = Find(key, group);
    }
    unguessed = -1;
    link = found >= 0 ? &next_[found] : &unguessed;
    if (found >= 0) {
      if (seen_[found] == stamp_) return false;  // given twice: the general decoder names it
      seen_[found] = stamp_;
    }
    const Entry* entry = found >= 0 ? &entries_[found] : nullptr;
    if (entry != nullptr && entry->kind == Entry::Kind::Group) {
      if (!Object(entry->id, record)) return false;
    } else if (entry != nullptr && entry->kind == Entry::Kind::Fact) {
      JsonValue value;
      if (!Value(value)) return false;
      int32_t slot = slot_of_[entry->id];
      if (slot >= 0 && !Read(entry->id, slot, value, record)) return false;
    } else {
      // Lists, dotted keys and undeclared objects take the general path.
      if (entry != nullptr || (group < 0 && key.find('.') != std::string_view::npos) || !Unknown(key, unknown_base)) return false;
      JsonValue value;
      if (!Value(value)) return false;
    }
    Space();
    if (At(',')) {
      ++pos_;
      Space();
      continue;
    }
    if (!At('}')) return false;
    ++pos_;
    unknown_.resize(unknown_base);
    return true;
  }
}

bool OnePassDecoder::Unknown(std::string_view key, size_t from) {
  if (strict_ || unknown_.size() - from >= kMaxUnknown) return false;
  for (size_t i = from; i < unknown_.size(); ++i)
    if (unknown_[i] == key) return false;
  unknown_.push_back(key);
  return true;
}

// `"key":` as a compact export writes a declared key (an identifier: nothing in it to escape).
[[gnu::always_inline]] inline bool OnePassDecoder::Match(std::string_view written) {
  if (pos_ + written.size() > text_.size() || !SameBytes(text_.data() + pos_, written.data(), written.size())) return false;
  pos_ += written.size();
  return true;
}

[[gnu::always_inline]] inline bool OnePassDecoder::Colon() {
  Space();
  if (!At(':')) return false;
  ++pos_;
  Space();
  return true;
}

[[gnu::always_inline]] inline bool OnePassDecoder::Value(JsonValue& value) {
  if (pos_ >= text_.size()) return false;
  size_t begin = pos_;
  switch (text_[pos_]) {
    case '"': value.kind = JsonValue::Kind::String; return String(value.text);
    case 't': value.kind = JsonValue::Kind::True; return Literal("true");
    case 'f': value.kind = JsonValue::Kind::False; return Literal("false");
    case 'n': value.kind = JsonValue::Kind::Null; return Literal("null");
    default:
      value.kind = JsonValue::Kind::Number;
      if (!Number()) return false;
      value.text = text_.substr(begin, pos_ - begin);
      return true;
  }
}

[[gnu::always_inline]] inline bool OnePassDecoder::String(std::string_view& inner) {
  if (!At('"')) return false;
  size_t begin = ++pos_;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  while (true) {
    pos_ = SkipPlain(bytes, pos_, text_.size());
    if (pos_ >= text_.size()) return false;
    unsigned char c = bytes[pos_];
    if (c == '"') break;
    if (c < 0x80) return false;  // an escape or a control character
    size_t n = Utf8Length(bytes + pos_, bytes + text_.size());
    if (n == 0) return false;
    pos_ += n;
  }
  inner = text_.substr(begin, pos_ - begin);
  ++pos_;
  return true;
}

// JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
[[gnu::always_inline]] inline bool OnePassDecoder::Number() {
  auto digits = [&] {
    size_t from = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    return pos_ > from;
  };
  if (At('-')) ++pos_;
  if (At('0')) {
    ++pos_;
  } else if (!digits()) {
    return false;
  }
  if (At('.')) {
    ++pos_;
    if (!digits()) return false;
  }
  if (At('e') || At('E')) {
    ++pos_;
    if (At('+') || At('-')) ++pos_;
    if (!digits()) return false;
  }
  return true;  // "01" leaves a digit after "0": the caller's `,` or `}` is not found
}

[[gnu::always_inline]] inline bool OnePassDecoder::Literal(std::string_view word) {
  if (pos_ + word.size() > text_.size() || !SameBytes(text_.data() + pos_, word.data(), word.size())) return false;
  pos_ += word.size();
  return true;
}

}  // namespace provisio::facts
