package binder_test

import (
	"strings"
	"testing"
)

func TestStatsAggregates(t *testing.T) {
	// STDDEV, STD and VARIANCE are the sample statistics, as written in
	// any case; arguments become DOUBLE.
	wantPlan(t, "SELECT stddev(QUANTITY), Std(QUANTITY), STDDEV_SAMP(QUANTITY), stddev_pop(DOSAGE), VARIANCE(DOSAGE), var_samp(DOSAGE), VAR_POP(DOSAGE) FROM arcos",
		"Project [stddev_samp(CAST(QUANTITY AS DOUBLE)) AS stddev(QUANTITY), stddev_samp(CAST(QUANTITY AS DOUBLE)) AS Std(QUANTITY), stddev_samp(CAST(QUANTITY AS DOUBLE)) AS STDDEV_SAMP(QUANTITY), stddev_pop(DOSAGE), var_samp(DOSAGE) AS VARIANCE(DOSAGE), var_samp(DOSAGE), var_pop(DOSAGE) AS VAR_POP(DOSAGE)]",
		"  Aggregate phase=complete keys=[] aggs=[stddev_samp(CAST(QUANTITY AS DOUBLE)), stddev_pop(DOSAGE), var_samp(DOSAGE), var_pop(DOSAGE)]",
		"    "+scanAll)
	// CORR and the covariances take (y, x); the same call twice is one
	// aggregate, (x, y) another.
	wantPlan(t, "SELECT corr(DOSAGE, QUANTITY), CORR(DOSAGE, QUANTITY) * 2, corr(QUANTITY, DOSAGE), covar_samp(DOSAGE, DOSAGE), covar_pop(1, DOSAGE) FROM arcos",
		"Project [corr(DOSAGE, CAST(QUANTITY AS DOUBLE)) AS corr(DOSAGE, QUANTITY), (corr(DOSAGE, CAST(QUANTITY AS DOUBLE)) * CAST(2 AS DOUBLE)) AS CORR(DOSAGE, QUANTITY) * 2, corr(CAST(QUANTITY AS DOUBLE), DOSAGE) AS corr(QUANTITY, DOSAGE), covar_samp(DOSAGE, DOSAGE), covar_pop(CAST(1 AS DOUBLE), DOSAGE) AS covar_pop(1, DOSAGE)]",
		"  Aggregate phase=complete keys=[] aggs=[corr(DOSAGE, CAST(QUANTITY AS DOUBLE)), corr(CAST(QUANTITY AS DOUBLE), DOSAGE), covar_samp(DOSAGE, DOSAGE), covar_pop(CAST(1 AS DOUBLE), DOSAGE)]",
		"    "+scanAll)
	// MEDIAN and QUANTILE_CONT keep BIGINTs (and DECIMALs); the fraction
	// is part of the call.
	wantPlan(t, "SELECT BUYER_STATE, median(QUANTITY), quantile_cont(QUANTITY, 0.5), QUANTILE_CONT(QUANTITY, 0.25), quantile_cont(DOSAGE, 1) FROM arcos GROUP BY 1 HAVING MEDIAN(QUANTITY) > 1",
		"Project [BUYER_STATE, median(QUANTITY), quantile_cont(QUANTITY, 0.5), quantile_cont(QUANTITY, 0.25) AS QUANTILE_CONT(QUANTITY, 0.25), quantile_cont(DOSAGE, 1)]",
		"  Filter (median(QUANTITY) > CAST(1 AS DOUBLE))",
		"    Aggregate phase=complete keys=[BUYER_STATE] aggs=[median(QUANTITY), quantile_cont(QUANTITY, 0.5), quantile_cont(QUANTITY, 0.25), quantile_cont(DOSAGE, 1)]",
		"      "+scanAll)
	wantColumns(t, "SELECT median(QUANTITY), approx_count_distinct(BUYER_CITY), APPROX_COUNT_DISTINCT(TRANSACTION_DATE), stddev(DOSAGE), corr(DOSAGE, DOSAGE) FROM arcos",
		"median(QUANTITY) DOUBLE, approx_count_distinct(BUYER_CITY) BIGINT, APPROX_COUNT_DISTINCT(TRANSACTION_DATE) BIGINT, stddev(DOSAGE) DOUBLE, corr(DOSAGE, DOSAGE) DOUBLE")
}

func TestStatsAggregateErrors(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT 1 FROM arcos WHERE median(QUANTITY) > 1", "aggregate functions are not allowed in WHERE"},
		{"SELECT 1 FROM arcos WHERE stddev(QUANTITY) > 1", "aggregate functions are not allowed in WHERE"},
		{"SELECT median(stddev(QUANTITY)) FROM arcos", "aggregate functions are not allowed in the argument of an aggregate function"},
		{"SELECT median(BUYER_CITY) FROM arcos", "MEDIAN: argument 1 has type VARCHAR, expected a number"},
		{"SELECT corr(DOSAGE, TRANSACTION_DATE) FROM arcos", "CORR: argument 2 has type DATE, expected a number"},
		{"SELECT corr(DOSAGE) FROM arcos", "CORR takes two arguments (y, x)"},
		{"SELECT covar_pop(DOSAGE, DOSAGE, DOSAGE) FROM arcos", "COVAR_POP takes two arguments (y, x)"},
		{"SELECT median(DOSAGE, 0.5) FROM arcos", "MEDIAN takes one argument"},
		{"SELECT quantile_cont(DOSAGE) FROM arcos", "QUANTILE_CONT takes two arguments: the values and a fraction between 0 and 1"},
		{"SELECT quantile_cont(DOSAGE, 2) FROM arcos", "the fraction of QUANTILE_CONT must be a number between 0 and 1"},
		{"SELECT quantile_cont(DOSAGE, DOSAGE) FROM arcos", "the fraction of QUANTILE_CONT must be a number between 0 and 1"},
		{"SELECT quantile_cont(DOSAGE, NULL) FROM arcos", "the fraction of QUANTILE_CONT must be a number between 0 and 1"},
	} {
		if err := bindErr(t, c.sql); !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\ngot error:\n%s\nwant it to contain:\n%s", c.sql, err, c.want)
		}
	}
}
