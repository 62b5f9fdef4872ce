// Package results is the on-disk format of an experiment's results: one
// folder per experiment (or per shard of one), holding
//
//	manifest.json   what was run: scenario text and hash, seed, flags, designs,
//	                sweep points, every run id, build provenance, the
//	                tables and their label columns
//	runs.csv        one row per run: ids, sweep parameters, design, replication,
//	                seed, then one column per metric
//	summary.csv     one row per (point, design, metric): mean, CI and the
//	                comparison against the baseline design
//	timeseries.csv  daily series in long form: run_id, series, day, value
//	samples.csv     per-run raw observations in long form (e.g. every
//	                incident's time to restore): run_id, name, index, value;
//	                only present when there are any
//	<name>.csv      per-entity tables, e.g. teams.csv and services.csv: one
//	                row per (run, entity): run_id, the entity's key, its
//	                text labels, then its numeric columns; manifest.json
//	                lists them
//
// The folder is meant to be the unit a researcher archives, diffs and merges,
// so the files are plain CSV and indented JSON with no timestamps or map
// iteration: the same Set always produces the same bytes, and a re-run that
// changes nothing leaves nothing to diff. Floats are written in the shortest
// form that parses back to the same bits, so reading a folder and writing it
// again is lossless, NaN and infinities included.
//
// Sweeps are often split across Slurm array tasks, Kubernetes indexed jobs or
// GNU parallel slots, each writing its own folder. Every shard's manifest
// still lists the whole experiment's run ids, which is what lets [Merge] check
// that the shards belong together, that none overlap and none is missing, and
// put the records back in one canonical order regardless of which shard
// finished first.
//
// Each file is replaced atomically ([WriteFileAtomic]), and [Write] removes
// manifest.json before anything else and writes it last, so a crash midway
// leaves a folder that [Read] refuses rather than one that silently mixes an
// old manifest with new rows.
package results
