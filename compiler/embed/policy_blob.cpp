#include "embed/policy_blob.h"

#include <cstring>
#include <type_traits>

#include "provisio/runtime.h"

namespace provisio::embed {

namespace {
constexpr char kMagic[] = "provisio-policy";  // then the ABI version: a blob of another build is refused

// Every value as one little-endian word, every text as its length and bytes.
struct Writer {
  std::string bytes;
  template <class T>
    requires std::is_integral_v<T> || std::is_enum_v<T>
  void operator()(const T& v) {
    auto w = static_cast<int64_t>(v);
    bytes.append(reinterpret_cast<const char*>(&w), sizeof w);
  }
  void operator()(const std::string& s) {
    (*this)(static_cast<int64_t>(s.size()));
    bytes += s;
  }
  template <class T>
  void operator()(const std::optional<T>& o) {
    (*this)(o.has_value());
    if (o) (*this)(*o);
  }
  template <class T, class F>
  void List(const std::vector<T>& items, F&& each) {
    (*this)(static_cast<int64_t>(items.size()));
    for (const auto& x : items) each(x);
  }
};

// The same read back; any short or impossible count clears `ok`.
struct Reader {
  std::string_view bytes;
  size_t pos = 0;
  bool ok = true;
  int64_t Word() {
    int64_t w = 0;
    if (pos + sizeof w > bytes.size()) {
      ok = false;
      return 0;
    }
    std::memcpy(&w, bytes.data() + pos, sizeof w);
    pos += sizeof w;
    return w;
  }
  template <class T>
    requires std::is_integral_v<T> || std::is_enum_v<T>
  void operator()(T& v) {
    v = static_cast<T>(Word());
  }
  void operator()(std::string& s) {
    int64_t n = Word();
    if (n < 0 || static_cast<size_t>(n) > bytes.size() - pos) {
      ok = false;
      return;
    }
    s.assign(bytes.substr(pos, static_cast<size_t>(n)));
    pos += static_cast<size_t>(n);
  }
  template <class T>
  void operator()(std::optional<T>& o) {
    bool given = false;
    (*this)(given);
    o.reset();
    if (given) (*this)(o.emplace());
  }
  template <class T, class F>
  void List(std::vector<T>& items, F&& each) {
    int64_t n = Word();
    if (n < 0 || static_cast<size_t>(n) > (bytes.size() - pos) / sizeof(int64_t)) {  // each item is a word at least
      ok = false;
      return;
    }
    items.resize(static_cast<size_t>(n));
    for (auto& x : items)
      if (ok) each(x);
  }
};

// One list of fields for both directions, so that reading cannot drift from
// writing: `M` is the module, const when written.
template <class IO, class F>
void FieldOf(IO& io, F& f) {
  io(f.name);
  io(f.type);
  io(f.enum_id);
  io(f.optional);
  io(f.min);
  io(f.max);
}

template <class IO, class S>
void SpanOf(IO& io, S& s) {
  io(s.file.index);
  io(s.begin);
  io(s.end);
}

template <class IO, class M>
void ModuleOf(IO& io, M& m) {
  io(m.policy_id);
  io(m.title);
  io(m.source_doc);
  auto& schema = m.schema;
  io.List(schema.enums, [&](auto& e) {
    io(e.name);
    io.List(e.words, [&](auto& w) { io(w); });
    io.List(e.labels, [&](auto& w) { io(w); });
  });
  io.List(schema.facts, [&](auto& f) { FieldOf(io, f); });
  io.List(schema.records, [&](auto& r) {
    io(r.name);
    io.List(r.fields, [&](auto& f) { FieldOf(io, f); });
  });
  io.List(schema.lists, [&](auto& l) {
    io(l.name);
    io(l.record);
  });
  io(schema.event);
  io.List(m.slots, [&](auto& s) {
    io(s.name);
    io(s.type.kind);
    io(s.type.enum_id);
    io(s.optional);
    io(s.fact);
  });
  io.List(m.provisions, [&](auto& p) {
    io(p.id);
    io(p.title);
    io(p.cite);
    io(p.window_from);
    io(p.window_to);
    io.List(p.rules, [&](auto& r) {
      io(r.name);
      io(r.reason);
      io(r.cite);
      io.List(r.guards, [&](auto& g) { io(g); });
    });
    io.List(p.outputs, [&](auto& o) {
      io(o.name);
      io(o.type.kind);
      io(o.type.enum_id);
    });
    io.List(p.needed_slots, [&](auto& s) { io(s); });
    io.List(p.lists_read, [&](auto& l) { io(l); });
  });
  io.List(m.sites, [&](auto& s) {
    SpanOf(io, s.span);
    io(s.provision);
    io(s.what);
  });
  io.List(m.strings, [&](auto& s) { io(s); });
}

// The event date's fact slot, which reasons name; -1 when it is computed.
int32_t EventSlot(const ir::Provision& p) {
  const auto* load = p.event ? std::get_if<ir::FactLoad>(&p.event->node) : nullptr;
  return load ? load->slot : -1;
}
}  // namespace

std::string Serialize(const eval::CompiledPolicy& policy) {
  Writer w;
  w(std::string(kMagic));
  w(static_cast<int64_t>(PROVISIO_ABI_VERSION));
  w(static_cast<int64_t>(policy.sources.size()));
  for (size_t i = 0; i < policy.sources.size(); ++i) {
    const auto& file = policy.sources.Get(source::FileId{static_cast<int32_t>(i)});
    w(file.path());
    w(file.utf8());
  }
  ModuleOf(w, policy.module);
  for (const auto& p : policy.module.provisions) w(EventSlot(p));
  return std::move(w.bytes);
}

std::unique_ptr<eval::CompiledPolicy> Deserialize(std::string_view blob) {
  Reader r{blob};
  std::string magic;
  r(magic);
  if (!r.ok || magic != kMagic || r.Word() != PROVISIO_ABI_VERSION) return nullptr;
  auto policy = std::make_unique<eval::CompiledPolicy>();
  int64_t files = r.Word();
  for (int64_t i = 0; r.ok && i < files; ++i) {
    std::string path, text;
    r(path);
    r(text);
    policy->sources.Add(std::move(path), std::move(text));
  }
  ModuleOf(r, policy->module);
  for (auto& p : policy->module.provisions) {
    int32_t slot = -1;
    r(slot);
    auto event = std::make_shared<ir::Expr>();
    if (slot >= 0) event->node = ir::FactLoad{slot};
    p.event = std::move(event);
  }
  if (!r.ok || r.pos != blob.size()) return nullptr;
  return policy;
}

}  // namespace provisio::embed
