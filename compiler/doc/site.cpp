#include "doc/site.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include <map>

#include "doc/words.h"
#include "ir/print.h"

namespace provisio::doc {

namespace {

constexpr const char* kUnstated = "<span class=\"unstated\">文件未规定</span>";

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  return out;
}

std::string Window(const ir::Provision& p) {
  return p.window_to ? fmt::format("{}至{}", DateWords(p.window_from), DateWords(*p.window_to))
                     : DateWords(p.window_from) + "起";
}

std::string TypeWords(const ir::Module& m, ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Money: return "金额（元）";
    case ir::TypeKind::Rate: return "比率";
    case ir::TypeKind::Decimal: return "数值";
    case ir::TypeKind::Int: return "整数";
    case ir::TypeKind::Bool: return "是 / 否";
    case ir::TypeKind::Date: return "日期";
    case ir::TypeKind::Text: return "文本";
    case ir::TypeKind::Enum: {
      const auto& e = m.schema.enums[t.enum_id];
      std::string words;
      for (size_t i = 0; i < e.words.size(); ++i)
        words += (i ? "、" : "") + (i < e.labels.size() && !e.labels[i].empty() ? e.labels[i] : e.words[i]);
      return "其一：" + words;
    }
    default: return "";
  }
}

std::string Head(const std::string& title, const std::string& up) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}style.css\">\n</head>\n<body>\n",
      Html(title), up);
}

// Everything a page says of one provision.
struct Entry {
  const ir::Module* module;
  const ir::Provision* provision;
};

class CardWriter {
 public:
  explicit CardWriter(const std::map<std::string, std::string>& titles) : titles_(titles) {}

  std::string Card(const Entry& e, bool print) const {
    const auto& m = *e.module;
    const auto& p = *e.provision;
    Words w(m, p, titles_);
    std::string h = fmt::format("<article class=\"card\" id=\"{}\">\n<header>\n<h1>{}</h1>\n", Html(p.id), Html(p.title));
    h += fmt::format("<p class=\"source\">{}（{}）<span class=\"cite\">{}</span></p>\n</header>\n", Html(m.title),
                     Html(m.source_doc), Html(p.cite));
    h += "<dl class=\"summary\">\n";
    h += fmt::format("<dt>有效期</dt><dd>{}</dd>\n", Window(p));
    h += fmt::format("<dt>享受对象</dt><dd class=\"serves\">{}</dd>\n", p.service.serves.empty() ? kUnstated : Html(Join(p.service.serves, "、")));
    h += fmt::format("<dt>判定日期</dt><dd>{}</dd>\n</dl>\n", Html(w.Of(*p.event)));

    if (!p.service.quote.empty()) {
      h += "<section class=\"quote\">\n<h2>政策原文</h2>\n<blockquote>\n";
      for (const auto& q : p.service.quote) h += "<p>" + Html(q) + "</p>\n";
      h += "</blockquote>\n</section>\n";
    }

    h += "<section class=\"conditions\">\n<h2>享受条件</h2>\n";
    if (p.rules.empty()) h += "<p>文件未规定其他条件：判定日期在有效期内即可享受。</p>\n";
    else {
      h += "<ol>\n";
      for (const auto& r : p.rules)
        h += fmt::format("<li data-condition=\"{}\"><p class=\"rule\">{}</p><p class=\"law\">文件表述：{}（{}）</p></li>\n",
                         Html(r.name), Html(w.Of(*r.cond)), Html(r.reason), Html(r.cite));
      h += "</ol>\n";
    }
    for (const auto& [cite, cond] : Grants(m, p, w))
      h += fmt::format("<p class=\"exception\">例外（{}）：{}的，不受上述条件限制，可以享受。</p>\n", Html(cite), Html(cond));
    h += "</section>\n";

    h += "<section class=\"amounts\">\n<h2>补贴标准</h2>\n";
    if (p.outputs.empty()) h += "<p>" + std::string(kUnstated) + "</p>\n";
    for (const auto& o : p.outputs) {
      Table t = w.TableOf(*o.value);
      std::string name = o.title.empty() ? o.name : o.title;
      h += fmt::format("<div class=\"output\" data-output=\"{}\"><h3>{}<span class=\"type\">{}</span></h3>\n", Html(o.name), Html(name),
                       TypeWords(m, o.type));
      if (t.rows.empty()) {
        h += "<p>" + Html(w.Of(w.Definition(*o.value))) + "</p>\n";
      } else {
        h += fmt::format("<table class=\"tier\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                         t.key.empty() ? "情形" : Html(t.key), Html(name));
        for (const auto& [band, value] : t.rows) h += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", Html(band), Html(value));
        h += "</tbody></table>\n";
      }
      h += "</div>\n";
    }
    if (std::any_of(p.outputs.begin(), p.outputs.end(), [](const ir::Output& o) { return o.type.kind == ir::TypeKind::Money; }))
      h += "<p class=\"note\">不符合享受条件的，金额为0。</p>\n";
    h += "</section>\n";

    std::string defined;
    for (const auto& let : p.lets)
      if (std::string words = w.Of(*let.value); !let.title.empty() && words != let.title && !w.IsOutput(let.name))
        defined += fmt::format("<dt>{}</dt><dd>{}</dd>\n", Html(let.title), Html(words));
    if (!defined.empty()) h += "<section class=\"terms\">\n<h2>计算口径</h2>\n<dl>\n" + defined + "</dl>\n</section>\n";

    h += "<section class=\"service\">\n<h2>经办服务</h2>\n<dl>\n";
    for (const auto& k : ir::kServiceTexts) {
      if (std::string_view(k.key) == "funding") h += fmt::format("<dt>办理期限</dt><dd>{}</dd>\n", Deadline(p.service));
      std::string value = kUnstated;
      for (const auto& [key, texts] : p.service.texts)
        if (key == k.key) value = Html(Join(texts, "；"));
      h += fmt::format("<dt>{}</dt><dd data-service=\"{}\">{}</dd>\n", k.label, k.key, value);
    }
    h += "</dl>\n</section>\n";

    if (!print) {
      h += "<section class=\"needs\">\n<h2>所需信息</h2>\n<table>\n<thead><tr><th>信息项</th><th>类型</th><th>说明</th></tr></thead><tbody>\n";
      for (int32_t slot : p.needed_slots) {
        const auto& s = m.slots[slot];
        const auto& f = m.schema.facts[s.fact];
        h += fmt::format("<tr><td><code>{}</code></td><td>{}{}</td><td>{}</td></tr>\n", Html(s.name), TypeWords(m, s.type),
                         s.optional ? "，可缺" : "", Html(f.description));
      }
      for (int32_t l : p.lists_read) {
        const auto& list = m.schema.lists[l];
        h += fmt::format("<tr><td><code>{}</code></td><td>记录列表</td><td>{}</td></tr>\n", Html(list.name), Html(list.description));
      }
      h += "</tbody></table>\n</section>\n";
    }
    h += fmt::format("<footer>条款编号 <code>{}</code> · 由 provisio doc 根据编译后的规则生成</footer>\n</article>\n", Html(p.id));
    return h;
  }

  static std::string Join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
    return out;
  }

 private:
  static std::string Deadline(const ir::Service& s) {
    if (!s.deadline_days) return kUnstated;
    return fmt::format("{}个{}", *s.deadline_days, s.deadline_working ? "工作日" : "自然日");
  }

  // The exceptions that make the provision eligible whatever its
  // conditions: (article, condition in words).
  static std::vector<std::pair<std::string, std::string>> Grants(const ir::Module& m, const ir::Provision& p, const Words& w) {
    std::vector<std::pair<std::string, std::string>> out;
    std::function<void(const ir::Expr&)> walk = [&](const ir::Expr& e) {
      if (const auto* l = std::get_if<ir::Logic>(&e.node); l && l->op == ir::Logic::Op::Or) {
        walk(*l->l);
        walk(*l->r);
      } else if (const auto* probe = std::get_if<ir::Probe>(&e.node)) {
        const auto& point = m.coverage.at(probe->point);
        out.emplace_back(point.cite.empty() ? p.cite : point.cite, w.Of(*probe->x));
      } else {
        out.emplace_back(p.cite, w.Of(e));
      }
    };
    if (p.grant) walk(*p.grant);
    return out;
  }

  const std::map<std::string, std::string>& titles_;
};

constexpr const char* kStyle = R"(/* provisio doc: 政策清单 and 政策一卡通 */
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --accent: #9b1c1c; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  line-height: 1.7; font-size: 15px; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.05rem; border-left: 4px solid var(--accent); padding-left: .5rem; margin: 1.2rem 0 .5rem; }
h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f8; }
.source { color: var(--muted); margin: 0; }
.cite { margin-left: .75rem; font-weight: bold; color: var(--accent); }
dl.summary, .service dl { display: grid; grid-template-columns: 7rem 1fr; gap: .2rem .8rem; margin: .5rem 0; }
.terms dt { display: inline; font-weight: 500; color: var(--ink); }
.terms dt::after { content: "："; }
.terms dd { display: inline; }
.terms dd::after { content: ""; display: block; margin-bottom: .2rem; }
dt { color: var(--muted); }
dd { margin: 0; }
.unstated { color: var(--muted); font-style: italic; }
.rule { margin: 0; font-weight: 500; }
.law { margin: 0 0 .4rem; color: var(--muted); font-size: .9em; }
.exception { background: #fff7e6; padding: .3rem .6rem; }
.type { font-weight: normal; color: var(--muted); font-size: .85em; margin-left: .6rem; }
.note, footer { color: var(--muted); font-size: .85em; }
blockquote { margin: 0; padding: .2rem .9rem; border-left: 3px solid var(--line); color: #333; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: center; margin: .8rem 0; }
.filters input { font: inherit; padding: .2rem .4rem; min-width: 14rem; }
.filters select { font: inherit; }
nav.browse p { margin: .2rem 0; }
nav.browse a { margin-right: .6rem; white-space: nowrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; }
@page { size: A4; margin: 10mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.4; }
  dl.summary, .service dl { grid-template-columns: 5.5rem 1fr; gap: .1rem .6rem; }
  .law { margin-bottom: .2rem; }
  th, td { padding: .15rem .4rem; }
  .card { border: none; padding: 0; margin: 0; break-after: page; }
  .card:last-child { break-after: auto; }
  h1 { font-size: 15pt; }
  h2 { font-size: 10.5pt; margin: .6rem 0 .25rem; }
  .noprint { display: none; }
}
)";

// Filtering in the browser, on top of a page that lists everything without it.
constexpr const char* kFilter = R"(// provisio doc: filters the index by group, document and keyword;
// the page lists every provision without it. ?q=…&group=…&doc=… preset them.
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var q = form.elements.q, group = form.elements.group, doc = form.elements.doc;
  var params = new URLSearchParams(location.search);
  q.value = params.get('q') || ''; group.value = params.get('group') || ''; doc.value = params.get('doc') || '';
  var rows = document.querySelectorAll('tr[data-provision]');
  var count = document.getElementById('count');
  function apply() {
    var words = q.value.trim().toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-text').toLowerCase();
      var ok = (!group.value || row.getAttribute('data-groups').split('|').indexOf(group.value) >= 0) &&
               (!doc.value || row.getAttribute('data-doc') === doc.value) &&
               words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown;
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  apply();
})();
)";

}  // namespace

std::vector<Page> Site(const std::vector<const ir::Module*>& modules) {
  std::vector<Entry> entries;
  std::map<std::string, std::string> titles;
  std::vector<std::string> groups;  // in order of first appearance
  for (const auto* m : modules)
    for (const auto& p : m->provisions) {
      entries.push_back({m, &p});
      titles[p.id] = p.title;
      for (const auto& g : p.service.serves)
        if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
  CardWriter writer(titles);
  std::vector<Page> pages;

  // A table of provisions, as the index and the filtered pages show it.
  auto table = [&](const std::vector<const Entry*>& shown, const std::string& up) {
    std::string h = "<table class=\"list\">\n<thead><tr><th>政策名称</th><th>文件</th><th>条款</th><th>享受对象</th><th>有效期</th></tr></thead>\n<tbody>\n";
    for (const Entry* e : shown) {
      const auto& p = *e->provision;
      Words w(*e->module, p, titles);
      std::string text = p.id + " " + p.title + " " + e->module->title + " " + p.cite + " " + CardWriter::Join(p.service.serves, " ");
      for (const auto& r : p.rules) text += " " + r.reason + " " + w.Of(*r.cond);
      h += fmt::format(
          "<tr data-provision=\"{}\" data-doc=\"{}\" data-groups=\"{}\" data-text=\"{}\"><td><a href=\"{}cards/{}.html\">{}</a></td>"
          "<td>{}</td><td class=\"cite\">{}</td><td>{}</td><td>{}</td></tr>\n",
          Html(p.id), Html(e->module->policy_id), Html(CardWriter::Join(p.service.serves, "|")), Html(text), up, Html(p.id),
          Html(p.title), Html(e->module->source_doc), Html(p.cite),
          p.service.serves.empty() ? kUnstated : Html(CardWriter::Join(p.service.serves, "、")), Window(p));
    }
    return h + "</tbody>\n</table>\n";
  };
  auto browse = [&](const std::string& up) {
    std::string h = "<nav class=\"browse\">\n<p>按享受对象：";
    for (size_t g = 0; g < groups.size(); ++g) h += fmt::format("<a href=\"{}groups/{}.html\">{}</a>", up, g + 1, Html(groups[g]));
    h += "</p>\n<p>按文件：";
    for (const auto* m : modules)
      h += fmt::format("<a href=\"{}documents/{}.html\">{}</a>", up, Html(m->policy_id), Html(m->source_doc));
    return h + fmt::format("</p>\n<p><a href=\"{}index.html\">全部政策</a><a href=\"{}{}\">政策一卡通（打印）</a></p>\n</nav>\n", up, up, kPrintPage);
  };
  std::vector<const Entry*> all;
  for (const auto& e : entries) all.push_back(&e);

  std::string index = Head("政策清单", "") + "<h1>政策清单</h1>\n";
  index += fmt::format("<p class=\"source\">共 {} 项政策，{} 份文件。条件与标准由编译后的规则生成，与计算所依据的规则一致。</p>\n",
                       entries.size(), modules.size());
  index += browse("");
  index += "<form id=\"filters\" class=\"filters noprint\" hidden>\n<label>关键词 <input name=\"q\" type=\"search\" placeholder=\"如：创业、高校毕业生、第十条\"></label>\n";
  index += "<label>享受对象 <select name=\"group\"><option value=\"\">全部</option>";
  for (const auto& g : groups) index += fmt::format("<option>{}</option>", Html(g));
  index += "</select></label>\n<label>文件 <select name=\"doc\"><option value=\"\">全部</option>";
  for (const auto* m : modules) index += fmt::format("<option value=\"{}\">{}</option>", Html(m->policy_id), Html(m->source_doc));
  index += fmt::format("</select></label>\n<span>显示 <strong id=\"count\">{}</strong> 项</span>\n</form>\n", entries.size());
  index += table(all, "") + "<script src=\"filter.js\"></script>\n</body>\n</html>\n";
  pages.push_back({"index.html", index});

  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<const Entry*> shown;
    for (const auto& e : entries)
      if (std::find(e.provision->service.serves.begin(), e.provision->service.serves.end(), groups[g]) != e.provision->service.serves.end())
        shown.push_back(&e);
    pages.push_back({fmt::format("groups/{}.html", g + 1),
                     Head(groups[g] + " — 政策清单", "../") + fmt::format("<h1>{}</h1>\n", Html(groups[g])) + browse("../") +
                         table(shown, "../") + "</body>\n</html>\n"});
  }
  for (const auto* m : modules) {
    std::vector<const Entry*> shown;
    for (const auto& e : entries)
      if (e.module == m) shown.push_back(&e);
    pages.push_back({"documents/" + m->policy_id + ".html",
                     Head(m->source_doc + " — 政策清单", "../") + fmt::format("<h1>{}</h1>\n<p class=\"source\">{}</p>\n", Html(m->title), Html(m->source_doc)) +
                         browse("../") + table(shown, "../") + "</body>\n</html>\n"});
  }
  std::string print = Head("政策一卡通", "");
  for (const auto& e : entries) {
    pages.push_back({"cards/" + e.provision->id + ".html",
                     Head(e.provision->title + " — 政策清单", "../") + "<nav class=\"browse noprint\"><p><a href=\"../index.html\">政策清单</a></p></nav>\n" +
                         writer.Card(e, false) + "</body>\n</html>\n"});
    print += writer.Card(e, true);
  }
  pages.push_back({kPrintPage, print + "</body>\n</html>\n"});
  pages.push_back({"style.css", kStyle});
  pages.push_back({"filter.js", kFilter});
  return pages;
}

}  // namespace provisio::doc
