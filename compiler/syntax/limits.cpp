#include "syntax/limits.h"

#include <set>

namespace provisio::syntax {

namespace {
using diag::Kind;
using source::Span;

constexpr int kMaxDepth = 64;
constexpr int kMaxClauseTokens = 1000;  // bounds recursion depth: safe on an 8 MiB stack under ASan too

}  // namespace

bool WithinLimits(antlr4::CommonTokenStream& tokens, source::FileId file, diag::Emitter& emitter) {
  static const std::set<std::string> kClauseStarts = {"policy", "provision", "param", "let", "require", "output",
                                                      "exception", "override", "event", "cite", "effective", "use",
                                                      "calendar", "drop", "holiday", "workday"};
  int depth = 0, clause_tokens = 0;
  antlr4::Token* clause_start = nullptr;
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL || t->getType() == antlr4::Token::EOF) continue;
    std::string text = t->getText();
    Span span{file, static_cast<uint32_t>(t->getStartIndex()), static_cast<uint32_t>(t->getStopIndex() + 1)};
    if (kClauseStarts.contains(text)) {
      clause_tokens = 0;
      clause_start = t;
    }
    if (++clause_tokens > kMaxClauseTokens) {
      Span at = clause_start ? Span{file, static_cast<uint32_t>(clause_start->getStartIndex()),
                                    static_cast<uint32_t>(clause_start->getStopIndex() + 1)}
                             : span;
      emitter.Emit(at, Kind::ClauseTooLong, kMaxClauseTokens);
      return false;
    }
    if (text == "(" || text == "[" || text == "{") {
      if (++depth > kMaxDepth) {
        emitter.Emit(span, Kind::NestedTooDeeply, kMaxDepth);
        return false;
      }
    } else if (text == ")" || text == "]" || text == "}") {
      depth = std::max(0, depth - 1);
    }
  }
  return true;
}

}  // namespace provisio::syntax
