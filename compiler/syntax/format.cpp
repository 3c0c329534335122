// The formatter: the parse tree says where each line starts and which
// tokens bind; the token stream, with its comments and line breaks, is
// written out again in that layout.
#include "syntax/format.h"

#include <algorithm>

#include "ProvisioLexer.h"
#include "ProvisioParser.h"
#include "antlr4-runtime.h"
#include "source/display_width.h"
#include "syntax/parse.h"

namespace provisio::syntax {

namespace {

using P = ProvisioParser;

// What the parse tree says about one token.
struct Role {
  enum class Start { No, Item, Clause, InBlock, BlockEnd } start = Start::No;
  bool glue_left = false, glue_right = false;
  bool opens_block = false;
  bool band_arrow = false;
};

class Roles {
 public:
  explicit Roles(size_t tokens) : roles_(tokens) {}
  std::vector<Role> Of(antlr4::tree::ParseTree* root) {
    Walk(root);
    return std::move(roles_);
  }

 private:
  Role& At(antlr4::Token* t) { return roles_[t->getTokenIndex()]; }
  Role& StartOf(antlr4::ParserRuleContext* ctx) { return At(ctx->getStart()); }
  static antlr4::Token* Terminal(antlr4::tree::ParseTree* child, std::string_view text) {
    auto* node = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    return node != nullptr && node->getSymbol()->getText() == text ? node->getSymbol() : nullptr;
  }

  // A `{ … }` block: its contents start lines, its `}` too.
  void Block(antlr4::ParserRuleContext* ctx) {
    for (auto* child : ctx->children) {
      if (auto* open = Terminal(child, "{")) At(open).opens_block = true;
      if (auto* close = Terminal(child, "}")) At(close).start = Role::Start::BlockEnd;
    }
  }

  void Walk(antlr4::tree::ParseTree* tree) {
    if (auto* node = dynamic_cast<antlr4::tree::TerminalNode*>(tree)) {
      // What binds wherever it stands: `a.b`, `f(x)`, `[x, y]`, `name: type`.
      const std::string text = node->getSymbol()->getText();
      Role& role = At(node->getSymbol());
      role.glue_left |= text == "," || text == ")" || text == "]" || text == ":" || text == ".";
      role.glue_right |= text == "(" || text == "[" || text == ".";
      return;
    }
    auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(tree);
    if (ctx == nullptr || ctx->getStart() == nullptr || ctx->getStart()->getType() == antlr4::Token::EOF) return;
    using S = Role::Start;
    if (dynamic_cast<P::ItemContext*>(ctx)) StartOf(ctx).start = S::Item;
    else if (dynamic_cast<P::PolicyClauseContext*>(ctx) || dynamic_cast<P::CalendarClauseContext*>(ctx) ||
             dynamic_cast<P::ProvisionClauseContext*>(ctx))
      StartOf(ctx).start = S::Clause;
    else if (dynamic_cast<P::DatedValueContext*>(ctx)) {
      // One dated value of an amendment stays on its line; a param's series is a column.
      auto* amend = dynamic_cast<P::AmendDeclContext*>(ctx->parent);
      if (amend == nullptr || amend->datedValue().size() > 1) StartOf(ctx).start = S::Clause;
    } else if (dynamic_cast<P::FieldDeclContext*>(ctx) || dynamic_cast<P::AssignmentContext*>(ctx) ||
               dynamic_cast<P::ArmContext*>(ctx))
      StartOf(ctx).start = S::InBlock;
    else if (auto* band = dynamic_cast<P::BandContext*>(ctx)) {
      StartOf(ctx).start = S::InBlock;
      for (auto* child : band->children)
        if (auto* arrow = Terminal(child, "=>")) At(arrow).band_arrow = true;
    }
    if (dynamic_cast<P::GroupDeclContext*>(ctx) || dynamic_cast<P::RecordDeclContext*>(ctx) ||
        dynamic_cast<P::TierPrimaryContext*>(ctx) || dynamic_cast<P::ExceptionClauseContext*>(ctx))
      Block(ctx);
    if (auto* first = dynamic_cast<P::FirstPrimaryContext*>(ctx)) {
      Block(ctx);
      for (auto* child : first->children)
        if (auto* otherwise = Terminal(child, "else")) At(otherwise).start = S::InBlock;
    }
    if (dynamic_cast<P::PolicyIdContext*>(ctx))
      for (auto* child : ctx->children)
        if (auto* dash = Terminal(child, "-")) At(dash).glue_left = At(dash).glue_right = true;
    if (dynamic_cast<P::NegExprContext*>(ctx) || dynamic_cast<P::LiteralContext*>(ctx))
      if (auto* minus = Terminal(ctx->children.front(), "-")) At(minus).glue_right = true;
    if (dynamic_cast<P::CallPrimaryContext*>(ctx) || dynamic_cast<P::ListPrimaryContext*>(ctx))
      for (auto* child : ctx->children)
        if (auto* paren = Terminal(child, "(")) At(paren).glue_left = true;
    for (auto* child : ctx->children) Walk(child);
  }

  std::vector<Role> roles_;
};

struct Line {
  int indent = 0;
  std::string code;     // without the indent
  std::string comment;  // a trailing comment
  bool blank = false;
  bool own_comment = false;  // the line is a comment
  size_t arrow = std::string::npos;  // where a band's ` =>` starts in `code`
};

// A comment without the blanks that end its line.
std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
  return text;
}

int Width(std::string_view utf8) {
  bool ok = true;
  return source::DisplayWidth(source::DecodeUtf8(utf8, ok));
}

class Writer {
 public:
  Writer(const std::vector<antlr4::Token*>& tokens, const std::vector<Role>& roles) : tokens_(tokens), roles_(roles) {}

  std::string Run() {
    int newlines = 0;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      antlr4::Token* t = tokens_[i];
      if (t->getType() == antlr4::Token::EOF) break;
      if (t->getType() == ProvisioLexer::WS) {
        const std::string text = t->getText();
        newlines += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
        continue;
      }
      if (t->getType() == ProvisioLexer::LINE_COMMENT) Comment(t, i, newlines);
      else Token(t, roles_[i], newlines);
      newlines = 0;
    }
    return Join();
  }

 private:
  struct Frame {
    int content;  // the indent of what the block holds
    int statement, depth;  // the enclosing statement's, restored at `}`
  };

  void NewLine(int indent, int newlines_before) {
    bool after_open = !lines_.empty() && !lines_.back().code.empty() && lines_.back().code.back() == '{' &&
                      !lines_.back().own_comment;
    if (newlines_before >= 2 && !lines_.empty() && !after_open && !closing_) lines_.push_back(Line{0, "", "", true});
    lines_.push_back(Line{indent, "", "", false});
  }

  int Continuation(bool closer) const { return statement_ + 2 + 2 * std::max(0, depth_ - (closer ? 1 : 0)); }

  // The indent a token gets when it starts a line.
  int IndentOf(const Role& role, const std::string& text) const {
    using S = Role::Start;
    switch (role.start) {
      case S::Item: return 0;
      case S::Clause: return 2;
      case S::InBlock: return blocks_.empty() ? 2 : blocks_.back().content;
      case S::BlockEnd: return blocks_.empty() ? 0 : blocks_.back().content - 2;
      case S::No: break;
    }
    return Continuation(text == ")" || text == "]");
  }

  void Token(antlr4::Token* t, const Role& role, int newlines) {
    const std::string text = t->getText();
    closing_ = role.start == Role::Start::BlockEnd;
    bool fresh = lines_.empty() || lines_.back().own_comment || !lines_.back().comment.empty();
    if (role.start != Role::Start::No || fresh || newlines > 0) {
      NewLine(IndentOf(role, text), newlines);
      if (role.start != Role::Start::No) {
        statement_ = lines_.back().indent;
        depth_ = 0;
      }
    } else if (!role.glue_left && !glue_next_) {
      lines_.back().code += ' ';
    }
    Line& line = lines_.back();
    if (role.band_arrow && line.arrow == std::string::npos && line.indent == statement_) {
      while (!line.code.empty() && line.code.back() == ' ') line.code.pop_back();
      line.arrow = line.code.size();
      line.code += ' ';
    }
    line.code += text;
    glue_next_ = role.glue_right;
    if (text == "(" || text == "[") ++depth_;
    if ((text == ")" || text == "]") && depth_ > 0) --depth_;
    if (role.opens_block) {
      blocks_.push_back(Frame{line.indent + 2, statement_, depth_});
      depth_ = 0;
    }
    if (closing_ && !blocks_.empty()) {
      statement_ = blocks_.back().statement;
      depth_ = blocks_.back().depth;
      blocks_.pop_back();
    }
    closing_ = false;
  }

  void Comment(antlr4::Token* t, size_t index, int newlines) {
    std::string text = Trimmed(t->getText());
    if (newlines == 0 && !lines_.empty() && !lines_.back().own_comment && lines_.back().comment.empty()) {
      lines_.back().comment = text;
      return;
    }
    // On a line of its own: indented as the code it comes before.
    size_t next = index + 1;
    while (next < tokens_.size() && tokens_[next]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) ++next;
    int indent = 0;
    if (next < tokens_.size() && tokens_[next]->getType() != antlr4::Token::EOF) {
      const Role& role = roles_[next];
      indent = role.start == Role::Start::BlockEnd && !blocks_.empty() ? blocks_.back().content
                                                                       : IndentOf(role, tokens_[next]->getText());
    }
    NewLine(indent, lines_.empty() ? 0 : newlines);
    lines_.back().code = text;
    lines_.back().own_comment = true;
  }

  // Aligns bands' `=>` and trailing comments in runs of lines, then joins.
  std::string Join() {
    for (size_t i = 0; i < lines_.size();) {
      size_t j = i;
      int widest = 0;
      auto in_run = [&](const Line& l) { return l.arrow != std::string::npos || (l.own_comment && j > i); };
      while (j < lines_.size() && in_run(lines_[j]) && lines_[j].indent == lines_[i].indent) {
        if (lines_[j].arrow != std::string::npos) widest = std::max(widest, Width(std::string_view(lines_[j].code).substr(0, lines_[j].arrow)));
        ++j;
      }
      for (size_t k = i; k < j; ++k)
        if (lines_[k].arrow != std::string::npos)
          lines_[k].code.insert(lines_[k].arrow, widest - Width(std::string_view(lines_[k].code).substr(0, lines_[k].arrow)), ' ');
      i = std::max(j, i + 1);
    }
    for (size_t i = 0; i < lines_.size();) {
      size_t j = i;
      int widest = -1;
      for (; j < lines_.size() && !lines_[j].blank; ++j)
        if (!lines_[j].comment.empty()) widest = std::max(widest, lines_[j].indent + Width(lines_[j].code));
      for (size_t k = i; k < j; ++k)
        if (!lines_[k].comment.empty())
          lines_[k].code += std::string(widest + 2 - lines_[k].indent - Width(lines_[k].code), ' ') + lines_[k].comment;
      i = j + 1;
    }
    std::string out;
    for (const auto& l : lines_) {
      if (!l.blank) out += std::string(l.indent, ' ') + l.code;
      out += '\n';
    }
    return out;
  }

  const std::vector<antlr4::Token*>& tokens_;
  const std::vector<Role>& roles_;
  std::vector<Line> lines_;
  std::vector<Frame> blocks_;
  int statement_ = 0, depth_ = 0;
  bool glue_next_ = false, closing_ = false;
};

// The tokens' texts but blanks, comments trimmed: what formatting must keep.
std::vector<std::string> Significant(const std::vector<antlr4::Token*>& tokens) {
  std::vector<std::string> out;
  for (auto* t : tokens) {
    if (t->getType() == ProvisioLexer::WS || t->getType() == antlr4::Token::EOF) continue;
    out.push_back(t->getText());
    if (t->getType() == ProvisioLexer::LINE_COMMENT) out.back() = Trimmed(out.back());
  }
  return out;
}

std::vector<std::string> Significant(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  ProvisioLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  return Significant(tokens.getTokens());
}

}  // namespace

std::optional<std::string> Format(const source::SourceSet& sources, source::FileId file, diag::Emitter& emitter) {
  // What does not parse cleanly is not formatted: its errors are reported instead.
  int before = emitter.errors();
  Parse(sources, file, emitter);
  if (emitter.errors() > before) return std::nullopt;
  const auto& src = sources.Get(file);
  antlr4::ANTLRInputStream input(src.utf8());
  ProvisioLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  ProvisioParser parser(&tokens);
  parser.removeErrorListeners();
  auto* tree = parser.file();
  std::vector<Role> roles_;
  std::vector<Role> roles = Roles(tokens.getTokens().size()).Of(tree);
  std::string out = Writer(tokens.getTokens(), roles).Run();
  // Layout only: the same tokens, comments included, in the same order.
  if (Significant(out) != Significant(tokens.getTokens())) {
    emitter.Emit(source::Span{file, 0, 0}, diag::Kind::FormatFailed);
    return std::nullopt;
  }
  return out;
}

}  // namespace provisio::syntax
