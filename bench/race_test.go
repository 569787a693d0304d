//go:build race

package bench_test

// raceEnabled: SQLite runs 16-28× slower under the race detector.
const raceEnabled = true
