package aggregator

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/veille-project/veille/storage"
)

// hostileFeeds are sources that misbehave in every way seen in the wild;
// each runs beside a healthy source, which must be ingested all the same.
var hostileFeeds = map[string]http.HandlerFunc{
	"ten megabyte title": func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title><item><title>%s</title><link>https://x.example/1</link></item></channel></rss>`,
			strings.Repeat("IA ", 3<<20))
	},
	"thousands of items": func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<rss version="2.0"><channel><title>t</title>`)
		for i := range 5000 {
			fmt.Fprintf(w, `<item><title>Article %d</title><link>https://x.example/%d</link></item>`, i, i)
		}
		io.WriteString(w, `</channel></rss>`)
	},
	"duplicate guids, odd dates": func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<rss version="2.0"><channel><title>t</title>
<item><guid>same</guid><title>Un</title><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>
<item><guid>same</guid><title>Deux</title><pubDate>Fri, 01 Jan 2100 00:00:00 +0000</pubDate></item>
<item><title>Sans rien</title></item></channel></rss>`)
	},
	"trickles one byte at a time": func(w http.ResponseWriter, r *http.Request) {
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
				w.Write([]byte(" "))
				w.(http.Flusher).Flush()
			}
		}
	},
	"html page": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><html><body><h1>Bienvenue</h1></body></html>")
	},
	"control characters": func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<rss version=\"2.0\"><channel><title>t</title><item><title>L'IA\x01\x0b\x1f ok</title>"+
			"<link>https://x.example/ctl</link></item></channel></rss>")
	},
}

func TestHostileSourcesBesideAHealthyOne(t *testing.T) {
	before := runtime.NumGoroutine()
	store := openStore(t)
	var sources []storage.Source
	var servers []*httptest.Server
	add := func(name string, h http.Handler, tls bool) {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		if tls {
			srv.StartTLS() // its certificate is not trusted: a TLS error
		} else {
			srv.Start()
		}
		servers = append(servers, srv)
		src, err := store.EnsureSource(t.Context(), name, srv.URL+"/feed")
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	add("healthy", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tinyFeed) }), false)
	add("tls error", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tinyFeed) }), true)
	for name, h := range hostileFeeds {
		add(name, h, false)
	}
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Timeout: 2 * time.Second, MaxBody: 20 << 20})
	report, err := a.Run(t.Context(), sources)
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]Result{}
	for _, r := range report.Results {
		results[r.Source] = r
	}
	if r := results["healthy"]; r.Status != storage.StatusOK || r.New != 2 {
		t.Errorf("healthy source: %+v", r)
	}
	for name, wantErr := range map[string]string{"tls error": "certificate", "trickles one byte at a time": "timeout",
		"html page": "not a feed"} {
		if r := results[name]; r.Status != storage.StatusError || !strings.Contains(r.Err.Error(), wantErr) {
			t.Errorf("%s: %+v, want an error about %q", name, r, wantErr)
		}
	}
	if r := results["thousands of items"]; r.New != 5000 {
		t.Errorf("thousands of items: %d stored", r.New)
	}
	if r := results["duplicate guids, odd dates"]; r.New != 2 {
		t.Errorf("duplicate guids: %d stored, want 2 (one per guid, one without)", r.New)
	}
	entries, err := store.Entries(t.Context(), storage.Query{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if utf8.RuneCountInString(e.Title) > maxTitle {
			t.Errorf("a title of %d runes was stored", utf8.RuneCountInString(e.Title))
		}
		if !e.Published.IsZero() && e.Published.Year() < 1990 {
			t.Errorf("year-1 date stored: %v", e.Published)
		}
		if e.SortTime().After(e.Fetched) {
			t.Errorf("future date sorts ahead: %v", e.Published)
		}
		if strings.ContainsAny(e.Title, "\x01\x0b\x1f") {
			t.Errorf("control characters stored: %q", e.Title)
		}
	}

	// Nothing is left running once the servers and idle connections close.
	for _, srv := range servers {
		srv.CloseClientConnections()
		srv.Close()
	}
	a.client.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before the pass, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}
