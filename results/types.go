package results

// File names inside a results folder. They are exported so that tools can
// recognise a results folder (manifest.json is present only once a [Write]
// completed) without reading it.
const (
	ManifestFile = "manifest.json"
	RunsFile     = "runs.csv"
	SummaryFile  = "summary.csv"
	// TimeseriesFile and SamplesFile hold the heavy per-run outputs (every
	// day's queues, every incident's time to restore) as gzip-compressed
	// CSV: a tenth of the size, and zcat or pandas read them as they are.
	TimeseriesFile = "timeseries.csv.gz"
	// SamplesFile is present only when the Set has samples.
	SamplesFile = "samples.csv.gz"
	// Per-entity tables are written as <Table.Name>.csv; see [Table].
)

// formatTag is stored in manifest.json so that a later, incompatible layout
// can be refused with a clear message instead of being misread. Format 2
// added the compressed series and samples and the checksums.
const formatTag = "opsim-results/2"

// Param is one sweep parameter's value at a sweep point. Values are kept as
// the text the user wrote so that "0.10" and "0.1" stay distinguishable in
// the output, exactly as they appeared in the sweep definition.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Run identifies one simulation run. The caller builds the ID; this package
// only stores it, and uses it to match records across shards.
type Run struct {
	// ID is stable across re-runs and shardings, e.g. "p002-collective-r0017".
	ID string
	// Point is the sweep point index, 0 when there is no sweep.
	Point int
	// Params are the sweep parameter values at Point, in sweep order.
	Params []Param
	Design string
	Rep    int
	Seed   uint64
}

// Record is one run's outcome: Values[i] is the value of Set.Metrics[i].
type Record struct {
	Run
	Values []float64
}

// Series is one time series of one run. Values[i] is the sample at the end of
// the (i+1)-th interval, that is at day (i+1)*Step: that convention puts Step
// itself in the first row of timeseries.csv, so Step survives the long-form
// file even for a one-sample series.
type Series struct {
	RunID  string
	Name   string
	Step   float64 // in days; > 0
	Values []float64
}

// SummaryRow is the across-replication summary of one metric for one design
// at one sweep point, and its comparison against the baseline design. The
// statistics are computed by the caller; this package only stores them.
type SummaryRow struct {
	Point  int
	Params []Param
	Design string
	Metric string

	N            int
	Mean, StdDev float64
	Lo, Hi       float64 // 95% confidence interval of Mean

	// Baseline is the design compared against, "" for the baseline itself.
	Baseline string
	// Diff = Mean - baseline mean and Rel = Diff / baseline mean, each with
	// its 95% CI; all NaN on the baseline's own row.
	Diff, DiffLo, DiffHi float64
	Rel, RelLo, RelHi    float64
	// Distinguishable reports whether the difference's CI excludes zero.
	Distinguishable bool
}

// Point is one sweep point: the index records refer to and the parameter
// values it stands for.
type Point struct {
	Index  int     `json:"index"`
	Params []Param `json:"params"`
}

// Manifest says what an experiment was, precisely enough to re-run it: the
// full scenario text (not just its path, which may have changed since), the
// flags, the seed and the binary that produced it.
type Manifest struct {
	// Scenario is the scenario file's full text.
	Scenario     string `json:"scenario"`
	ScenarioFile string `json:"scenario_file"`
	// ScenarioHash is HashScenario(Scenario); it is what Merge compares,
	// since the file path may differ between the machines running shards.
	ScenarioHash string   `json:"scenario_hash"`
	Seed         uint64   `json:"seed"`
	Command      string   `json:"command"`   // e.g. "compare" or "sweep"
	Overrides    []string `json:"overrides"` // --set path=value flags
	Designs      []string `json:"designs"`
	Baseline     string   `json:"baseline"`
	Points       []Point  `json:"points"`
	// Runs lists every run id of the full experiment in canonical order,
	// even in a shard: it is how Merge knows the order and what is missing.
	Runs []string `json:"runs"`
	// Replications is the number of replications per design and point,
	// 0 when the writer did not say. It is part of what an experiment is:
	// 3 replications are not 30, and must not silently replace them.
	Replications int `json:"replications,omitempty"`
	// Detail says which runs have their series and samples in the folder:
	// "" every run, DetailReport only the runs at the sweep points the
	// report draws (the heavy outputs of a large sweep are otherwise most
	// of its folder).
	Detail string `json:"detail,omitempty"`
	// Shard is "" for a complete experiment or "i/n" for one shard of it.
	Shard string    `json:"shard"`
	Build BuildInfo `json:"build"`
	// Tables names the Set's per-entity tables, in the Set's order: it is
	// how Read knows which <name>.csv files the folder holds. It must list
	// exactly the names of Set.Tables. Left out of manifest.json when
	// empty, so a folder without tables, including one written before
	// tables existed, has no tables.
	Tables []string `json:"tables,omitempty"`
}

// DetailReport is Manifest.Detail for a folder that keeps series and
// samples only for the runs at the sweep points its report draws.
const DetailReport = "report"

// BuildInfo records which binary produced a results folder, so that results
// that differ between two folders can be traced to a code or toolchain change.
type BuildInfo struct {
	OpsimVersion string `json:"opsim_version"`
	VCSRevision  string `json:"vcs_revision"`
	VCSModified  bool   `json:"vcs_modified"`
	GoVersion    string `json:"go_version"`
	GonumVersion string `json:"gonum_version"`
	PlotVersion  string `json:"plot_version"`
}

// Set is the in-memory form of a results folder.
type Set struct {
	Manifest Manifest
	// Metrics are the per-run metric names, in column order.
	Metrics []string
	// Records are kept in the order given; Write does not sort them.
	Records []Record
	Series  []Series
	Summary []SummaryRow
	// Samples are per-run raw observations for distribution plots.
	Samples []Sample
	// Tables are per-entity tables, e.g. one row per team and per service
	// of every run; Manifest.Tables lists their names in the same order.
	Tables []Table
}
