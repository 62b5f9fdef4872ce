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
//	timeseries.csv.gz  daily series in long form, gzip-compressed:
//	                run_id, series, day, value
//	samples.csv.gz  per-run raw observations in long form (e.g. every
//	                incident's time to restore), gzip-compressed: run_id,
//	                name, index, value; only present when there are any
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
// Every file follows the order of runs.csv, each run's rows together, so a
// folder is written and read one run at a time: [Render] turns a finished
// run into the bytes it adds to each file, a [Journal] keeps finished runs
// across interruptions, a [Writer] assembles a folder from them and [Scan]
// reads one back run by run, so memory does not grow with the number of
// runs.
//
// manifest.json records the size and SHA-256 of every other file, and its
// own checksum; [Read], [Scan] and [Verify] refuse a folder that no longer
// matches, naming the file. A new set of files is written in full to a
// staging folder and then renamed into place ([Stage], [Commit]), so a
// failure, a full disk or a kill leaves the old folder or the new one,
// never a mix; [Recover] completes or clears what an interruption left.
package results
