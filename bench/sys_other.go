//go:build !unix

package bench

import (
	"runtime"
	"time"
)

// usage is unknown outside unix: the table then shows n/a.
func usage() (cpu time.Duration, maxRSS int64) { return 0, 0 }

// settle collects the Go heap before a measure.
func settle() { runtime.GC() }

// machineCPU is unknown outside unix.
func machineCPU() (busy, iowait time.Duration, ok bool) { return 0, 0, false }
