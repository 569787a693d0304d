// Package bench measures veille on the real path against the targets of its
// performance issue: a farm of news feeds served on loopback (Farm), the
// aggregator's passes over it into SQLite (RunPass), the gofeed parsing
// floor (ParseFloor), the HTTP serving of a rendered feed against
// http.FileServer (Load), and publishing from large databases (Fill,
// MeasurePublish). Run runs them all and Results.WriteMarkdown prints one
// table; cmd/veille-bench is the command, and README.md says how to read it.
//
// The package reads clocks and the machine's CPU counters: it measures, it
// does not decide. Tests check what it did (no item lost, 304s, 50 entries
// published), never how fast.
package bench
