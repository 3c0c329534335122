// ANTLR glue: runs the generated lexer and parser, maps syntax errors to
// registry kinds, and turns the parse tree into the AST.
#include "syntax/parse.h"

#include <algorithm>
#include <limits>

#include "ProvisioLexer.h"
#include "ProvisioParser.h"
#include "antlr4-runtime.h"
#include "provisio/runtime.h"
#include "syntax/limits.h"

namespace provisio::syntax {

namespace {

using P = ProvisioParser;
using diag::Kind;
using source::Span;

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(source::FileId file, diag::Emitter& emitter) : file_(file), emitter_(emitter) {}

  void syntaxError(antlr4::Recognizer*, antlr4::Token* token, size_t, size_t, const std::string& msg,
                   std::exception_ptr) override {
    Span span{file_, 0, 0};
    if (token != nullptr) {
      span.begin = static_cast<uint32_t>(token->getStartIndex());
      span.end = token->getType() == antlr4::Token::EOF ? span.begin
                                                         : static_cast<uint32_t>(token->getStopIndex() + 1);
      if (token->getType() == ProvisioLexer::UNKNOWN_CHAR) {
        if (!reported_unknown_.insert(span.begin).second) return;
        emitter_.Emit(span, Kind::UnknownCharacter, token->getText());
        return;
      }
    }
    emitter_.Emit(span, Kind::UnexpectedToken, Simplify(msg, token));
  }

 private:
  // ANTLR lists every token it could accept; past a handful that helps nobody.
  static std::string Simplify(const std::string& msg, antlr4::Token* token) {
    auto brace = msg.find("expecting {");
    if (brace != std::string::npos && std::count(msg.begin(), msg.end(), ',') > 5) {
      std::string what = token && token->getType() != antlr4::Token::EOF ? "`" + token->getText() + "`" : "end of file";
      return "unexpected " + what + " here";
    }
    std::string out = msg;
    for (auto& c : out)
      if (c == '\'') c = '`';
    return out;
  }

  source::FileId file_;
  diag::Emitter& emitter_;
  std::set<uint32_t> reported_unknown_;
};

class Builder {
 public:
  Builder(const source::SourceSet& sources, source::FileId file, diag::Emitter& emitter)
      : sources_(sources), file_(file), emitter_(emitter) {}

  ast::Policy File(P::FileContext* ctx) {
    ast::Policy policy;
    policy.file = file_;
    for (auto* item : ctx->item()) {
      if (auto* p = item->policyDecl()) {
        if (policy.header) {
          emitter_.Emit(SpanOf(p), Kind::DuplicatePolicyHeader);
          continue;
        }
        policy.header = Header(p);
      } else if (auto* u = item->useDecl()) {
        if (u->STRING()) policy.uses.push_back({SpanOf(u), Unquote(u->STRING()->getSymbol())});
      } else if (auto* c = item->calendarDecl()) {
        policy.calendars.push_back(CalendarOf(c));
      } else if (auto* pa = item->paramDecl()) {
        if (pa->name().size() < 2) continue;
        if (!pa->expr() && pa->datedValue().empty()) {
          emitter_.Emit(SpanOf(pa), Kind::UnexpectedToken, "a param needs a value: `= value`, or dated values `from DATE = value`");
          continue;
        }
        policy.params.push_back({IdentOf(pa->name(0)), IdentOf(pa->type), pa->expr() ? ExprOf(pa->expr()) : nullptr,
                                 pa->cite ? Unquote(pa->cite) : "", SeriesOf(pa->datedValue())});
      } else if (auto* a = item->amendDecl()) {
        auto* q = a->qualifiedRef();
        if (!q || !q->policyId() || !q->IDENT()) continue;
        ast::Amend amend{SpanOf(a), {SpanOf(q), q->policyId()->getText(), IdentOf(q->IDENT())}, SeriesOf(a->datedValue()),
                         std::nullopt, a->cite ? Unquote(a->cite) : ""};
        if (a->window()) amend.window = WindowOf(a->window());
        policy.amends.push_back(std::move(amend));
      } else if (auto* pr = item->provisionDecl()) {
        if (pr->IDENT()) policy.provisions.push_back(ProvisionOf(pr));
      } else if (auto* g = item->groupDecl()) {
        if (g->name()) policy.groups.push_back({IdentOf(g->name()), g->title ? Unquote(g->title) : "", FieldsOf(g->fieldDecl())});
      } else if (auto* r = item->recordDecl()) {
        if (r->name()) policy.records.push_back({IdentOf(r->name()), r->title ? Unquote(r->title) : "", FieldsOf(r->fieldDecl())});
      } else if (auto* l = item->listDecl()) {
        if (l->list && l->record)
          policy.lists.push_back({SpanOf(l), IdentOf(l->list), IdentOf(l->record), l->title ? Unquote(l->title) : ""});
      } else if (auto* e = item->eventDecl()) {
        policy.events.push_back({SpanOf(e), e->getText().substr(5)});
      }
    }
    return policy;
  }

 private:
  Span SpanOf(antlr4::ParserRuleContext* ctx) const {
    auto* start = ctx->getStart();
    auto* stop = ctx->getStop();
    uint32_t begin = start ? static_cast<uint32_t>(start->getStartIndex()) : 0;
    uint32_t end = stop && stop->getType() != antlr4::Token::EOF ? static_cast<uint32_t>(stop->getStopIndex() + 1)
                                                                   : begin;
    if (end < begin) end = begin;
    return {file_, begin, end};
  }
  Span SpanOf(antlr4::Token* t) const {
    return {file_, static_cast<uint32_t>(t->getStartIndex()), static_cast<uint32_t>(t->getStopIndex() + 1)};
  }
  ast::Ident IdentOf(antlr4::tree::TerminalNode* node) const { return {SpanOf(node->getSymbol()), node->getText()}; }
  ast::Ident IdentOf(P::NameContext* ctx) const { return {SpanOf(ctx), ctx->getText()}; }

  static std::string Unquote(antlr4::Token* t) {
    std::string s = t->getText();
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) {
        char c = s[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        out += s[i];
      }
    }
    return out;
  }

  int64_t DateOf(antlr4::Token* t) {
    std::string text = t->getText();
    int64_t day = 0;
    if (prv_date_parse(text.data(), static_cast<int64_t>(text.size()), &day) != PRV_OK)
      emitter_.Emit(SpanOf(t), Kind::InvalidDate, text);
    return day;
  }

  int64_t IntOf(antlr4::Token* t) {
    std::string text = t->getText();
    int64_t v = 0;
    for (char c : text) {
      // A token the parser made up to recover ("<missing INT>"): its error is reported already.
      if (c < '0' || c > '9') return 0;
      if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) {
        emitter_.Emit(SpanOf(t), Kind::NumberTooLarge, text);
        return 0;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  std::vector<ast::DatedValue> SeriesOf(const std::vector<P::DatedValueContext*>& values) {
    std::vector<ast::DatedValue> out;
    for (auto* v : values) {
      if (!v->from) continue;
      ast::DatedValue d{SpanOf(v), DateOf(v->from), std::nullopt, nullptr, v->cite ? Unquote(v->cite) : ""};
      if (v->to) d.to = DateOf(v->to);
      if (v->expr()) d.value = ExprOf(v->expr());
      out.push_back(std::move(d));
    }
    return out;
  }

  ast::Window WindowOf(P::WindowContext* ctx) {
    ast::Window w;
    w.span = SpanOf(ctx);
    if (ctx->from) w.from = DateOf(ctx->from);
    if (ctx->to) w.to = DateOf(ctx->to);
    return w;
  }

  ast::PolicyHeader Header(P::PolicyDeclContext* ctx) {
    ast::PolicyHeader h;
    h.span = SpanOf(ctx);
    if (auto* id = ctx->policyId()) {
      // The id is lexed as IDENT ('-' IDENT|INT)*: it must be written without spaces.
      h.id = id->getText();
      if (sources_.Text(SpanOf(id)) != h.id) emitter_.Emit(SpanOf(id), Kind::SpacedPolicyId, h.id);
    }
    if (ctx->title) h.title = Unquote(ctx->title);
    for (auto* clause : ctx->policyClause()) {
      if (auto* s = dynamic_cast<P::PolicySourceContext*>(clause)) {
        if (s->STRING()) h.source = Unquote(s->STRING()->getSymbol());
      } else if (auto* w = dynamic_cast<P::PolicyWindowContext*>(clause)) {
        if (w->window()) h.window = WindowOf(w->window());
      } else if (auto* c = dynamic_cast<P::PolicyCalendarContext*>(clause)) {
        if (c->IDENT()) h.calendar = IdentOf(c->IDENT());
      }
    }
    return h;
  }

  ast::Calendar CalendarOf(P::CalendarDeclContext* ctx) {
    ast::Calendar cal;
    if (ctx->IDENT()) cal.name = IdentOf(ctx->IDENT());
    if (ctx->title) cal.title = Unquote(ctx->title);
    for (auto* clause : ctx->calendarClause()) {
      if (auto* y = dynamic_cast<P::CalendarYearsContext*>(clause)) {
        if (y->from && y->to) cal.years = {IntOf(y->from), IntOf(y->to)};
        cal.years_span = SpanOf(y);
      } else if (auto* h = dynamic_cast<P::CalendarHolidayContext*>(clause)) {
        if (!h->from) continue;
        int64_t from = DateOf(h->from);
        cal.holidays.push_back({SpanOf(h), from, h->to ? DateOf(h->to) : from});
      } else if (auto* we = dynamic_cast<P::CalendarWeekendContext*>(clause)) {
        cal.weekend_span = SpanOf(we);
        for (auto* day : we->IDENT()) cal.weekend.push_back(IdentOf(day));
      } else if (auto* w = dynamic_cast<P::CalendarWorkdayContext*>(clause)) {
        if (!w->DATE()) continue;
        int64_t day = DateOf(w->DATE()->getSymbol());
        cal.workdays.push_back({SpanOf(w), day, day});
      }
    }
    return cal;
  }

  std::vector<ast::FieldDecl> FieldsOf(const std::vector<P::FieldDeclContext*>& decls) {
    std::vector<ast::FieldDecl> out;
    for (auto* d : decls) {
      if (!d->name() || !d->fieldType()) continue;
      ast::FieldDecl f;
      f.span = SpanOf(d);
      f.name = IdentOf(d->name());
      if (auto* named = dynamic_cast<P::NamedTypeContext*>(d->fieldType())) {
        if (!named->name()) continue;
        f.type = IdentOf(named->name());
      } else if (auto* e = dynamic_cast<P::EnumTypeContext*>(d->fieldType())) {
        f.type = {SpanOf(e), "enum"};
        for (auto* w : e->enumWord())
          if (w->name()) f.words.push_back({IdentOf(w->name()), w->label ? Unquote(w->label) : ""});
      }
      if (auto* b = d->bound()) {
        f.bound_span = SpanOf(b);
        if (auto* m = dynamic_cast<P::MinBoundContext*>(b)) {
          if (m->min) f.min = LiteralOf(m->min);
        } else if (auto* r = dynamic_cast<P::RangeBoundContext*>(b)) {
          if (r->lo) f.min = LiteralOf(r->lo);
          if (r->hi) f.max = LiteralOf(r->hi);
        }
      }
      f.optional = d->opt != nullptr;
      if (d->description) f.description = Unquote(d->description);
      out.push_back(std::move(f));
    }
    return out;
  }

  ast::Provision ProvisionOf(P::ProvisionDeclContext* ctx) {
    ast::Provision p;
    p.name = IdentOf(ctx->IDENT());
    if (ctx->title) p.title = Unquote(ctx->title);
    if (auto* q = ctx->qualifiedRef(); q && q->policyId() && q->IDENT())
      p.base = ast::QualifiedRef{SpanOf(q), q->policyId()->getText(), IdentOf(q->IDENT())};
    for (auto* clause : ctx->provisionClause()) {
      if (auto* c = dynamic_cast<P::CiteClauseContext*>(clause)) {
        if (c->STRING()) {
          if (p.cite) emitter_.Emit(SpanOf(c), Kind::DuplicateClause, "cite");
          p.cite = std::pair{SpanOf(c), Unquote(c->STRING()->getSymbol())};
        }
      } else if (auto* e = dynamic_cast<P::EffectiveClauseContext*>(clause)) {
        if (p.window) emitter_.Emit(SpanOf(e), Kind::DuplicateClause, "effective");
        if (e->window()) p.window = WindowOf(e->window());
      } else if (auto* ev = dynamic_cast<P::EventClauseContext*>(clause)) {
        if (p.event) emitter_.Emit(SpanOf(ev), Kind::DuplicateClause, "event");
        if (ev->expr()) p.event = ExprOf(ev->expr());
      } else if (auto* l = dynamic_cast<P::LetClauseContext*>(clause)) {
        if (l->name() && l->expr())
          p.lets.push_back({IdentOf(l->name()), ExprOf(l->expr()), l->title ? Unquote(l->title) : ""});
      } else if (auto* r = dynamic_cast<P::RequireClauseContext*>(clause)) {
        if (!r->expr()) continue;
        std::optional<ast::Ident> label;
        if (r->label) label = IdentOf(r->label);
        p.conditions.push_back({SpanOf(r), label, ExprOf(r->expr()), r->reason ? Unquote(r->reason) : "",
                                r->cite ? Unquote(r->cite) : ""});
      } else if (auto* o = dynamic_cast<P::OutputClauseContext*>(clause)) {
        if (o->name(0) && o->type && o->expr())
          p.outputs.push_back({IdentOf(o->name(0)), IdentOf(o->type), ExprOf(o->expr()), o->title ? Unquote(o->title) : ""});
      } else if (auto* x = dynamic_cast<P::ExceptionClauseContext*>(clause)) {
        if (!x->name() || !x->expr()) continue;
        ast::Exception ex{IdentOf(x->name()), ExprOf(x->expr()), x->cite ? Unquote(x->cite) : "",
                          x->grants != nullptr, {}};
        for (auto* a : x->assignment())
          if (a->name() && a->expr()) ex.assignments.push_back({IdentOf(a->name()), ExprOf(a->expr())});
        p.exceptions.push_back(std::move(ex));
      } else if (auto* d = dynamic_cast<P::DropClauseContext*>(clause)) {
        if (d->name()) p.drops.push_back(IdentOf(d->name()));
      } else if (auto* sv = dynamic_cast<P::ServiceClauseContext*>(clause)) {
        if (!sv->key) continue;
        ast::ServiceItem item{SpanOf(sv), IdentOf(sv->key), {}, std::nullopt, {}};
        for (auto* t : sv->STRING()) item.texts.push_back(Unquote(t->getSymbol()));
        if (sv->duration()) {
          item.duration = DurationOf(sv->duration());
          item.duration_span = SpanOf(sv->duration());
        }
        p.service.push_back(std::move(item));
      } else if (auto* sr = dynamic_cast<P::ServesClauseContext*>(clause)) {
        if (p.serves_span) emitter_.Emit(SpanOf(sr), Kind::DuplicateClause, "serves");
        p.serves_span = SpanOf(sr);
        for (auto* t : sr->STRING()) p.serves.push_back(Unquote(t->getSymbol()));
      } else if (auto* q = dynamic_cast<P::QuoteClauseContext*>(clause)) {
        for (auto* t : q->STRING()) p.quote.push_back(Unquote(t->getSymbol()));
      } else if (auto* ov = dynamic_cast<P::OverrideClauseContext*>(clause)) {
        if (ov->name() && ov->expr()) p.overrides.push_back({IdentOf(ov->name()), ExprOf(ov->expr())});
      }
    }
    return p;
  }

  ast::ExprPtr Make(Span span, auto node) {
    auto e = std::make_unique<ast::Expr>();
    e->span = span;
    e->node = std::move(node);
    return e;
  }

  // After error recovery a child may be missing; an empty literal stands in.
  ast::ExprPtr ExprOf(P::ExprContext* ctx) {
    if (ctx == nullptr) return Make(Span{file_, 0, 0}, ast::Literal{ast::Literal::Kind::Bool, "", 0, 1, "", {}});
    Span span = SpanOf(ctx);
    using B = ast::Binary::Op;
    if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return PrimaryOf(c->primary());
    if (auto* c = dynamic_cast<P::NegExprContext*>(ctx))
      return Make(span, ast::Unary{ast::Unary::Op::Neg, ExprOf(c->expr())});
    if (auto* c = dynamic_cast<P::NotExprContext*>(ctx))
      return Make(span, ast::Unary{ast::Unary::Op::Not, ExprOf(c->expr())});
    if (auto* c = dynamic_cast<P::MulExprContext*>(ctx))
      return Make(span, ast::Binary{c->op->getText() == "/" ? B::Div : B::Mul, ExprOf(c->expr(0)), ExprOf(c->expr(1))});
    if (auto* c = dynamic_cast<P::AddExprContext*>(ctx))
      return Make(span, ast::Binary{c->op->getText() == "+" ? B::Add : B::Sub, ExprOf(c->expr(0)), ExprOf(c->expr(1))});
    if (auto* c = dynamic_cast<P::AndExprContext*>(ctx))
      return Make(span, ast::Binary{B::And, ExprOf(c->expr(0)), ExprOf(c->expr(1))});
    if (auto* c = dynamic_cast<P::OrExprContext*>(ctx))
      return Make(span, ast::Binary{B::Or, ExprOf(c->expr(0)), ExprOf(c->expr(1))});
    if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
      std::string op = c->op->getText();
      B b = op == "==" ? B::Eq : op == "!=" ? B::Ne : op == "<" ? B::Lt : op == ">" ? B::Gt
          : (op == "<=" || op == "≤") ? B::Le : B::Ge;
      return Make(span, ast::Binary{b, ExprOf(c->expr(0)), ExprOf(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::WithinExprContext*>(ctx))
      return Make(span, ast::Within{ExprOf(c->expr(0)), DurationOf(c->duration()), SpanOf(c->duration()),
                                    ExprOf(c->expr(1))});
    if (auto* c = dynamic_cast<P::WithinEventExprContext*>(ctx))
      return Make(span, ast::Within{nullptr, DurationOf(c->duration()), SpanOf(c->duration()), ExprOf(c->expr())});
    if (auto* c = dynamic_cast<P::RangeExprContext*>(ctx))
      return Make(span, ast::InRange{ExprOf(c->expr(0)), ExprOf(c->expr(1)), ExprOf(c->expr(2))});
    if (auto* c = dynamic_cast<P::SetExprContext*>(ctx)) {
      ast::InSet set{ExprOf(c->expr(0)), {}};
      for (size_t i = 1; i < c->expr().size(); ++i) set.items.push_back(ExprOf(c->expr(i)));
      return Make(span, std::move(set));
    }
    if (auto* c = dynamic_cast<P::IfExprContext*>(ctx))
      return Make(span, ast::If{ExprOf(c->expr(0)), ExprOf(c->expr(1)), ExprOf(c->expr(2))});
    return Make(span, ast::Literal{ast::Literal::Kind::Bool, "", 0, 1, "", {}});
  }

  ast::Duration DurationOf(P::DurationContext* ctx) {
    ast::Duration d;
    if (ctx == nullptr || ctx->count == nullptr) return d;
    d.count = IntOf(ctx->count);
    if (ctx->working) {
      d.unit = ast::DurationUnit::WorkingDays;
    } else if (ctx->unit) {
      std::string u = ctx->unit->getText();
      d.unit = u.starts_with("year") ? ast::DurationUnit::Years
             : u.starts_with("month") ? ast::DurationUnit::Months : ast::DurationUnit::Days;
    }
    return d;
  }

  ast::ExprPtr PrimaryOf(P::PrimaryContext* ctx) {
    if (ctx == nullptr) return ExprOf(nullptr);
    Span span = SpanOf(ctx);
    if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return Make(span, LiteralOf(c->literal()));
    if (auto* c = dynamic_cast<P::DurationPrimaryContext*>(ctx)) {
      ast::Literal lit{ast::Literal::Kind::Duration, c->getText(), 0, 1, "", DurationOf(c->duration())};
      return Make(span, std::move(lit));
    }
    if (dynamic_cast<P::EventPrimaryContext*>(ctx)) return Make(span, ast::EventRef{});
    if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return ExprOf(c->expr());
    if (auto* c = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
      ast::NameRef ref;
      for (auto* n : c->name()) ref.parts.push_back(IdentOf(n));
      return Make(span, std::move(ref));
    }
    if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
      ast::Call call{IdentOf(c->callee), {}};
      for (auto* a : c->expr()) call.args.push_back(ExprOf(a));
      return Make(span, std::move(call));
    }
    if (auto* c = dynamic_cast<P::ListPrimaryContext*>(ctx)) {
      if (!c->list) return Make(span, ast::Literal{ast::Literal::Kind::Bool, "", 0, 1, "", {}});
      return Make(span, ast::ListQuery{c->kind->getText() == "any", IdentOf(c->list), c->expr() ? ExprOf(c->expr()) : nullptr});
    }
    if (auto* c = dynamic_cast<P::TierPrimaryContext*>(ctx)) {
      ast::Tier tier{ExprOf(c->expr()), {}};
      for (auto* b : c->band()) tier.bands.push_back(BandOf(b));
      return Make(span, std::move(tier));
    }
    if (auto* c = dynamic_cast<P::FirstPrimaryContext*>(ctx)) {
      ast::First first;
      for (auto* a : c->arm()) first.arms.push_back({ExprOf(a->cond), ExprOf(a->value)});
      if (c->expr()) first.otherwise = ExprOf(c->expr());
      return Make(span, std::move(first));
    }
    return ExprOf(nullptr);
  }

  ast::Band BandOf(P::BandContext* ctx) {
    ast::Band band;
    band.span = SpanOf(ctx);
    auto lit = [&](P::LiteralContext* l, Span& s) {
      s = SpanOf(l);
      return LiteralOf(l);
    };
    using K = ast::Band::Kind;
    if (auto* c = dynamic_cast<P::BelowBandContext*>(ctx)) {
      band.kind = K::Below;
      if (c->hi) band.hi = lit(c->hi, band.hi_span);
      band.value = ExprOf(c->expr());
    } else if (auto* c = dynamic_cast<P::HalfOpenBandContext*>(ctx)) {
      band.kind = K::HalfOpen;
      if (c->lo) band.lo = lit(c->lo, band.lo_span);
      if (c->hi) band.hi = lit(c->hi, band.hi_span);
      band.value = ExprOf(c->expr());
    } else if (auto* c = dynamic_cast<P::ClosedBandContext*>(ctx)) {
      band.kind = c->hi ? K::Closed : K::From;
      if (c->lo) band.lo = lit(c->lo, band.lo_span);
      if (c->hi) band.hi = lit(c->hi, band.hi_span);
      band.value = ExprOf(c->expr());
    } else if (auto* c = dynamic_cast<P::PointBandContext*>(ctx)) {
      band.kind = K::Point;
      if (c->at) band.lo = lit(c->at, band.lo_span);
      band.hi = band.lo;
      band.hi_span = band.lo_span;
      band.value = ExprOf(c->expr());
    }
    if (!band.value) band.value = ExprOf(nullptr);
    return band;
  }

  ast::Literal LiteralOf(P::LiteralContext* ctx) {
    using K = ast::Literal::Kind;
    ast::Literal lit{K::Bool, ctx->getText(), 0, 1, "", {}};
    Span span = SpanOf(ctx);
    bool neg = ctx->neg != nullptr;
    auto ratio = [&](std::string digits, bool percent) {
      prv_ratio r{0, 1};
      if (neg) digits = "-" + digits;
      if (prv_ratio_parse(digits.data(), static_cast<int64_t>(digits.size()), percent, &r) != PRV_OK)
        emitter_.Emit(span, Kind::NumberTooLarge, lit.spelling);
      lit.value = r.num;
      lit.den = r.den;
    };
    if (ctx->INT()) {
      lit.kind = K::Int;
      lit.value = IntOf(ctx->INT()->getSymbol());
      if (neg) lit.value = -lit.value;
    } else if (ctx->DECIMAL()) {
      lit.kind = K::Decimal;
      ratio(ctx->DECIMAL()->getText(), false);
    } else if (ctx->PERCENT()) {
      lit.kind = K::Percent;
      std::string t = ctx->PERCENT()->getText();
      ratio(t.substr(0, t.size() - 1), true);
    } else if (ctx->MONEY()) {
      lit.kind = K::Money;
      std::string t = ctx->MONEY()->getText();
      t = t.substr(0, t.find_first_of(" \xE5"));  // strip spaces and 元 (E5 85 83)
      if (neg) t = "-" + t;
      int32_t status = prv_money_parse(t.data(), static_cast<int64_t>(t.size()), &lit.value);
      if (status == PRV_PRECISION) emitter_.Emit(span, Kind::MoneyPrecision, lit.spelling);
      else if (status != PRV_OK) emitter_.Emit(span, Kind::NumberTooLarge, lit.spelling);
    } else if (ctx->DATE()) {
      lit.kind = K::Date;
      lit.value = DateOf(ctx->DATE()->getSymbol());
    } else if (ctx->STRING()) {
      lit.kind = K::Text;
      lit.text = Unquote(ctx->STRING()->getSymbol());
    } else {
      lit.kind = K::Bool;
      lit.value = lit.spelling == "true";
    }
    return lit;
  }

  const source::SourceSet& sources_;
  source::FileId file_;
  diag::Emitter& emitter_;
};

}  // namespace

const std::vector<std::string>& Keywords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    antlr4::ANTLRInputStream none("");
    ProvisioLexer lexer(&none);
    const auto& vocabulary = lexer.getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
      std::string literal = vocabulary.getLiteralName(type);  // `'policy'`, or "" for a token class
      if (literal.size() > 2 && std::all_of(literal.begin() + 1, literal.end() - 1, [](char c) { return c >= 'a' && c <= 'z'; }))
        out.push_back(literal.substr(1, literal.size() - 2));
    }
    return out;
  }();
  return words;
}

ast::Policy Parse(const source::SourceSet& sources, source::FileId file, diag::Emitter& emitter) {
  const auto& src = sources.Get(file);
  if (!src.valid_utf8()) emitter.Emit(Span{file, 0, 0}, Kind::InvalidUtf8);
  // Ill-formed bytes were reported; parse the repaired text (U+FFFD) so the rest is still checked.
  antlr4::ANTLRInputStream input(src.valid_utf8() ? src.utf8() : source::EncodeUtf8(src.code_points()));
  ProvisioLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  // The parser and the tree walks recurse once per nesting level: bound the
  // nesting, and the length of a clause, before parsing so that no input
  // can exhaust the stack.
  if (!WithinLimits(tokens, file, emitter)) return ast::Policy{file, {}, {}, {}, {}, {}};
  ProvisioParser parser(&tokens);
  ErrorListener listener(file, emitter);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  auto* tree = parser.file();
  return Builder(sources, file, emitter).File(tree);
}

}  // namespace provisio::syntax
