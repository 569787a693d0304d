package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/veille-project/veille/config"
)

// metricsSite writes a config with three sources, one of each fate: a
// source of teasers whose one article page works and one is missing, a
// source that is gone (410), and one that fails (500).
func metricsSite(t *testing.T, listen string) (configPath string, srv *feedServer) {
	t.Helper()
	srv = newFeedServer(t, map[string]servedFile{
		"/teasers.rss": {path: "testdata/teasers.rss", contentType: "application/rss+xml"},
		"/articles/sommet-ia.html": {path: "../../article/testdata/pages/franceinfo-sommet-ia.html",
			contentType: "text/html; charset=utf-8"},
		"/gone.rss":   {status: http.StatusGone},
		"/broken.rss": {status: http.StatusInternalServerError},
	})
	dir := t.TempDir()
	cfg := fmt.Sprintf(`listen: %s
base_url: http://%[1]s/
retention: 0
schedule: "@every 1h"
fetch: {allow_private_networks: true}
sources:
  - {name: Teasers, url: '%s/teasers.rss'}
  - {name: Gone, url: '%[2]s/gone.rss'}
  - {name: Broken, url: '%[2]s/broken.rss'}
feeds:
  - {slug: ia, title: Veille IA, language: fr, include: [IA]}
`, listen, srv.URL)
	configPath = filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return configPath, srv
}

// families is a parsed scrape.
type families map[string]*dto.MetricFamily

// parseMetrics parses a /metrics response with Prometheus' own text parser,
// strict about metric names.
func parseMetrics(t *testing.T, resp *http.Response, body string) families {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d\n%s", resp.StatusCode, body)
	}
	if f := expfmt.ResponseFormat(resp.Header); f.FormatType() != expfmt.TypeTextPlain {
		t.Fatalf("/metrics: Content-Type %q, want the Prometheus text format", resp.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics: %v\n%s", err, body)
	}
	return fams
}

// value returns the value of the sample of family name whose labels are
// exactly labels (name, value pairs): a counter's or gauge's value, a
// histogram's count. It fails the test when there is no such sample or
// when the family is not of type typ.
func (fams families) value(t *testing.T, name string, typ dto.MetricType, labels ...string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no family %s", name)
	}
	if f.GetType() != typ {
		t.Fatalf("%s is a %v, want a %v", name, f.GetType(), typ)
	}
	for _, m := range f.GetMetric() {
		var got []string
		for _, l := range m.GetLabel() {
			got = append(got, l.GetName(), l.GetValue())
		}
		if !slices.Equal(got, labels) { // the parser sorts labels by name, as labels are given here
			continue
		}
		switch typ {
		case dto.MetricType_COUNTER:
			return m.GetCounter().GetValue()
		case dto.MetricType_GAUGE:
			return m.GetGauge().GetValue()
		case dto.MetricType_HISTOGRAM:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	t.Fatalf("no sample %s%v", name, labels)
	return 0
}

// boundedLabels checks that every label of veille's own metrics is one of
// a known set, with values from a fixed list or the configuration: never a
// URL, a title or a path as sent.
func (fams families) boundedLabels(t *testing.T, sources, feeds []string) {
	t.Helper()
	code := regexp.MustCompile(`^[1-5][0-9][0-9]$`)
	allowed := map[string]func(string) bool{
		"result": func(v string) bool { return v == "ok" || v == "failed" },
		"status": func(v string) bool {
			return slices.Contains([]string{"ok", "not_modified", "error", "gone", "skipped"}, v)
		},
		"source": func(v string) bool { return slices.Contains(sources, v) },
		"feed":   func(v string) bool { return slices.Contains(feeds, v) },
		"route": func(v string) bool {
			return slices.Contains([]string{"/", "/{slug}.rss", "/{slug}.atom", "/{slug}.json", "/healthz", "/metrics", "other"}, v)
		},
		"code": code.MatchString,
	}
	ours := 0
	for name, f := range fams {
		if !strings.HasPrefix(name, "veille_") {
			continue
		}
		ours++
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if ok := allowed[l.GetName()]; ok == nil || !ok(l.GetValue()) {
					t.Errorf("%s{%s=%q}: not a bounded label", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
	if ours < 12 {
		t.Errorf("%d veille_ families, want 12", ours)
	}
}

// TestServeMetrics runs the daemon against sources of every fate, lets
// its start-up pass end, makes requests to each route, and reads it all
// back from /metrics.
func TestServeMetrics(t *testing.T) {
	addr := freeAddr(t)
	configPath, _ := metricsSite(t, addr)
	base := "http://" + addr
	start := time.Now()
	startDaemon(t, configPath)

	// Poll /metrics until the start-up pass is recorded, counting the
	// scrapes, which are requests too.
	scrapes := 0
	scrape := func() (families, bool) {
		resp, err := client.Get(base + "/metrics")
		if err != nil {
			return nil, false
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, false
		}
		scrapes++
		return parseMetrics(t, resp, string(body)), true
	}
	eventually(t, 20*time.Second, "the first pass is recorded", func() bool {
		fams, ok := scrape()
		return ok && fams.value(t, "veille_passes_total", dto.MetricType_COUNTER, "result", "ok")+
			fams.value(t, "veille_passes_total", dto.MetricType_COUNTER, "result", "failed") > 0
	})
	// A scrape is no snapshot: it reads each metric in turn while the pass
	// records. The pass is counted last, so a scrape that starts after it
	// was counted sees all it recorded.
	fams, ok := scrape()
	if !ok {
		t.Fatal("/metrics: no answer after the first pass")
	}
	const (
		counter   = dto.MetricType_COUNTER
		gauge     = dto.MetricType_GAUGE
		histogram = dto.MetricType_HISTOGRAM
	)
	pass := []struct {
		name   string
		typ    dto.MetricType
		labels []string
		want   float64
	}{
		{"veille_passes_total", counter, []string{"result", "ok"}, 1},
		{"veille_passes_total", counter, []string{"result", "failed"}, 0},
		{"veille_pass_duration_seconds", histogram, nil, 1},
		// One fetch per source, by status.
		{"veille_source_fetches_total", counter, []string{"status", "ok"}, 1},
		{"veille_source_fetches_total", counter, []string{"status", "not_modified"}, 0},
		{"veille_source_fetches_total", counter, []string{"status", "error"}, 1},
		{"veille_source_fetches_total", counter, []string{"status", "gone"}, 1},
		{"veille_source_fetches_total", counter, []string{"status", "skipped"}, 0},
		{"veille_fetch_duration_seconds", histogram, nil, 3},
		{"veille_entries_new_total", counter, nil, 2},
		{"veille_feed_items", gauge, []string{"feed", "ia"}, 2},
		{"veille_entries_selected", gauge, []string{"feed", "ia"}, 2},
		{"veille_articles_fetched_total", counter, []string{"result", "ok"}, 1},
		{"veille_articles_fetched_total", counter, []string{"result", "failed"}, 1},
		// Publishes: at start-up, after the fetches, after the article leads.
		{"veille_publish_duration_seconds", histogram, nil, 3},
		{"veille_source_consecutive_failures", gauge, []string{"source", "Teasers"}, 0},
		{"veille_source_consecutive_failures", gauge, []string{"source", "Gone"}, 1},
		{"veille_source_consecutive_failures", gauge, []string{"source", "Broken"}, 1},
		{"veille_source_last_success_timestamp_seconds", gauge, []string{"source", "Gone"}, 0},
		{"veille_source_last_success_timestamp_seconds", gauge, []string{"source", "Broken"}, 0},
	}
	for _, c := range pass {
		if got := fams.value(t, c.name, c.typ, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	success := fams.value(t, "veille_source_last_success_timestamp_seconds", gauge, "source", "Teasers")
	if s := time.Unix(int64(success), 0); s.Before(start.Truncate(time.Second)) || s.After(time.Now()) {
		t.Errorf("Teasers' last success at %v, want during the test (since %v)", s, start)
	}

	// Requests to every route, with various outcomes.
	resp, _ := get(t, "GET", base+"/ia.rss")
	get(t, "GET", base+"/ia.rss", "If-None-Match", resp.Header.Get("ETag"))
	get(t, "HEAD", base+"/ia.atom")
	get(t, "GET", base+"/nope.json")
	get(t, "GET", base+"/")
	get(t, "GET", base+"/index.html")
	get(t, "GET", base+"/healthz")
	get(t, "POST", base+"/metrics")
	get(t, "GET", base+"/wp-login.php")
	get(t, "GET", base+"/"+strings.Repeat("x", 100)+".rss?title=Sommet")
	resp, body := get(t, "GET", base+"/metrics")
	fams = parseMetrics(t, resp, body)
	for _, c := range []struct {
		route, code string
		want        float64
	}{
		{"/{slug}.rss", "200", 1},
		{"/{slug}.rss", "304", 1},
		{"/{slug}.rss", "404", 1},
		{"/{slug}.atom", "200", 1},
		{"/{slug}.json", "404", 1},
		{"/", "200", 2},
		{"/healthz", "200", 1},
		{"/metrics", "405", 1},
		// Each scrape is counted once it is written: the last one not yet.
		{"/metrics", "200", float64(scrapes)},
		{"other", "404", 1},
	} {
		if got := fams.value(t, "veille_http_requests_total", counter, "code", c.code, "route", c.route); got != c.want {
			t.Errorf("veille_http_requests_total{route=%q,code=%q} = %v, want %v", c.route, c.code, got, c.want)
		}
	}
	if n := len(fams["veille_http_requests_total"].GetMetric()); n != 10 {
		t.Errorf("veille_http_requests_total has %d series, want 10", n)
	}
	if got := fams.value(t, "veille_http_request_duration_seconds", histogram, "route", "/{slug}.rss"); got != 3 {
		t.Errorf("veille_http_request_duration_seconds{route=\"/{slug}.rss\"} counts %v requests, want 3", got)
	}
	fams.boundedLabels(t, []string{"Teasers", "Gone", "Broken"}, []string{"ia"})
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "process_start_time_seconds"} {
		if fams[name] == nil {
			t.Errorf("no %s: the Go and process collectors are not registered", name)
		}
	}
}

// TestMetricsAcrossPasses drives the daemon's passes by hand: a second
// pass, later, finds the teasers unchanged, fails again on the broken
// source, leaves the gone one alone, and retries the missing article.
func TestMetricsAcrossPasses(t *testing.T) {
	configPath, srv := metricsSite(t, "127.0.0.1:0")
	cfg, err := config.Load(configPath)
	if err != nil {
		t.Fatal(err)
	}
	d := newDaemon()
	var later atomic.Bool // past the broken source's backoff
	var boom atomic.Bool  // the clock panics
	h := d.hooks()
	h.now = func() time.Time {
		if boom.Load() {
			panic("boom")
		}
		if later.Load() {
			return time.Now().Add(90 * time.Minute)
		}
		return time.Now()
	}
	a, err := newApp(t.Context(), cfg, slog.New(slog.DiscardHandler), h)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	d.use(a)
	handler := d.server().Handler
	scrape := func() families {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		resp := rec.Result()
		return parseMetrics(t, resp, rec.Body.String())
	}

	d.pass(t.Context())
	first := scrape().value(t, "veille_source_last_success_timestamp_seconds", dto.MetricType_GAUGE, "source", "Teasers")
	// Past the broken source's backoff (one hour, give or take 20 %).
	later.Store(true)
	d.pass(t.Context())
	if n := len(srv.headers("/teasers.rss")); n != 2 {
		t.Fatalf("teasers fetched %d times, want 2", n)
	}

	fams := scrape()
	for _, c := range []struct {
		name   string
		typ    dto.MetricType
		labels []string
		want   float64
	}{
		{"veille_passes_total", dto.MetricType_COUNTER, []string{"result", "ok"}, 2},
		{"veille_pass_duration_seconds", dto.MetricType_HISTOGRAM, nil, 2},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "ok"}, 1},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "not_modified"}, 1},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "error"}, 2},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "gone"}, 1},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "skipped"}, 1},
		{"veille_fetch_duration_seconds", dto.MetricType_HISTOGRAM, nil, 5}, // skipped is no fetch
		{"veille_entries_new_total", dto.MetricType_COUNTER, nil, 2},
		{"veille_feed_items", dto.MetricType_GAUGE, []string{"feed", "ia"}, 2},
		{"veille_entries_selected", dto.MetricType_GAUGE, []string{"feed", "ia"}, 2},
		{"veille_articles_fetched_total", dto.MetricType_COUNTER, []string{"result", "ok"}, 1},
		{"veille_articles_fetched_total", dto.MetricType_COUNTER, []string{"result", "failed"}, 2},
		// Pass 1 publishes, then publishes its article lead; pass 2 stores
		// nothing new, no new lead, and publishes nothing.
		{"veille_publish_duration_seconds", dto.MetricType_HISTOGRAM, nil, 2},
		{"veille_source_consecutive_failures", dto.MetricType_GAUGE, []string{"source", "Teasers"}, 0},
		{"veille_source_consecutive_failures", dto.MetricType_GAUGE, []string{"source", "Gone"}, 1},
		{"veille_source_consecutive_failures", dto.MetricType_GAUGE, []string{"source", "Broken"}, 2},
	} {
		if got := fams.value(t, c.name, c.typ, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// Not modified is a success too.
	if last := fams.value(t, "veille_source_last_success_timestamp_seconds", dto.MetricType_GAUGE, "source", "Teasers"); last < first || first == 0 {
		t.Errorf("Teasers' last success went from %v to %v", first, last)
	}
	fams.boundedLabels(t, []string{"Teasers", "Gone", "Broken"}, []string{"ia"})

	// A pass that panics (here, reading the clock) is a failed pass;
	// cron.Recover, emulated here, keeps the daemon going.
	boom.Store(true)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the pass did not panic")
			}
		}()
		d.pass(t.Context())
	}()
	fams = scrape()
	if got := fams.value(t, "veille_passes_total", dto.MetricType_COUNTER, "result", "failed"); got != 1 {
		t.Errorf("after a panicking pass, veille_passes_total{result=\"failed\"} = %v, want 1", got)
	}
	if got := fams.value(t, "veille_pass_duration_seconds", dto.MetricType_HISTOGRAM); got != 3 {
		t.Errorf("veille_pass_duration_seconds counts %v passes, want 3", got)
	}
}
