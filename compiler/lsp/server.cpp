#include "lsp/server.h"

#include <fmt/format.h>

#include <ostream>
#include <set>

#include "diag/diagnostic.h"
#include "diag/emitter.h"
#include "diag/consumers.h"
#include "lsp/index.h"
#include "lsp/json_rpc.h"
#include "lsp/workspace.h"
#include "source/json_writer.h"
#include "syntax/format.h"

namespace provisio::lsp {

namespace {

using source::JsonWriter;

// JSON-RPC error codes.
constexpr int kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602,
              kNotInitialized = -32002;

class Server {
 public:
  Server(std::ostream& out, std::vector<std::string> policy_path) : out_(out), workspace_(std::move(policy_path)) {}

  // False when the client asked to exit.
  bool Handle(const Message& m) {
    std::string method = m.String(m.Get(m.Root(), "method"));
    int32_t id = m.Get(m.Root(), "id");
    int32_t params = m.Get(m.Root(), "params");
    if (method.empty()) {
      if (id != Message::kNone && m.Get(m.Root(), "result") == Message::kNone && m.Get(m.Root(), "error") == Message::kNone)
        Error(m.Raw(id), kInvalidRequest, "a request names its method");
      return true;  // a response to us: we send no requests
    }
    if (method == "exit") return false;
    if (id == Message::kNone) Notification(m, method, params);
    else Request(m, method, m.Raw(id), params);
    return true;
  }

  void Error(std::string_view id, int code, const std::string& message) {
    std::string body;
    JsonWriter w(body);
    w.BeginObject().Key("jsonrpc").String("2.0").Key("id").Raw(id).Key("error").BeginObject();
    w.Key("code").Int(code).Key("message").String(message).EndObject().EndObject();
    Send(body);
  }
  bool shut_down() const { return shut_down_; }
  bool write_failed() const { return write_failed_; }

 private:
  void Send(const std::string& body) {
    if (!write_failed_ && !WriteMessage(out_, body)) write_failed_ = true;
  }
  void Respond(std::string_view id, const std::string& result) {
    std::string body;
    JsonWriter(body).BeginObject().Key("jsonrpc").String("2.0").Key("id").Raw(id).Key("result").Raw(result).EndObject();
    Send(body);
  }
  void Notify(const std::string& method, const std::string& params) {
    std::string body;
    JsonWriter(body).BeginObject().Key("jsonrpc").String("2.0").Key("method").String(method).Key("params").Raw(params).EndObject();
    Send(body);
  }

  void Request(const Message& m, const std::string& method, std::string_view id, int32_t params) {
    if (method == "initialize") return Initialize(m, id, params);
    if (!initialized_) return Error(id, kNotInitialized, "initialize first");
    if (shut_down_) return Error(id, kInvalidRequest, "the server is shut down");
    if (method == "shutdown") {
      shut_down_ = true;
      return Respond(id, "null");
    }
    static const std::set<std::string> kDocumentMethods = {
        "textDocument/hover", "textDocument/definition", "textDocument/completion",
        "textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeAction"};
    if (!kDocumentMethods.contains(method)) return Error(id, kMethodNotFound, "no method " + method);
    std::string uri = m.String(m.Path({"textDocument", "uri"}, params));
    if (uri.empty()) return Error(id, kInvalidParams, "params.textDocument.uri is missing");
    bool nullable = method == "textDocument/hover" || method == "textDocument/definition";
    const Analysis* a = workspace_.AnalysisOf(uri);
    if (a == nullptr || a->root.index < 0) return Respond(id, nullable ? "null" : "[]");  // not open here
    if (method == "textDocument/documentSymbol") return Respond(id, DocumentSymbols(*a));
    if (method == "textDocument/formatting") return Respond(id, Formatting(uri));
    if (method == "textDocument/codeAction") return Respond(id, CodeActions(m, params, uri));
    auto offset = OffsetParam(m, m.Get(params, "position"), a->sources.Get(a->root));
    if (!offset) return Error(id, kInvalidParams, "params.position is not {line, character}");
    if (method == "textDocument/hover") return Respond(id, Hover(*a, *offset));
    if (method == "textDocument/definition") return Respond(id, Definition(*a, *offset));
    Respond(id, Completion(*a, *offset));
  }

  void Initialize(const Message& m, std::string_view id, int32_t params) {
    // UTF-32 positions are the compiler's own units; UTF-16 is the protocol's default.
    for (int32_t e : m.Elements(m.Path({"capabilities", "general", "positionEncodings"}, params)))
      if (m.String(e) == "utf-32") utf16_ = false;
    initialized_ = true;
    std::string r;
    JsonWriter w(r);
    w.BeginObject().Key("capabilities").BeginObject();
    w.Key("positionEncoding").String(utf16_ ? "utf-16" : "utf-32");
    w.Key("textDocumentSync").BeginObject().Key("openClose").Bool(true).Key("change").Int(2).EndObject();  // incremental
    w.Key("hoverProvider").Bool(true).Key("definitionProvider").Bool(true);
    w.Key("completionProvider").BeginObject().Key("triggerCharacters").BeginArray().String(".").String("\"").EndArray().EndObject();
    w.Key("documentSymbolProvider").Bool(true).Key("documentFormattingProvider").Bool(true);
    w.Key("codeActionProvider").BeginObject().Key("codeActionKinds").BeginArray().String("quickfix").EndArray().EndObject();
    w.EndObject().Key("serverInfo").BeginObject().Key("name").String("provisio").EndObject().EndObject();
    Respond(id, r);
  }

  void Notification(const Message& m, const std::string& method, int32_t params) {
    if (!initialized_) return;
    std::string uri = m.String(m.Path({"textDocument", "uri"}, params));
    if (method == "textDocument/didOpen") {
      workspace_.Open(uri, m.String(m.Path({"textDocument", "text"}, params)));
    } else if (method == "textDocument/didChange" && workspace_.IsOpen(uri)) {
      std::string text = *workspace_.Text(uri);
      for (int32_t change : m.Elements(m.Get(params, "contentChanges"))) ApplyChange(m, change, text);
      workspace_.Open(uri, std::move(text));
    } else if (method == "textDocument/didClose") {
      workspace_.Close(uri);
    } else {
      return;  // didSave, $/cancelRequest, …: nothing to do
    }
    Publish();
  }

  // A change: the whole text, or a range of it replaced.
  void ApplyChange(const Message& m, int32_t change, std::string& text) {
    std::string replacement = m.String(m.Get(change, "text"));
    int32_t range = m.Get(change, "range");
    if (range == Message::kNone) {
      text = std::move(replacement);
      return;
    }
    source::SourceFile file("", text);
    auto from = OffsetParam(m, m.Get(range, "start"), file), to = OffsetParam(m, m.Get(range, "end"), file);
    if (!from || !to || *to < *from) return;
    std::u32string cps = file.code_points();
    bool ok = true;
    cps.replace(*from, *to - *from, source::DecodeUtf8(replacement, ok));
    text = source::EncodeUtf8(cps);
  }

  std::optional<uint32_t> OffsetParam(const Message& m, int32_t position, const source::SourceFile& file) const {
    auto line = m.Int(m.Get(position, "line")), character = m.Int(m.Get(position, "character"));
    if (!line || !character || *line < 0 || *character < 0 || *line > UINT32_MAX || *character > UINT32_MAX) return std::nullopt;
    return OffsetOf(file, Position{static_cast<uint32_t>(*line), static_cast<uint32_t>(*character)}, utf16_);
  }

  void Range(JsonWriter& w, const source::SourceFile& file, source::Span span) const {
    auto from = PositionOf(file, span.begin, utf16_), to = PositionOf(file, std::max(span.end, span.begin), utf16_);
    w.BeginObject();
    w.Key("start").BeginObject().Key("line").Int(from.line).Key("character").Int(from.character).EndObject();
    w.Key("end").BeginObject().Key("line").Int(to.line).Key("character").Int(to.character).EndObject();
    w.EndObject();
  }
  void Location(JsonWriter& w, const source::SourceSet& sources, source::Span span) const {
    w.BeginObject().Key("uri").String(UriOfPath(sources.Get(span.file).path())).Key("range");
    Range(w, sources.Get(span.file), span);
    w.EndObject();
  }

  void Diagnostic(JsonWriter& w, const Published& p) const {
    const diag::Diagnostic& d = *p.diagnostic;
    w.BeginObject().Key("range");
    if (d.span.file.index >= 0) Range(w, p.sources->Get(d.span.file), d.span);
    else w.Raw(R"({"start":{"line":0,"character":0},"end":{"line":0,"character":0}})");
    int severity = d.level == diag::Level::Error ? 1 : d.level == diag::Level::Warning ? 2 : 3;
    w.Key("severity").Int(severity).Key("code").String(diag::Info(d.kind).id).Key("source").String("provisio");
    w.Key("message").String(d.hint.empty() ? d.message : d.message + "\nhint: " + d.hint);
    w.Key("relatedInformation").BeginArray();
    for (const auto& n : d.notes) {
      if (n.span.file.index < 0) continue;
      w.BeginObject().Key("location");
      Location(w, *p.sources, n.span);
      w.Key("message").String(n.message).EndObject();
    }
    w.EndArray().EndObject();
  }

  void Publish() {
    for (const auto& [uri, list] : workspace_.Analyse()) {
      std::string params;
      JsonWriter w(params);
      w.BeginObject().Key("uri").String(uri).Key("diagnostics").BeginArray();
      for (const auto& p : list) Diagnostic(w, p);
      w.EndArray().EndObject();
      Notify("textDocument/publishDiagnostics", params);
    }
  }

  std::string Hover(const Analysis& a, uint32_t offset) const {
    auto found = Resolve(a, offset);
    if (!found) return "null";
    std::string r;
    JsonWriter w(r);
    w.BeginObject().Key("contents").BeginObject().Key("kind").String("markdown").Key("value").String(found->hover).EndObject();
    w.Key("range");
    Range(w, a.sources.Get(found->name.file), found->name);
    w.EndObject();
    return r;
  }

  std::string Definition(const Analysis& a, uint32_t offset) const {
    auto found = Resolve(a, offset);
    if (!found || found->declaration.file.index < 0) return "null";
    std::string r;
    JsonWriter w(r);
    Location(w, a.sources, found->declaration);
    return r;
  }

  static std::string Completion(const Analysis& a, uint32_t offset) {
    std::string r;
    JsonWriter w(r);
    w.BeginObject().Key("isIncomplete").Bool(false).Key("items").BeginArray();
    for (const auto& item : Complete(a, offset)) {
      w.BeginObject().Key("label").String(item.label).Key("kind").Int(static_cast<int>(item.kind)).Key("detail").String(item.detail);
      if (!item.documentation.empty())
        w.Key("documentation").BeginObject().Key("kind").String("markdown").Key("value").String(item.documentation).EndObject();
      w.EndObject();
    }
    w.EndArray().EndObject();
    return r;
  }

  void Symbol(JsonWriter& w, const source::SourceFile& file, const lsp::Symbol& s) const {
    w.BeginObject().Key("name").String(s.name.empty() ? "?" : s.name).Key("detail").String(s.detail).Key("kind").Int(static_cast<int>(s.kind));
    w.Key("range");
    Range(w, file, s.range);
    w.Key("selectionRange");
    Range(w, file, s.selection);
    w.Key("children").BeginArray();
    for (const auto& c : s.children) Symbol(w, file, c);
    w.EndArray().EndObject();
  }
  std::string DocumentSymbols(const Analysis& a) const {
    std::string r;
    JsonWriter w(r);
    w.BeginArray();
    for (const auto& s : Symbols(a)) Symbol(w, a.sources.Get(a.root), s);
    w.EndArray();
    return r;
  }

  // The whole text replaced by its formatted layout; none when it does not parse.
  std::string Formatting(const std::string& uri) const {
    const std::string* text = workspace_.Text(uri);
    if (text == nullptr) return "[]";
    source::SourceSet sources;
    auto id = sources.Add(PathOfUri(uri), *text);
    diag::CollectingConsumer quiet;
    diag::Emitter emitter(quiet);
    auto formatted = syntax::Format(sources, id, emitter);
    if (!formatted || *formatted == *text) return "[]";
    const auto& file = sources.Get(id);
    std::string r;
    JsonWriter w(r);
    w.BeginArray().BeginObject().Key("range");
    Range(w, file, source::Span{id, 0, static_cast<uint32_t>(file.code_points().size())});
    w.Key("newText").String(*formatted).EndObject().EndArray();
    return r;
  }

  // A quick fix for each diagnostic with a fix-it on the lines asked about.
  std::string CodeActions(const Message& m, int32_t params, const std::string& uri) const {
    const Analysis* a = workspace_.AnalysisOf(uri);
    auto from = m.Int(m.Path({"range", "start", "line"}, params)), to = m.Int(m.Path({"range", "end", "line"}, params));
    std::string r;
    JsonWriter w(r);
    w.BeginArray();
    for (const auto& p : workspace_.DiagnosticsOf(uri)) {
      const diag::Diagnostic& d = *p.diagnostic;
      if (!d.fix || d.fix->span.file != a->root || d.span.file != a->root) continue;
      const auto& file = p.sources->Get(d.fix->span.file);
      auto line = PositionOf(file, d.span.begin, utf16_).line;  // asked where the diagnostic is
      if (from && to && (line < *from || line > *to)) continue;
      std::string shown = d.fix->replacement;
      while (!shown.empty() && shown.back() == '\n') shown.pop_back();
      while (!shown.empty() && shown.front() == '\n') shown.erase(0, 1);
      std::string title = d.fix->span.begin == d.fix->span.end ? fmt::format("Add `{}`", shown) : fmt::format("Replace with `{}`", shown);
      w.BeginObject().Key("title").String(title).Key("kind").String("quickfix");
      w.Key("isPreferred").Bool(true).Key("diagnostics").BeginArray();
      Diagnostic(w, p);
      w.EndArray().Key("edit").BeginObject().Key("changes").BeginObject().Key(uri).BeginArray().BeginObject().Key("range");
      Range(w, file, d.fix->span);
      w.Key("newText").String(d.fix->replacement).EndObject().EndArray().EndObject().EndObject().EndObject();
    }
    w.EndArray();
    return r;
  }

  std::ostream& out_;
  Workspace workspace_;
  bool initialized_ = false, shut_down_ = false, utf16_ = true, write_failed_ = false;
};

// The stream's own failures, on the log in the registry's words.
void Report(std::ostream& log, const std::string& what) {
  source::SourceSet none;
  diag::TextRenderer renderer(none, log);
  diag::Emitter(renderer).Emit(source::Span{}, diag::Kind::LanguageServerStream, what);
}

}  // namespace

int Serve(std::istream& in, std::ostream& out, std::ostream& log, std::vector<std::string> policy_path) {
  Server server(out, std::move(policy_path));
  std::string body, error;
  while (!server.write_failed()) {
    Read read = ReadMessage(in, body, error);
    if (read == Read::End) return server.shut_down() ? 0 : 1;
    if (read == Read::Broken) {
      Report(log, error);
      return 1;
    }
    Message m;
    if (!m.Parse(std::move(body), error)) {
      server.Error("null", kParseError, error);
      continue;
    }
    if (!server.Handle(m)) return server.shut_down() ? 0 : 1;
  }
  Report(log, "cannot write to the client");
  return 3;
}

}  // namespace provisio::lsp
