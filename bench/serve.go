package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// LoadResult is what a load run measured.
type LoadResult struct {
	Requests int64 // answered with the expected status
	Bytes    int64 // body bytes received
	Wall     time.Duration
}

// PerSecond returns the request rate.
func (r LoadResult) PerSecond() float64 { return perSecond(int(r.Requests), r.Wall) }

// Load sends GET url with header from clients goroutines for d, over
// keep-alive connections and without asking for gzip, and reads every body
// whole. It fails on the first transport error or status other than want,
// and when parent is canceled.
func Load(parent context.Context, url string, header http.Header, want, clients int, d time.Duration) (LoadResult, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	var (
		requests, size atomic.Int64
		wg             sync.WaitGroup
		mu             sync.Mutex
		firstErr       error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
		cancel()
	}
	start := time.Now()
	for range clients {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				fail(err)
				return
			}
			for k, v := range header {
				req.Header[k] = v
			}
			for ctx.Err() == nil {
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						fail(err)
					}
					return
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case err != nil && ctx.Err() != nil:
					return // the deadline cut the body: not counted
				case err != nil:
					fail(fmt.Errorf("read %s: %w", url, err))
					return
				case resp.StatusCode != want:
					fail(fmt.Errorf("GET %s: status %d, want %d", url, resp.StatusCode, want))
					return
				}
				requests.Add(1)
				size.Add(n)
			}
		})
	}
	wg.Wait()
	res := LoadResult{Requests: requests.Load(), Bytes: size.Load(), Wall: time.Since(start)}
	if firstErr == nil {
		firstErr = parent.Err() // interrupted: the rate would be wrong
	}
	return res, firstErr
}
