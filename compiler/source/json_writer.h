// JSON text out, one way for the whole project (outputs, error objects,
// diagnostics, schemas, case files): JsonString escapes a string once —
// ill-formed UTF-8 becomes U+FFFD, so what is written is always valid
// JSON — and JsonWriter puts values, keys and commas in place.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <bitset>

namespace provisio::source {

std::string JsonString(std::string_view text);

// Appends one JSON value to `out`: objects and arrays with their commas.
// Defined here, small: a record's answer is written with a dozen calls.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // The next member's key; QuotedKey takes one already escaped (with its quotes).
  JsonWriter& Key(std::string_view key) { return QuotedKey(JsonString(key)); }
  JsonWriter& QuotedKey(std::string_view quoted) {
    Separate();
    out_ += quoted;
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view text) { return Raw(JsonString(text)); }
  JsonWriter& Int(int64_t value) { return Raw(std::to_string(value)); }
  JsonWriter& Bool(bool value) { return Raw(value ? "true" : "false"); }
  JsonWriter& Null() { return Raw("null"); }
  // A value already written as JSON (a number's text, an escaped string, a nested value).
  JsonWriter& Raw(std::string_view json) {
    Separate();
    out_ += json;
    return *this;
  }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket) {
    out_ += bracket;
    --depth_;
    return *this;
  }
  void Separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (depth_ > 0) {
      if (wrote_[depth_ - 1]) out_ += ',';
      wrote_[depth_ - 1] = true;
    }
  }
  // Containers nest at most kMaxDepth deep (the JSON reader refuses deeper
  // input); kept in place so that writing allocates nothing but `out`.
  static constexpr int kMaxDepth = 128;
  std::string& out_;
  std::bitset<kMaxDepth> wrote_;  // per open container: something written in it
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace provisio::source
