package aggregator

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

const tinyFeed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>Un</title><link>https://example.org/1</link></item>
<item><title>Deux</title><link>https://example.org/2</link></item></channel></rss>`

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(t.Context(), filepath.Join(t.TempDir(), "veille.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runOnce runs one pass over a single source served by h.
func runOnce(t *testing.T, store *storage.Store, h http.Handler, opts Options) Result {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	src, err := store.EnsureSource(t.Context(), "test", srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	report, err := a.Run(t.Context(), []storage.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	return report.Results[0]
}

func TestFetchFailures(t *testing.T) {
	big := bytes.Repeat([]byte("<!-- padding -->"), 1<<16) // 1 MiB
	cases := []struct {
		name    string
		handler http.HandlerFunc
		opts    Options
		wantErr string
	}{
		{"body over max_body", func(w http.ResponseWriter, r *http.Request) {
			w.Write(big)
		}, Options{MaxBody: 64 << 10}, "max_body"},
		{"gzip bomb over max_body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			for range 16 {
				zw.Write(big)
			}
			zw.Close()
		}, Options{MaxBody: 1 << 20}, "max_body"},
		{"server never answers", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, Options{Timeout: 300 * time.Millisecond}, "timeout"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		}, Options{}, "redirects"},
		{"empty body", func(w http.ResponseWriter, r *http.Request) {}, Options{}, "not a feed: empty body"},
		// Truncated before its first item: nothing to recover (one with
		// items is read, see TestRecovered).
		{"malformed XML", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</titl`)
		}, Options{}, "parse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := openStore(t)
			res := runOnce(t, store, c.handler, c.opts)
			if res.Status != storage.StatusError || res.Err == nil || !strings.Contains(res.Err.Error(), c.wantErr) {
				t.Fatalf("result = %+v, want an error containing %q", res, c.wantErr)
			}
			sources, _ := store.Sources(t.Context())
			if sources[0].Status != storage.StatusError || !strings.Contains(sources[0].Error, c.wantErr) {
				t.Errorf("stored state = %+v", sources[0])
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	store := openStore(t)
	var seen []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified) // no validators repeated
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 10 Feb 2025 09:00:00 GMT")
		io.WriteString(w, tinyFeed)
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	src, _ := store.EnsureSource(t.Context(), "test", srv.URL)
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	var results []Result
	for range 3 {
		sources, _ := store.Sources(t.Context())
		src.ETag, src.LastModified = sources[0].ETag, sources[0].LastModified
		report, err := a.Run(t.Context(), []storage.Source{src})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, report.Results[0])
	}
	want := []string{"|", `"v1"|Mon, 10 Feb 2025 09:00:00 GMT`, `"v1"|Mon, 10 Feb 2025 09:00:00 GMT`}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("conditional headers = %q, want %q (validators kept across a bare 304)", seen, want)
	}
	if results[0].New != 2 || results[1].Status != storage.StatusNotModified || results[1].New != 0 {
		t.Errorf("results = %+v", results)
	}
}

func TestGzipFeed(t *testing.T) {
	store := openStore(t)
	res := runOnce(t, store, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("gzip not accepted")
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, tinyFeed)
		zw.Close()
	}), Options{})
	if res.Status != storage.StatusOK || res.New != 2 {
		t.Fatalf("result = %+v", res)
	}
}

func TestFailingSourceDoesNotStopThePass(t *testing.T) {
	store := openStore(t)
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, tinyFeed)
	}))
	defer ok.Close()
	var sources []storage.Source
	for i, u := range []string{"http://127.0.0.1:1/refused", ok.URL} {
		src, err := store.EnsureSource(t.Context(), fmt.Sprint("s", i), u)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Concurrency: 1})
	report, err := a.Run(t.Context(), sources)
	if err != nil {
		t.Fatal(err)
	}
	if report.Failed() != 1 || report.New() != 2 || report.Results[0].Status != storage.StatusError {
		t.Fatalf("report = %+v", report.Results)
	}
}

func TestMovesAndGone(t *testing.T) {
	store := openStore(t)
	var mu sync.Mutex
	var hits []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/temporary":
			http.Redirect(w, r, "/new", http.StatusFound)
		case "/new":
			io.WriteString(w, tinyFeed)
		case "/dead":
			http.Error(w, "gone", http.StatusGone)
		}
	}))
	defer srv.Close()
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	pass := func() map[string]storage.Source {
		t.Helper()
		var sources []storage.Source
		for _, name := range []string{"old", "temporary", "dead"} {
			src, err := store.EnsureSource(t.Context(), name, srv.URL+"/"+name)
			if err != nil {
				t.Fatal(err)
			}
			if src.Due(time.Now()) {
				sources = append(sources, src)
			}
		}
		if _, err := a.Run(t.Context(), sources); err != nil {
			t.Fatal(err)
		}
		stored, _ := store.Sources(t.Context())
		out := map[string]storage.Source{}
		for _, s := range stored {
			out[s.Name] = s
		}
		return out
	}
	first := pass()
	if first["old"].MovedTo != srv.URL+"/new" || first["temporary"].MovedTo != "" {
		t.Errorf("moves: old %q, temporary %q", first["old"].MovedTo, first["temporary"].MovedTo)
	}
	if d := first["dead"]; d.Status != storage.StatusGone || d.Due(time.Now()) {
		t.Errorf("dead source: %+v", d)
	}
	mu.Lock()
	hits = nil
	mu.Unlock()
	pass()
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(hits, "/old") || slices.Contains(hits, "/dead") || !slices.Contains(hits, "/temporary") {
		t.Errorf("second pass requested %v: the moved source must go to /new, the gone one nowhere", hits)
	}
	// A new URL in the configuration revives a gone source.
	revived, err := store.EnsureSource(t.Context(), "dead", srv.URL+"/new")
	if err != nil || revived.Status == storage.StatusGone || !revived.Due(time.Now()) {
		t.Errorf("revived = %+v, %v", revived, err)
	}
}

func TestReadBody(t *testing.T) {
	long := strings.Repeat("x", 700)
	for _, c := range []struct {
		name   string
		length int64
		body   string
		max    int64
		want   string
	}{
		{"known length", 5, "hello", 100, "hello"},
		{"unknown length", -1, long, 1000, long},
		{"known length, more than said", 3, "hello", 100, "hello"},
		{"over the cap, unknown length", -1, long, 10, long[:11]},
		{"over the cap, known length", 700, long, 10, long[:11]},
		{"empty", 0, "", 10, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := &http.Response{ContentLength: c.length, Body: io.NopCloser(strings.NewReader(c.body))}
			got, err := readBody(resp, c.max)
			if err != nil || string(got) != c.want {
				t.Errorf("readBody = %d bytes, %v; want %d bytes", len(got), err, len(c.want))
			}
		})
	}
}
