#include "facts/dictionary.h"

#include <unordered_map>

namespace provisio::facts {

namespace {
using T = FactType;

enum EnumId : int32_t { kSize, kOrgType, kSex, kCertificateKind, kLoanApplicant };

Fact F(std::string name, T type) { return Fact{std::move(name), type, -1, false, {}, {}}; }
Fact E(std::string name, EnumId id) { return Fact{std::move(name), T::Enum, id, false, {}, {}}; }
Fact Opt(std::string name, T type) { return Fact{std::move(name), type, -1, true, {}, {}}; }
Fact Range(std::string name, int64_t lo, int64_t hi) { return Fact{std::move(name), T::Int, -1, false, lo, hi}; }
Fact Count(std::string name) { return Fact{std::move(name), T::Int, -1, false, 0, {}}; }
}  // namespace

const std::vector<Enum>& Enums() {
  static const std::vector<Enum> enums = {
      {"enterprise.size", {"large", "medium", "small", "micro"}},
      {"enterprise.org_type",
       {"company", "social_group", "foundation", "social_service_agency", "law_firm", "accounting_firm",
        "individual_business"}},
      {"person.sex", {"male", "female"}},
      {"certificate.kind", {"vocational_qualification", "skill_level", "special_ability", "training_completion"}},
      {"loan.applicant", {"individual", "partnership", "small_enterprise"}},
  };
  return enums;
}

const std::vector<Fact>& Facts() {
  static const std::vector<Fact> facts = {
      F("application.date", T::Date),
      F("application.accepted_date", T::Date),
      Opt("application.paid_date", T::Date),

      F("region.registered_unemployment_rate_prior_year", T::Rate),
      F("region.injury_fund_reserve_months", T::Decimal),
      F("region.ui_fund_reserve_months", T::Decimal),
      F("region.min_wage_class1_monthly", T::Money),
      F("region.local_min_wage_monthly", T::Money),
      F("region.dibao_standard_monthly", T::Money),
      F("region.local_avg_income_monthly", T::Money),
      F("region.price_linkage_triggered", T::Bool),

      E("enterprise.size", kSize),
      E("enterprise.org_type", kOrgType),
      F("enterprise.ui_insured", T::Bool),
      F("enterprise.injury_insured", T::Bool),
      F("enterprise.avg_monthly_insured_prior_year", T::Decimal),
      Count("enterprise.layoffs_prior_year"),
      Count("enterprise.year_end_headcount_prior_year"),
      F("enterprise.ui_premium_paid_prior_year", T::Money),
      F("enterprise.monthly_social_insurance_due", T::Money),
      F("enterprise.temporary_difficulty", T::Bool),
      F("enterprise.seriously_dishonest", T::Bool),
      F("enterprise.env_noncompliant", T::Bool),
      F("enterprise.has_corporate_account", T::Bool),
      Range("enterprise.industry_risk_class", 1, 8),
      F("enterprise.base_injury_rate", T::Rate),
      Count("enterprise.current_staff"),
      Count("enterprise.new_eligible_hires_this_year"),
      Count("enterprise.trainees_passed"),

      F("person.birth_date", T::Date),
      E("person.sex", kSex),
      F("person.statutory_retirement_date", T::Date),
      F("person.college_graduate", T::Bool),
      Opt("person.graduation_date", T::Date),
      F("person.employed_since_graduation", T::Bool),
      Opt("person.registered_unemployed_since", T::Date),
      F("person.urban_registered", T::Bool),
      F("person.poverty_relieved", T::Bool),
      F("person.employment_difficulty", T::Bool),
      F("person.zero_employment_family", T::Bool),
      F("person.both_spouses_unemployed", T::Bool),
      F("person.dibao", T::Bool),
      F("person.partially_disabled", T::Bool),
      F("person.able_and_willing_to_work", T::Bool),
      F("person.land_expropriated", T::Bool),
      F("person.income_monthly", T::Money),
      F("person.two_after_student", T::Bool),
      F("person.rural_or_pastoral", T::Bool),
      F("person.urban_dibao_family", T::Bool),
      F("person.veteran", T::Bool),
      F("person.migrant_worker", T::Bool),
      F("person.returning_entrepreneur", T::Bool),
      F("person.difficult_graduate", T::Bool),
      F("person.first_time_founder", T::Bool),
      F("person.startup_loan_group", T::Bool),
      Count("person.ui_contribution_months"),
      F("person.receiving_ui_benefit", T::Bool),
      F("person.household_income_per_capita_monthly", T::Money),
      F("person.affected_by_disaster", T::Bool),

      F("hire.date", T::Date),
      Count("hire.contract_months"),
      Count("hire.social_insurance_months"),

      E("certificate.kind", kCertificateKind),
      Range("certificate.level", 1, 5),
      F("certificate.occupation", T::Text),
      F("certificate.date", T::Date),
      F("certificate.first_assessment", T::Bool),

      Count("training.days"),
      F("training.occupation", T::Text),
      Range("training.level", 1, 5),

      Count("internship.months"),
      F("internship.unit_retention_rate", T::Rate),

      F("business.registered_date", T::Date),
      Count("business.employees"),
      Count("business.social_insurance_paid_months"),

      E("loan.applicant", kLoanApplicant),
      Fact{"loan.partners", T::Int, -1, true, 0, {}},
      F("loan.requested_amount", T::Money),

      F("library.prior_year_success_rate", T::Rate),
      Count("library.projects_entered"),
      Count("library.projects_succeeded_stable"),

      Count("agency.placed_6m_contract"),
      Count("workshop.local_poverty_relieved_stable_6m"),
      F("travel.cross_province", T::Bool),
  };
  return facts;
}

int32_t FindFact(std::string_view name) {
  static const auto index = [] {
    std::unordered_map<std::string_view, int32_t> m;
    for (size_t i = 0; i < Facts().size(); ++i) m.emplace(Facts()[i].name, static_cast<int32_t>(i));
    return m;
  }();
  auto it = index.find(name);
  return it == index.end() ? -1 : it->second;
}

const char* TypeName(FactType type) {
  switch (type) {
    case T::Bool: return "bool";
    case T::Int: return "int";
    case T::Decimal: return "decimal";
    case T::Rate: return "rate";
    case T::Money: return "money";
    case T::Date: return "date";
    case T::Text: return "text";
    case T::Enum: return "enum";
  }
  return "?";
}

}  // namespace provisio::facts
