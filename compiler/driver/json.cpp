#include "driver/json.h"

#include <fmt/format.h>

#include "eval/render.h"
#include "facts/json_tape.h"

namespace provisio::driver {

using namespace provisio::eval;

const Json* Json::Find(const std::string& key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

Json Json::Merge(const Json& base, const Json& over) {
  if (base.kind != Kind::Object || over.kind != Kind::Object) return over;
  Json out = base;
  for (size_t i = 0; i < over.keys.size(); ++i) {
    bool merged = false;
    for (size_t j = 0; j < out.keys.size(); ++j)
      if (out.keys[j] == over.keys[i]) {
        out.values[j] = Merge(out.values[j], over.values[i]);
        merged = true;
      }
    if (!merged) {
      out.keys.push_back(over.keys[i]);
      out.values.push_back(over.values[i]);
    }
  }
  return out;
}

void Json::Write(source::JsonWriter& out) const {
  switch (kind) {
    case Kind::Null: out.Null(); break;
    case Kind::Bool: out.Bool(boolean); break;
    case Kind::Number: out.Raw(text); break;
    case Kind::String: out.String(text); break;
    case Kind::Array:
      out.BeginArray();
      for (const auto& item : items) item.Write(out);
      out.EndArray();
      break;
    case Kind::Object:
      out.BeginObject();
      for (size_t i = 0; i < keys.size(); ++i) {
        out.Key(keys[i]);
        values[i].Write(out);
      }
      out.EndObject();
      break;
  }
}

std::string Json::Dump() const {
  std::string text;
  source::JsonWriter out(text);
  Write(out);
  return text;
}

namespace {
// Builds the tree from a validated tape, node `i` and what it holds.
Json Build(const facts::JsonTape& tape, uint32_t i) {
  using K = facts::JsonTape::Kind;
  const auto& n = tape[i];
  Json v;
  std::string scratch;
  switch (n.kind) {
    case K::Null: break;
    case K::False:
    case K::True: v.kind = Json::Kind::Bool, v.boolean = n.kind == K::True; break;
    case K::Number: v.kind = Json::Kind::Number, v.text = tape.Raw(n); break;
    case K::String: v.kind = Json::Kind::String, v.text = tape.Text(n, scratch); break;
    case K::Array:
      v.kind = Json::Kind::Array;
      for (uint32_t c = facts::JsonTape::FirstChild(i); c < n.next; c = tape[c].next) v.items.push_back(Build(tape, c));
      break;
    case K::Object:
      v.kind = Json::Kind::Object;
      for (uint32_t c = facts::JsonTape::FirstChild(i); c < n.next; c = tape[c + 1].next) {
        v.keys.emplace_back(tape.Text(tape[c], scratch));
        v.values.push_back(Build(tape, c + 1));
      }
      break;
  }
  return v;
}
}  // namespace

std::optional<Json> ParseJson(const std::string& text, std::string& error) {
  facts::JsonTape tape;
  facts::JsonError e;
  if (!tape.Parse(text, e)) {
    error = fmt::format("{}: {}", e.Where(text), e.message);
    return std::nullopt;
  }
  return Build(tape, 0);
}

}  // namespace provisio::driver
