package optimizer

// Internals the external tests check directly.

var (
	EstimateRows    = estimateRows
	EquiSelectivity = equiSelectivity
	Selectivity     = selectivity
)
