// What an editor asks of a policy at a place: what the name under the
// cursor is (hover) and where it is declared (definition), what may be
// written there (completion), and the outline of the file. Read from the
// syntax trees of the policy and of what it uses, so that it answers while
// the policy still has errors.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lsp/workspace.h"

namespace provisio::lsp {

struct Found {
  source::Span name;         // the name under the cursor
  source::Span declaration;  // where it is declared
  std::string hover;         // Markdown
};
// The name at `offset` of the root file, if it names something known.
std::optional<Found> Resolve(const Analysis& a, uint32_t offset);

// LSP CompletionItemKind numbers.
enum class ItemKind { Function = 3, Field = 5, Variable = 6, Module = 9, Property = 10, Keyword = 14, EnumMember = 20, Constant = 21, Struct = 22 };
struct Item {
  std::string label;
  ItemKind kind;
  std::string detail;
  std::string documentation;
};
// What may be written at `offset` of the root file; `text` is its current text.
std::vector<Item> Complete(const Analysis& a, uint32_t offset);

// LSP SymbolKind numbers.
enum class SymbolKind { Namespace = 3, Method = 6, Property = 7, Field = 8, Function = 12, Variable = 13, Constant = 14, Boolean = 17, Array = 18, Struct = 23, Event = 24 };
struct Symbol {
  std::string name, detail;
  SymbolKind kind;
  source::Span range, selection;
  std::vector<Symbol> children;
};
std::vector<Symbol> Symbols(const Analysis& a);

}  // namespace provisio::lsp
