// `provisio test POLICY CASES…`: golden cases through the compiled code.
// A case file (JSON) names a provision, base facts, and cases that
// override the base field by field and expect outputs or an error.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "driver/commands.h"
#include "driver/evaluator.h"
#include "driver/json.h"
#include "driver/output.h"

namespace provisio::driver {

namespace {

struct CaseResult {
  std::string file, name, article, provision;
  bool passed = false;
  std::vector<std::string> differences;
  std::string decided;  // the condition that decided eligibility
};

struct Malformed {
  std::string message;
};

// The expected value in the form the CLI prints it, for an output of `type`.
std::string Normalize(const Json& expected, ir::Type type, const facts::Interner& strings) {
  std::string text = expected.kind == Json::Kind::String || expected.kind == Json::Kind::Number ? expected.text : "";
  char buf[64];
  switch (type.kind) {
    case ir::TypeKind::Money: {
      int64_t fen;
      if (prv_money_parse(text.data(), static_cast<int64_t>(text.size()), &fen) != PRV_OK)
        throw Malformed{"money expected, found " + expected.Dump()};
      return std::string(buf, prv_money_format(fen, buf));
    }
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: {
      bool percent = !text.empty() && text.back() == '%';
      if (percent) text.pop_back();
      prv_ratio r;
      if (prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), percent, &r) != PRV_OK)
        throw Malformed{"a number expected, found " + expected.Dump()};
      return std::string(buf, prv_ratio_format(r.num, r.den, buf));
    }
    case ir::TypeKind::Int:
      return expected.kind == Json::Kind::Number ? expected.text : throw Malformed{"an int expected, found " + expected.Dump()};
    case ir::TypeKind::Bool:
      return expected.kind == Json::Kind::Bool ? expected.Dump() : throw Malformed{"true or false expected"};
    default:
      return expected.kind == Json::Kind::String ? JsonString(expected.text) : throw Malformed{"a string expected, found " + expected.Dump()};
  }
}

std::vector<std::string> CaseFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    if (std::filesystem::is_directory(p)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p))
        if (entry.is_regular_file() && entry.path().extension() == ".json") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  return files;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void WriteJUnit(const std::string& path, const std::string& suite, const std::vector<CaseResult>& results) {
  std::ofstream out(path);
  size_t failures = std::count_if(results.begin(), results.end(), [](const CaseResult& r) { return !r.passed; });
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites><testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", XmlEscape(suite),
                     results.size(), failures);
  for (const auto& r : results) {
    out << fmt::format("  <testcase classname=\"{}\" name=\"{}\" file=\"{}\"", XmlEscape(r.provision), XmlEscape(r.name),
                       XmlEscape(r.file));
    if (r.passed) {
      out << "/>\n";
      continue;
    }
    std::string message;
    for (const auto& d : r.differences) message += d + "; ";
    out << fmt::format(">\n    <failure message=\"{}\">{}</failure>\n  </testcase>\n", XmlEscape(message),
                       XmlEscape(r.decided));
  }
  out << "</testsuite></testsuites>\n";
}

}  // namespace

int RunTest(const TestOptions& options) {
  auto policy = Compile(options.policy, std::cerr);
  if (!policy) return 2;
  std::string error;
  auto jit = codegen::Jit::Create(policy->module, error);
  if (!jit) {
    std::cerr << "provisio: error: cannot compile to native code: " << error << "\n";
    return 2;
  }
  std::map<int, std::unique_ptr<Evaluator>> evaluators;
  std::vector<CaseResult> results;
  try {
    for (const auto& file : CaseFiles(options.cases)) {
      std::string text;
      if (!source::ReadFile(file, text)) throw Malformed{fmt::format("{}: cannot read the file", file)};
      auto suite = ParseJson(text, error);
      if (!suite || suite->kind != Json::Kind::Object)
        throw Malformed{fmt::format("{}: {}", file, suite ? "expected an object" : error)};
      const Json* cases = suite->Find("cases");
      if (!cases || cases->kind != Json::Kind::Array) throw Malformed{file + ": no \"cases\" list"};
      Json base;
      base.kind = Json::Kind::Object;
      if (const Json* b = suite->Find("base")) base = *b;
      std::string default_provision = suite->Find("provision") ? suite->Find("provision")->text : "";
      for (const auto& c : cases->items) {
        CaseResult r;
        r.file = file;
        r.name = c.Find("name") ? c.Find("name")->text : "";
        if (r.name.empty()) throw Malformed{file + ": a case has no \"name\""};
        if (!options.filter.empty() && r.name.find(options.filter) == std::string::npos) continue;
        r.article = c.Find("article") ? c.Find("article")->text : "";
        r.provision = c.Find("provision") ? c.Find("provision")->text : default_provision;
        int index = FindProvision(policy->module, r.provision);
        if (index < 0) throw Malformed{fmt::format("{}: case {}: no provision `{}`", file, r.name, r.provision)};
        const auto& prov = policy->module.provisions[index];
        auto& evaluator = evaluators[index];
        if (!evaluator) evaluator = std::make_unique<Evaluator>(*policy, *jit, index);
        Json facts = c.Find("facts") ? Json::Merge(base, *c.Find("facts")) : base;
        Outcome out = evaluator->Evaluate(facts.Dump());
        if (const Json* want_error = c.Find("expect_error")) {
          if (out.ok) r.differences.push_back(fmt::format("expected an error naming `{}`, got {}", want_error->text, out.Json()));
          else if (out.error.find(want_error->text) == std::string::npos)
            r.differences.push_back(fmt::format("expected an error naming `{}`, got: {}", want_error->text, out.error));
        } else if (const Json* expect = c.Find("expect")) {
          if (!out.ok) {
            r.differences.push_back("unexpected error: " + out.error);
          } else {
            for (const auto& [key, want] : expect->fields) {
              if (key == "eligible") {
                if (want.kind != Json::Kind::Bool) throw Malformed{fmt::format("{}: case {}: eligible must be true or false", file, r.name)};
                if (want.boolean != out.eligible)
                  r.differences.push_back(fmt::format("eligible: expected {}, got {}", want.Dump(), out.eligible));
                continue;
              }
              if (key == "reason") {
                std::string all;
                for (const auto& s : out.reasons) all += s;
                if (all.find(want.text) == std::string::npos)
                  r.differences.push_back(fmt::format("reason: expected one naming `{}`, got [{}]", want.text, all));
                continue;
              }
              const ir::Output* output = nullptr;
              for (const auto& o : prov.outputs)
                if (o.name == key) output = &o;
              if (!output) throw Malformed{fmt::format("{}: case {}: provision {} has no output `{}`", file, r.name, prov.id, key)};
              std::string expected;
              try {
                expected = Normalize(want, output->type, facts::Interner(policy->module.strings));
              } catch (const Malformed& m) {
                throw Malformed{fmt::format("{}: case {}: output {}: {}", file, r.name, key, m.message)};
              }
              std::string actual = "(absent)";
              for (const auto& [name, value] : out.outputs)
                if (name == key) actual = value;
              if (actual != expected) r.differences.push_back(fmt::format("{}: expected {}, got {}", key, expected, actual));
            }
          }
        } else {
          throw Malformed{fmt::format("{}: case {}: give \"expect\" or \"expect_error\"", file, r.name)};
        }
        r.passed = r.differences.empty();
        if (out.ok) r.decided = out.eligible ? "eligible: every condition held" : out.reasons.front();
        results.push_back(std::move(r));
      }
    }
  } catch (const Malformed& m) {
    std::cerr << "provisio: error: malformed suite: " << m.message << "\n";
    return 2;
  }
  size_t failed = 0;
  for (const auto& r : results) {
    if (r.passed) continue;
    ++failed;
    std::string diffs;
    for (const auto& d : r.differences) diffs += (diffs.empty() ? "" : "; ") + d;
    std::cout << fmt::format("FAIL {} [{}] ({}): {}\n", r.name, r.article, r.file, diffs);
    if (!r.decided.empty()) std::cout << fmt::format("     decided by: {}\n", r.decided);
  }
  if (!options.junit.empty()) WriteJUnit(options.junit, policy->module.policy_id, results);
  std::cout << fmt::format("{} passed, {} failed\n", results.size() - failed, failed);
  return failed > 0 ? 1 : 0;
}

}  // namespace provisio::driver
