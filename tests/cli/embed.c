/* An engineer's embedding of a built policy: fill the record through the
   generated header, call the provision, read the outputs.
   二(二)12: a graduate of 2022-07-01, assessed 2023-06-01, 6 months of
   internship at a unit retaining 55% → 1200.00 a month, 7200.00 in all. */
#include <stdio.h>
#include <string.h>

#include "qingyang-2023.h"

static int64_t values[2 * QINGYANG_2023_SLOT_COUNT];
static uint8_t present[QINGYANG_2023_SLOT_COUNT];

static void set(int slot, int64_t a, int64_t b) {
  values[2 * slot] = a;
  values[2 * slot + 1] = b;
  present[slot] = 1;
}

static int64_t day(const char* text) {
  int64_t d = 0;
  prv_date_parse(text, 10, &d);
  return d;
}

int main(void) {
  set(QINGYANG_2023_SLOT_APPLICATION_DATE, day("2023-06-01"), 1);
  set(QINGYANG_2023_SLOT_PERSON_BIRTH_DATE, day("1990-01-01"), 1);
  set(QINGYANG_2023_SLOT_PERSON_COLLEGE_GRADUATE, 1, 1);
  set(QINGYANG_2023_SLOT_PERSON_GRADUATION_DATE, day("2022-07-01"), 1);
  set(QINGYANG_2023_SLOT_PERSON_EMPLOYED_SINCE_GRADUATION, 0, 1);
  set(QINGYANG_2023_SLOT_INTERNSHIP_UNIT_RETENTION_RATE, 11, 20); /* 55% */
  set(QINGYANG_2023_SLOT_INTERNSHIP_MONTHS, 6, 1);
  prv_record record = {values, present, NULL, 0};
  int64_t outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUTPUT_COUNT];
  uint8_t output_present[QINGYANG_2023_INTERNSHIP_SUBSIDY_OUTPUT_COUNT];
  prv_result result = {outputs, output_present, -2, 0, -1, -1, NULL, NULL, 0, NULL, -1, -1, -1};
  int32_t status = prv_qingyang_2023__internship_subsidy(&record, &result);
  char monthly[32], amount[32];
  monthly[prv_money_format(outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUT_MONTHLY_AMOUNT], monthly)] = 0;
  amount[prv_money_format(outputs[2 * QINGYANG_2023_INTERNSHIP_SUBSIDY_OUT_AMOUNT], amount)] = 0;
  printf("status=%d monthly=%s amount=%s\n", status, monthly, amount);
  return status == PRV_ELIGIBLE && strcmp(amount, "7200.00") == 0 ? 0 : 1;
}
