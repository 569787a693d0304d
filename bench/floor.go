package bench

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mmcdole/gofeed"
)

// FloorResult is the cost of parsing documents with gofeed alone: no HTTP,
// no normalization, no database. It bounds how fast a pass can be.
type FloorResult struct {
	Workers   int // goroutines parsing
	Documents int
	Bytes     int64
	Items     int
	Wall, CPU time.Duration
	Others    time.Duration // CPU time the rest of the machine used meanwhile; 0 when unknown
}

// ItemsPerSecond returns the parsing throughput.
func (r FloorResult) ItemsPerSecond() float64 { return perSecond(r.Items, r.Wall) }

// ParseFloor parses every document with one shared gofeed.NewParser(), as
// the aggregator does, spread over workers goroutines.
func ParseFloor(docs [][]byte, workers int) (FloorResult, error) {
	workers = max(1, workers)
	parser := gofeed.NewParser()
	res := FloorResult{Workers: workers, Documents: len(docs)}
	for _, d := range docs {
		res.Bytes += int64(len(d))
	}
	var (
		next, items atomic.Int64
		wg          sync.WaitGroup
		mu          sync.Mutex
		firstErr    error
	)
	settle() // start every measure from the same heap
	busy0, _, machine0 := machineCPU()
	cpu0, _ := usage()
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					return
				}
				feed, err := parser.Parse(bytes.NewReader(docs[i]))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("parse document %d: %w", i, err)
					}
					mu.Unlock()
					return
				}
				items.Add(int64(len(feed.Items)))
			}
		})
	}
	wg.Wait()
	res.Wall = time.Since(start)
	cpu1, _ := usage()
	busy1, _, machine1 := machineCPU()
	res.CPU = cpu1 - cpu0
	if machine0 && machine1 {
		res.Others = max(0, busy1-busy0-res.CPU)
	}
	res.Items = int(items.Load())
	return res, firstErr
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
