/*
** fuzz_forecast_input.c — libFuzzer target for the issue reader
** (src/forecast/input.c, CSV and JSON), and for the models on whatever it
** accepts: a few rounds of the expected-utility model on small inputs, so
** odd but valid numbers (zero capability, equal positions, extreme
** saliences) are exercised too.
*/
#include "orrery.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    orr_fc_issue *issue = NULL;
    orr_error err;
    if (orr_fc_issue_parse("fuzz", (const char *)data, size, &issue, &err) != ORR_OK) return 0;
    if (!issue->has_scale) {
        double lo = issue->actors[0].position, hi = lo;
        for (size_t i = 1; i < issue->n_actors; i++) {
            if (issue->actors[i].position < lo) lo = issue->actors[i].position;
            if (issue->actors[i].position > hi) hi = issue->actors[i].position;
        }
        if (hi == lo) hi = lo + 1;
        orr_fc_issue_set_scale(issue, lo, hi, &err);
    }
    if (issue->n_actors <= 12) {
        orr_bdm_options opts;
        orr_bdm_options_default(&opts);
        opts.max_rounds = 3;
        opts.variant = (unsigned)(size % 64) & ~(unsigned)ORR_BDM_RISK_POSITIONS;
        if ((opts.variant & ORR_BDM_RISK_NEUTRAL) == 0 && size % 7 == 0) opts.variant |= ORR_BDM_RISK_POSITIONS;
        orr_fc_forecasts fc;
        orr_fc_forecast_all(issue, &opts, &fc, &err);
    }
    orr_fc_issue_free(issue);
    return 0;
}
