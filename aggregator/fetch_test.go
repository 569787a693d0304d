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
	"strings"
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
		{"gone", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "gone", http.StatusGone)
		}, Options{}, "HTTP 410 Gone"},
		{"empty body", func(w http.ResponseWriter, r *http.Request) {}, Options{}, "not a feed: empty body"},
		{"malformed XML", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl`)
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
