/* Every ground of a refusal through the C ABI. 兴安盟 第十条 稳岗返还: a unit
   that is seriously dishonest, fails the environmental rule and laid off
   12 of 200 insured (6% > 5.5%) fails three conditions; the generated
   table names each with its reason and article. */
#include <stdio.h>
#include <string.h>

#include "xingan-2023.h"

static int64_t values[2 * XINGAN_2023_SLOT_COUNT];
static uint8_t present[XINGAN_2023_SLOT_COUNT];

static void set(int slot, int64_t a, int64_t b) {
  values[2 * slot] = a;
  values[2 * slot + 1] = b;
  present[slot] = 1;
}

int main(void) {
  int64_t day = 0;
  prv_date_parse("2023-06-01", 10, &day);
  set(XINGAN_2023_SLOT_APPLICATION_DATE, day, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_SERIOUSLY_DISHONEST, 1, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_ENV_NONCOMPLIANT, 1, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_UI_INSURED, 1, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_AVG_MONTHLY_INSURED_PRIOR_YEAR, 200, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_LAYOFFS_PRIOR_YEAR, 12, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_SIZE, PRV_ENTERPRISE_SIZE_LARGE, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_ORG_TYPE, PRV_ENTERPRISE_ORG_TYPE_COMPANY, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_UI_PREMIUM_PAID_PRIOR_YEAR, 10000000, 1);
  set(XINGAN_2023_SLOT_ENTERPRISE_HAS_CORPORATE_ACCOUNT, 1, 1);
  prv_record record = {values, present, NULL, 0};
  int64_t outputs[2 * XINGAN_2023_JOB_RETENTION_REFUND_OUTPUT_COUNT];
  uint8_t output_present[XINGAN_2023_JOB_RETENTION_REFUND_OUTPUT_COUNT];
  uint8_t states[XINGAN_2023_JOB_RETENTION_REFUND_RULE_COUNT];
  prv_result result = {outputs, output_present, -2, 0, -1, -1, NULL, states, 0, NULL, -1, -1, -1};
  int32_t status = prv_xingan_2023__job_retention_refund(&record, &result);
  printf("status=%d failed=%d first=%d\n", status, result.failed_count, result.failed_rule);
  int failed = 0;
  for (int i = 0; i < XINGAN_2023_JOB_RETENTION_REFUND_RULE_COUNT; ++i) {
    if (states[i] != PRV_RULE_FAILED) continue;
    const prv_rule_info* rule = &XINGAN_2023_JOB_RETENTION_REFUND_RULES[i];
    printf("%s: %s: %s\n", rule->name, rule->cite, rule->reason);
    ++failed;
  }
  int ok = status == PRV_INELIGIBLE && failed == 3 && result.failed_count == 3 &&
           result.failed_rule == XINGAN_2023_JOB_RETENTION_REFUND_RULE_HONEST &&
           states[XINGAN_2023_JOB_RETENTION_REFUND_RULE_ENVIRONMENTAL] == PRV_RULE_FAILED &&
           states[XINGAN_2023_JOB_RETENTION_REFUND_RULE_INSURED] == PRV_RULE_MET &&
           states[XINGAN_2023_JOB_RETENTION_REFUND_RULE_LAYOFFS] == PRV_RULE_FAILED;
  return ok ? 0 : 1;
}
