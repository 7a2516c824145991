/*
 * KPI arithmetic and the way values are written for people: OEE and its
 * classes, SLO error budgets, burn rates and status, and values with their
 * units. Pure and locale-independent (a German locale must not turn 85.2 %
 * into 85,2 % in a snapshot that a script reads).
 */
#ifndef MS5TOP_KPI_H
#define MS5TOP_KPI_H

#include <stddef.h>
#include "ms5top/dashboard.h"

/* OEE classes (metrics.md): >= 85 % world class, >= 60 % typical, else poor. */
enum oee_class { OEE_NONE = 0, OEE_POOR, OEE_TYPICAL, OEE_WORLD_CLASS };
#define KPI_OEE_WORLD_CLASS 0.85
#define KPI_OEE_TYPICAL 0.60

enum oee_class kpi_oee_class(double oee);          /* NaN/Inf -> OEE_NONE */
const char *kpi_oee_class_name(enum oee_class c);   /* "world class", "typical", "poor", "--" */
/* A x P x Q; NaN when any factor is NaN or infinite. */
double kpi_oee(double availability, double performance, double quality);

/* SLOs (metrics.md). The error budget left over the window, 1 - (1-SLI)/(1-objective):
 * 1 untouched, 0 spent, negative overspent. The burn rate of an error ratio:
 * error_ratio / (1 - objective); 1 spends the budget exactly over the window. */
double kpi_budget_left(double sli, double objective);
double kpi_burn_rate(double error_ratio, double objective);

enum slo_status { SLO_UNKNOWN = 0, SLO_MET, SLO_AT_RISK, SLO_BREACHED };
/* Breached: budget spent (<= 0). At risk: burning fast enough to page or ticket
 * (1h > 14.4 or 6h > 6, or both windows > 1 with under a quarter of the budget
 * left). Met otherwise. Unknown when the budget is NaN. */
enum slo_status kpi_slo_status(double budget_left, double burn1h, double burn6h);
const char *kpi_slo_status_name(enum slo_status s);  /* "met", "at risk", "breached", "--" */

/* A value with its unit, e.g. "85.2%", "0.183s", "1.2k/h", "412 units",
 * "in 3h12m", "$1,234" -> "$1.2k", "NaN" -> "--". decimals -1 chooses (3
 * significant digits). `now` is used by UNIT_TIMESTAMP only. Returns buf. */
char *kpi_format(char *buf, size_t size, double v, enum dash_unit unit, int decimals, double now);
/* A plain number shortened with k/M/G suffixes to fit about 5 columns. */
char *kpi_short(char *buf, size_t size, double v, int decimals);
/* A whole number with thousands separators, "4,120" (rounded; NaN "--",
 * beyond 1e15 shortened as kpi_short). Returns buf. */
char *kpi_group(char *buf, size_t size, double v);

#endif
