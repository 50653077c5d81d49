package main

import (
	"fmt"
	"math"
	_ "unsafe" // go:linkname

	"github.com/pingcap/go-tpc/tpch/dbgen"
)

// Scale factors below 1.
//
// go-tpc's port of dbgen takes an integer scale factor (InitDbGen(int64)),
// while TPC-H's own dbgen also accepts fractions below 1 (dbgen -s 0.01,
// the data set behind DuckDB's CALL dbgen(sf = 0.01) and most engines' test
// suites). The C driver (driver.c) does it by keeping scale = 1 and
// shrinking each scaled table's base row count instead:
//
//	if (flt_scale < MIN_SCALE) {
//		scale = 1;
//		int_scale = (int)(1000 * flt_scale);
//		for (i = PART; i < REGION; i++) {
//			tdefs[i].base = (DSS_HUGE)(int_scale * tdefs[i].base) / 1000;
//			if (tdefs[i].base < 1) tdefs[i].base = 1;
//		}
//	}
//
// Every key range is derived from those bases (O_CKEY_MAX from customer's,
// L_PKEY_MAX from part's, the partsupp/supplier bridge from supplier's), so
// the foreign keys hold. tpchShrink does the same to go-tpc's tables after
// InitDbGen(1), reaching its unexported table definitions and derived key
// ranges through go:linkname. Nation (25 rows) and region (5 rows) are not
// scaled (go-tpc's DbGen never multiplies them). tpchscale_test.go checks
// the result: SF 0.01's row counts are dbgen's (lineitem 60,175) and every
// foreign key resolves.

// tDefMirror has the layout of dbgen.tDef (driver.go, v1.0.7).
type tDefMirror struct {
	name    string
	comment string
	base    int64
	loader  dbgen.Loader
	genSeed func(dbgen.Table, int64)
	child   dbgen.Table
	vTotal  int64
}

//go:linkname dbgenTDefs github.com/pingcap/go-tpc/tpch/dbgen.tDefs
var dbgenTDefs []tDefMirror

//go:linkname dbgenOCkeyMax github.com/pingcap/go-tpc/tpch/dbgen.ockeyMax
var dbgenOCkeyMax int64

// dbgen.LPkeyMax is exported but of an unexported type.
//
//go:linkname dbgenLPkeyMax github.com/pingcap/go-tpc/tpch/dbgen.LPkeyMax
var dbgenLPkeyMax int64

// tpchScaledTables are the tables whose base row count dbgen scales: every
// table before TNation (part, partsupp, supplier, customer, orders,
// lineitem, and the combined orders/lineitem and part/partsupp).
func tpchScaledTables() []dbgen.Table {
	var ts []dbgen.Table
	for t := dbgen.TPart; t < dbgen.TNation; t++ {
		ts = append(ts, t)
	}
	return ts
}

// tpchInit initialises dbgen for scale factor sf: InitDbGen(sf) for an
// integer sf >= 1; for 0 < sf < 1, InitDbGen(1) and then the C driver's
// shrinking of the base row counts.
func tpchInit(sf float64) error {
	if sf >= 1 {
		if sf != math.Trunc(sf) {
			return fmt.Errorf("-sf %g: scale factors of 1 and more must be integers (dbgen's rule)", sf)
		}
		dbgen.InitDbGen(int64(sf))
		return nil
	}
	intScale := int64(1000 * sf) // C: (int)(1000 * flt_scale)
	if intScale < 1 {
		return fmt.Errorf("-sf %g: the smallest scale factor is 0.001", sf)
	}
	dbgen.InitDbGen(1)
	if len(dbgenTDefs) != int(dbgen.TRegion)+1 || dbgenTDefs[dbgen.TLine].base != 1_500_000 || dbgenTDefs[dbgen.TPart].base != 200_000 {
		return fmt.Errorf("go-tpc's dbgen table definitions are not the ones of v1.0.7 (%d tables); cannot scale below 1", len(dbgenTDefs))
	}
	for _, t := range tpchScaledTables() {
		d := &dbgenTDefs[t]
		d.base = intScale * d.base / 1000
		if d.base < 1 {
			d.base = 1
		}
	}
	// The key ranges InitDbGen computed from the unscaled bases
	// (initOrder, initLineItem), with scale = 1.
	dbgenOCkeyMax = dbgenTDefs[dbgen.TCust].base
	dbgenLPkeyMax = dbgenTDefs[dbgen.TPart].base
	return nil
}

// tpchBase is the number of items dbgen generates for table t after
// tpchInit, for the tables it scales (lineitem's are orders, each with 1 to
// 7 lines; partsupp's are parts, each with 4).
func tpchBase(t dbgen.Table) int64 { return dbgenTDefs[t].base }
