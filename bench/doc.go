// Package bench measures what users run against the targets of veille's
// performance issue: a farm of news feeds served on loopback (Farm), the
// pipeline's passes over it with the shipped config.yaml (RunPass), the
// `veille fetch` process (MeasureFetch), the gofeed parsing floor
// (ParseFloor), the HTTP serving of a published feed against
// http.FileServer (Load), and publishing from large databases (Fill,
// MeasurePublish). Run runs them all and Results.WriteMarkdown prints one
// table; cmd/veille-bench is the command, and README.md says how to read it.
//
// The package reads clocks and the machine's CPU counters: it measures, it
// does not decide. Tests check what it did (no item lost, 304s, one story per
// report, the feed published), never how fast.
package bench
