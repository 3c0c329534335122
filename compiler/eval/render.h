// Rendering of values, reasons and run-time errors for people and JSON.
#pragma once
#include <string>
#include <string_view>

#include "eval/evaluator.h"
#include "source/json_writer.h"
#include "facts/decoder.h"
#include "provisio/runtime.h"

namespace provisio::eval {

using source::JsonString;
// Source text on one line: runs of white space become one space; long text is cut.
std::string OneLine(const std::string& text, size_t limit = 70);
// A value of `type` as JSON: money with two decimals, rates as fractions, dates as strings.
std::string RenderValue(const schema::Schema& schema, ir::Type type, int64_t a, int64_t b, const facts::Interner& strings);
// The same into `out` (replaced), reusing its storage.
void RenderValue(const schema::Schema& schema, ir::Type type, int64_t a, int64_t b, const facts::Interner& strings,
                 std::string& out);
// One ground of a refusal in words, naming the condition's article.
std::string Reason(const CompiledPolicy& policy, const ir::Provision& p, const Ground& ground, const facts::Record& rec);
// The fact a failure names ("group.name", "list", "list[2].field"), or "".
std::string FactNamed(const ir::Module& m, const prv_result& res);
// A run-time failure in words, naming the fact or the place.
std::string RunTimeError(const CompiledPolicy& policy, const ir::Provision& p, const prv_result& res,
                         const facts::Record& rec);

}  // namespace provisio::eval
