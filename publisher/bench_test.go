package publisher_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
)

// benchBody is the size of the feed the benchmarks serve, that of a feed
// of a hundred entries with long summaries.
const benchBody = 100 << 10

// bigOutput renders a feed of at least benchBody bytes of RSS from
// pseudo-random words, which compress about as well as real text.
func bigOutput(b *testing.B) *publisher.Output {
	words := strings.Fields("l’intelligence artificielle modèle données entreprise recherche " +
		"the model data company research étude selon rapport publié jeudi nouveau système " +
		"langage réseau neurones open source agents sécurité régulation européenne")
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	f := testFeed()
	f.SummaryLength = 0
	var es []veille.Item
	for i := 0; ; i++ {
		es = append(es, veille.Item{
			UID:        fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i),
			SourceName: "Source " + text(1),
			Link:       fmt.Sprintf("https://news.example/%d", i),
			Title:      text(8),
			Summary:    text(60) + ".",
			Published:  fetched.Add(-time.Duration(i) * time.Hour),
			Fetched:    fetched,
		})
		if out := render(b, f, es); len(out.RSS) >= benchBody {
			return out
		}
	}
}

// benchCase is one kind of request: its headers, alternating names and values.
type benchCase struct {
	name    string
	headers []string
}

func BenchmarkServe(b *testing.B) {
	out := bigOutput(b)
	h := publisher.NewHandler(maxAge)
	h.Update([]byte("index"), map[string]*publisher.Output{"ia": out})
	etag := serve(h, "GET", "/ia.rss").Header.Get("ETag")
	b.Logf("body: %d bytes, gzipped: %s", len(out.RSS), serve(h, "GET", "/ia.rss", "Accept-Encoding", "gzip").Header.Get("Content-Length"))
	runBench(b, h, []benchCase{
		{"plain", nil},
		{"not-modified", []string{"If-None-Match", etag}},
		{"gzip", []string{"Accept-Encoding", "gzip, deflate, br"}},
	})
}

// BenchmarkFileServer serves the same bytes with http.FileServer, the
// baseline BenchmarkServe must keep up with. FileServer sends no ETag, so
// its conditional request uses If-Modified-Since, and it does not gzip.
func BenchmarkFileServer(b *testing.B) {
	out := bigOutput(b)
	dir := b.TempDir()
	if _, err := out.WriteFiles(dir, "ia"); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "ia.rss"))
	if err != nil {
		b.Fatal(err)
	}
	runBench(b, http.FileServer(http.Dir(dir)), []benchCase{
		{"plain", nil},
		{"not-modified", []string{"If-Modified-Since", fi.ModTime().UTC().Format(http.TimeFormat)}},
	})
}

// runBench measures each case through a recorder, which shows the
// handler's own cost and allocations, and through a loopback server with
// parallel keep-alive clients, which gives requests per second.
func runBench(b *testing.B, h http.Handler, cases []benchCase) {
	for _, c := range cases {
		b.Run(c.name+"/recorder", func(b *testing.B) {
			req := httptest.NewRequest("GET", "/ia.rss", nil)
			for i := 0; i+1 < len(c.headers); i += 2 {
				req.Header.Set(c.headers[i], c.headers[i+1])
			}
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
		b.Run(c.name+"/loopback", func(b *testing.B) { benchLoopback(b, h, c.headers) })
	}
}

func benchLoopback(b *testing.B, h http.Handler, headers []string) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 256}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req, err := http.NewRequest("GET", srv.URL+"/ia.rss", nil)
		if err != nil {
			b.Error(err)
			return
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		for pb.Next() {
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode >= 400 {
				b.Errorf("status %d, %v", resp.StatusCode, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
