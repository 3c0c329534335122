/* Two policy modules in one C program, linked with plain `cc`: each says
   its ABI version, neither exports the runtime it carries, and each checks
   what it is given as `provisio eval` does.
   庆阳 二(二)12: a graduate of 2022-07-01, assessed 2023-06-01, 6 months of
   internship at a unit retaining 55% → 1200.00 a month, 7200.00 in all;
   without a birth date the record is refused, naming that fact.
   兴安盟 第十条: an enterprise size of 99 is no size the schema declares;
   第九条 技能提升补贴 reads a list, which must be given.
   The JSON entry takes the same facts as JSON and answers as `provisio eval`
   does: the answer's length when the buffer is short, and the error object
   naming the fact. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "qingyang-2023.h"
#include "xingan-2023.h"

static int64_t day(const char* text) {
  int64_t d = 0;
  prv_date_parse(text, 10, &d);
  return d;
}

static int failures = 0;
static void expect(int ok, const char* what) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  failures += !ok;
}

static int32_t internship(int birth_given, prv_result* result, int64_t* outputs) {
  int64_t values[2 * QINGYANG_2023_SLOT_COUNT] = {0};
  uint8_t present[QINGYANG_2023_SLOT_COUNT] = {0};
#define SET(slot, a, b) (values[2 * (slot)] = (a), values[2 * (slot) + 1] = (b), present[slot] = 1)
  SET(QINGYANG_2023_SLOT_APPLICATION_DATE, day("2023-06-01"), 1);
  if (birth_given) SET(QINGYANG_2023_SLOT_PERSON_BIRTH_DATE, day("1990-01-01"), 1);
  SET(QINGYANG_2023_SLOT_PERSON_COLLEGE_GRADUATE, 1, 1);
  SET(QINGYANG_2023_SLOT_PERSON_GRADUATION_DATE, day("2022-07-01"), 1);
  SET(QINGYANG_2023_SLOT_PERSON_EMPLOYED_SINCE_GRADUATION, 0, 1);
  SET(QINGYANG_2023_SLOT_INTERNSHIP_UNIT_RETENTION_RATE, 11, 20);
  SET(QINGYANG_2023_SLOT_INTERNSHIP_MONTHS, 6, 1);
  prv_record record = {values, present, NULL, 0};
  static uint8_t output_present[QINGYANG_2023_INTERNSHIP_SUBSIDY_OUTPUT_COUNT];
  prv_result r = {outputs, output_present, -2, 0, -1, -1, NULL, NULL, 0, NULL, -1, -1, -1};
  *result = r;
  return prv_qingyang_2023__internship_subsidy(&record, result);
}

int main(void) {
  expect(prv_qingyang_2023_abi_version() == PROVISIO_ABI_VERSION, "qingyang-2023 is built for this ABI");
  expect(prv_xingan_2023_abi_version() == PROVISIO_ABI_VERSION, "xingan-2023 is built for this ABI");
  expect(dlsym(RTLD_DEFAULT, "prv_ratio_cmp") == NULL && dlsym(RTLD_DEFAULT, "prv_money_mul_ratio") == NULL,
         "neither module exports the runtime");

  prv_result result;
  int64_t outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUTPUT_COUNT];
  int32_t status = internship(1, &result, outputs);
  expect(status == PRV_ELIGIBLE && outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUT_AMOUNT] == 720000 &&
             outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUT_MONTHLY_AMOUNT] == 120000,
         "二(二)12: 6 months at 1200.00 is 7200.00");
  status = internship(0, &result, outputs);
  expect(status == PRV_ERROR && result.error_status == PRV_MISSING_FACT &&
             result.error_fact == QINGYANG_2023_SLOT_PERSON_BIRTH_DATE,
         "without person.birth_date: PRV_MISSING_FACT naming it");

  int64_t values[2 * XINGAN_2023_SLOT_COUNT] = {0};
  uint8_t present[XINGAN_2023_SLOT_COUNT] = {0};
  SET(XINGAN_2023_SLOT_APPLICATION_DATE, day("2023-06-01"), 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_SERIOUSLY_DISHONEST, 0, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_ENV_NONCOMPLIANT, 0, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_UI_INSURED, 1, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_AVG_MONTHLY_INSURED_PRIOR_YEAR, 200, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_LAYOFFS_PRIOR_YEAR, 10, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_SIZE, 99, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_ORG_TYPE, PRV_ENTERPRISE_ORG_TYPE_COMPANY, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_UI_PREMIUM_PAID_PRIOR_YEAR, 10000000, 1);
  SET(XINGAN_2023_SLOT_ENTERPRISE_HAS_CORPORATE_ACCOUNT, 1, 1);
  prv_record record = {values, present, NULL, 0};
  int64_t refund[2 * XINGAN_2023_JOB_RETENTION_REFUND_OUTPUT_COUNT];
  uint8_t refund_present[XINGAN_2023_JOB_RETENTION_REFUND_OUTPUT_COUNT];
  prv_result r = {refund, refund_present, -2, 0, -1, -1, NULL, NULL, 0, NULL, -1, -1, -1};
  status = prv_xingan_2023__job_retention_refund(&record, &r);
  expect(status == PRV_ERROR && r.error_status == PRV_BAD_FACT && r.error_fact == XINGAN_2023_SLOT_ENTERPRISE_SIZE,
         "enterprise.size = 99: PRV_BAD_FACT naming it");

  /* 第九条 技能提升补贴 reads the claims list: without one it is not given; NULL arrays are refused. */
  SET(XINGAN_2023_SLOT_PERSON_UI_CONTRIBUTION_MONTHS, 12, 1);
  SET(XINGAN_2023_SLOT_PERSON_RECEIVING_UI_BENEFIT, 0, 1);
  SET(XINGAN_2023_SLOT_CERTIFICATE_KIND, 0, 1);
  status = prv_xingan_2023__skill_upgrade_subsidy(&record, &r);
  expect(status == PRV_ERROR && r.error_status == PRV_MISSING_FACT && r.error_list == XINGAN_2023_LIST_CLAIMS &&
             r.error_field == -1,
         "no claims list given: PRV_MISSING_FACT naming the list");
  prv_record empty = {NULL, NULL, NULL, 0};
  status = prv_xingan_2023__skill_upgrade_subsidy(&empty, &r);
  expect(status == PRV_ERROR && r.error_status == PRV_BAD_FACT, "NULL arrays: PRV_BAD_FACT, not a crash");

  /* 二(二)12 again, as the JSON `provisio eval` takes. */
  const char* facts =
      "{\"application\":{\"date\":\"2023-06-01\"},\"person\":{\"birth_date\":\"2000-03-15\",\"college_graduate\":true,"
      "\"graduation_date\":\"2022-07-01\",\"employed_since_graduation\":false},"
      "\"internship\":{\"months\":6,\"unit_retention_rate\":\"55%\"}}";
  const char* answer = "{\"eligible\":true,\"monthly_amount\":1200.00,\"amount\":7200.00}";
  char text[128];
  int64_t length = -1;
  status = prv_qingyang_2023__internship_subsidy_eval_json(facts, (int64_t)strlen(facts), text, sizeof text, &length);
  expect(status == PRV_ELIGIBLE && strcmp(text, answer) == 0 && length == (int64_t)strlen(answer),
         "二(二)12 as JSON: {\"eligible\":true,\"monthly_amount\":1200.00,\"amount\":7200.00}");
  char small[10];
  status = prv_qingyang_2023__internship_subsidy_eval_json(facts, (int64_t)strlen(facts), small, sizeof small, &length);
  expect(status == PRV_ELIGIBLE && length == (int64_t)strlen(answer) && strcmp(small, "{\"eligibl") == 0,
         "a short buffer holds the answer's start and learns its length");
  const char* no_birth =
      "{\"application\":{\"date\":\"2023-06-01\"},\"person\":{\"college_graduate\":true,"
      "\"graduation_date\":\"2022-07-01\",\"employed_since_graduation\":false},"
      "\"internship\":{\"months\":6,\"unit_retention_rate\":\"55%\"}}";
  status = prv_qingyang_2023__internship_subsidy_eval_json(no_birth, (int64_t)strlen(no_birth), text, sizeof text, &length);
  expect(status == PRV_ERROR && strcmp(text, "{\"error\":\"missing fact person.birth_date\",\"fact\":\"person.birth_date\"}") == 0,
         "as JSON without person.birth_date: the error names it");
  const char* cut = "{\"person\":";
  status = prv_qingyang_2023__internship_subsidy_eval_json(cut, (int64_t)strlen(cut), text, sizeof text, &length);
  expect(status == PRV_ERROR && strstr(text, "{\"error\":\"malformed facts: not JSON at column 11") == text,
         "malformed JSON: an error, not a crash");
  /* Each module decodes with its own schema: 兴安盟's knows enterprise.size, 庆阳's does not. */
  const char* huge = "{\"application\":{\"date\":\"2023-06-01\"},\"enterprise\":{\"size\":\"huge\"}}";
  status = prv_xingan_2023__job_retention_refund_eval_json(huge, (int64_t)strlen(huge), text, sizeof text, &length);
  expect(status == PRV_ERROR && strstr(text, "{\"error\":\"fact enterprise.size: expected one of ") == text,
         "兴安盟 as JSON: enterprise.size \"huge\" is no size its schema declares");
  return failures == 0 ? 0 : 1;
}
