package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/veille-project/veille/storage"
)

// scrape GETs /metrics from h as Prometheus does and parses the text
// format with Prometheus' own parser, strict about metric names.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: status %d\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); expfmt.ResponseFormat(rec.Header()).FormatType() != expfmt.TypeTextPlain {
		t.Fatalf("scrape: Content-Type %q, want the text format", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	return fams
}

// sample returns the metric of family name whose labels are exactly labels
// (name=value pairs), or nil.
func sample(fams map[string]*dto.MetricFamily, name string, labels ...string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if len(got) != len(labels)/2 {
			continue
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if v, ok := got[labels[i]]; !ok || v != labels[i+1] {
				match = false
			}
		}
		if match {
			return m
		}
	}
	return nil
}

// value returns the value of a counter or gauge sample, or the count of a
// histogram's, failing the test when it is missing.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	m := sample(fams, name, labels...)
	if m == nil {
		t.Fatalf("no sample %s%v", name, labels)
	}
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	}
	t.Fatalf("%s%v: neither counter, gauge nor histogram", name, labels)
	return 0
}

func TestFamilies(t *testing.T) {
	m := New()
	fams := scrape(t, m.Handler())
	// Series of fixed label sets exist at zero before any event.
	for _, c := range []struct {
		name   string
		typ    dto.MetricType
		labels []string
	}{
		{"veille_passes_total", dto.MetricType_COUNTER, []string{"result", "ok"}},
		{"veille_passes_total", dto.MetricType_COUNTER, []string{"result", "failed"}},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "ok"}},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "not_modified"}},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "error"}},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "gone"}},
		{"veille_source_fetches_total", dto.MetricType_COUNTER, []string{"status", "skipped"}},
		{"veille_articles_fetched_total", dto.MetricType_COUNTER, []string{"result", "ok"}},
		{"veille_articles_fetched_total", dto.MetricType_COUNTER, []string{"result", "failed"}},
		{"veille_entries_new_total", dto.MetricType_COUNTER, nil},
		{"veille_pass_duration_seconds", dto.MetricType_HISTOGRAM, nil},
		{"veille_fetch_duration_seconds", dto.MetricType_HISTOGRAM, nil},
		{"veille_publish_duration_seconds", dto.MetricType_HISTOGRAM, nil},
	} {
		if f := fams[c.name]; f == nil || f.GetType() != c.typ {
			t.Errorf("%s: family %v, want type %v", c.name, f, c.typ)
			continue
		}
		if v := value(t, fams, c.name, c.labels...); v != 0 {
			t.Errorf("%s%v = %v before any event, want 0", c.name, c.labels, v)
		}
	}
	// The Go and process collectors are registered on this registry.
	for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_start_time_seconds"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	// A registry of its own: a second Metrics registers without conflict,
	// and nothing of ours leaks into the global registry.
	New()
	global, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range global {
		if strings.HasPrefix(f.GetName(), "veille_") {
			t.Errorf("%s is in the global registry", f.GetName())
		}
	}
}

func TestRecord(t *testing.T) {
	m := New()
	m.ObservePass(true, 2*time.Second)
	m.ObservePass(true, time.Second)
	m.ObservePass(false, 50*time.Millisecond)
	m.ObserveFetch(storage.StatusOK, 300*time.Millisecond)
	m.ObserveFetch(storage.StatusNotModified, 100*time.Millisecond)
	m.ObserveFetch(storage.StatusNotModified, 100*time.Millisecond)
	m.ObserveFetch(storage.StatusError, 20*time.Second)
	m.ObserveFetch(storage.StatusGone, time.Millisecond)
	m.ObserveFetch("unheard of", time.Millisecond)
	m.AddSkipped(3)
	m.AddSkipped(0)
	m.AddNewEntries(7)
	m.AddNewEntries(-1)
	success := time.Date(2026, 11, 26, 23, 51, 0, 0, time.UTC)
	m.SetSource("France Info", success, 0)
	m.SetSource("Le Monde", time.Time{}, 4)
	m.SetFeedItems("ia", 12)
	m.SetFeedItems("ia", 13)
	m.SetSelected("ia", 40)
	m.ObserveArticle(true)
	m.ObserveArticle(false)
	m.ObserveArticle(false)
	m.ObservePublish(30 * time.Millisecond)

	fams := scrape(t, m.Handler())
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"veille_passes_total", []string{"result", "ok"}, 2},
		{"veille_passes_total", []string{"result", "failed"}, 1},
		{"veille_pass_duration_seconds", nil, 3},
		{"veille_source_fetches_total", []string{"status", "ok"}, 1},
		{"veille_source_fetches_total", []string{"status", "not_modified"}, 2},
		{"veille_source_fetches_total", []string{"status", "error"}, 2}, // the unheard-of status too
		{"veille_source_fetches_total", []string{"status", "gone"}, 1},
		{"veille_source_fetches_total", []string{"status", "skipped"}, 3},
		{"veille_fetch_duration_seconds", nil, 6}, // skipped sources are not fetches
		{"veille_entries_new_total", nil, 7},
		{"veille_source_last_success_timestamp_seconds", []string{"source", "France Info"}, float64(success.Unix())},
		{"veille_source_last_success_timestamp_seconds", []string{"source", "Le Monde"}, 0},
		{"veille_source_consecutive_failures", []string{"source", "France Info"}, 0},
		{"veille_source_consecutive_failures", []string{"source", "Le Monde"}, 4},
		{"veille_feed_items", []string{"feed", "ia"}, 13},
		{"veille_entries_selected", []string{"feed", "ia"}, 40},
		{"veille_articles_fetched_total", []string{"result", "ok"}, 1},
		{"veille_articles_fetched_total", []string{"result", "failed"}, 2},
		{"veille_publish_duration_seconds", nil, 1},
	} {
		if got := value(t, fams, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := len(fams["veille_source_fetches_total"].GetMetric()); n != 5 {
		t.Errorf("veille_source_fetches_total has %d series, want the 5 statuses", n)
	}
	// Durations are in seconds: the 20 s fetch is above the 10 s bucket.
	h := sample(fams, "veille_fetch_duration_seconds").GetHistogram()
	if got := h.GetSampleSum(); got < 20.501 || got > 20.503 {
		t.Errorf("fetch duration sum %v s, want 20.502", got)
	}
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == 10 && b.GetCumulativeCount() != 5 {
			t.Errorf("le=10 bucket holds %d fetches, want 5", b.GetCumulativeCount())
		}
	}
	if d := sample(fams, "veille_pass_duration_seconds").GetHistogram().GetSampleSum(); d != 3.05 {
		t.Errorf("pass duration sum %v s, want 3.05", d)
	}
}

func TestRoute(t *testing.T) {
	for path, want := range map[string]string{
		"/":                 RouteIndex,
		"/index.html":       RouteIndex,
		"/ia.rss":           RouteRSS,
		"/ia.atom":          RouteAtom,
		"/ia.json":          RouteJSON,
		"/no-such-feed.rss": RouteRSS,
		"/healthz":          RouteHealthz,
		"/metrics":          RouteMetrics,
		"/.rss":             RouteOther,
		"/a/ia.rss":         RouteOther,
		"/ia.rss/":          RouteOther,
		"/ia.xml":           RouteOther,
		"/config.yaml":      RouteOther,
		"/metrics/":         RouteOther,
		"/healthz.json":     RouteJSON,
		"":                  RouteOther,
		"ia.rss":            RouteOther,
	} {
		if got := Route(path); got != want {
			t.Errorf("Route(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestInstrument(t *testing.T) {
	m := New()
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/index.html", "/ia.rss":
			if _, ok := w.(http.Flusher); !ok {
				t.Error("the instrumented writer hides http.Flusher")
			}
			w.Write([]byte("ok")) // implicit 200
		default:
			http.NotFound(w, r)
		}
	})
	h := m.Instrument(mux)
	do := func(method, path string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	}
	do("GET", "/")
	do("GET", "/index.html")
	do("GET", "/ia.rss")
	do("HEAD", "/ia.rss")
	do("GET", "/healthz")
	do("GET", "/metrics")
	for i := range 50 { // a scanner probing names adds no series
		do("GET", fmt.Sprintf("/probe-%d.rss", i))
		do("GET", fmt.Sprintf("/wp-admin/%d.php", i))
	}

	fams := scrape(t, h) // this scrape is counted after it is gathered
	for _, c := range []struct {
		labels []string
		want   float64
	}{
		{[]string{"route", "/", "code", "200"}, 2},
		{[]string{"route", "/{slug}.rss", "code", "200"}, 2},
		{[]string{"route", "/{slug}.rss", "code", "404"}, 50},
		{[]string{"route", "/healthz", "code", "503"}, 1},
		{[]string{"route", "/metrics", "code", "200"}, 1},
		{[]string{"route", "other", "code", "404"}, 50},
	} {
		if got := value(t, fams, "veille_http_requests_total", c.labels...); got != c.want {
			t.Errorf("veille_http_requests_total%v = %v, want %v", c.labels, got, c.want)
		}
	}
	if n := len(fams["veille_http_requests_total"].GetMetric()); n != 6 {
		t.Errorf("veille_http_requests_total has %d series, want 6", n)
	}
	for route, want := range map[string]float64{"/": 2, "/{slug}.rss": 52, "/healthz": 1, "/metrics": 1, "other": 50} {
		if got := value(t, fams, "veille_http_request_duration_seconds", "route", route); got != want {
			t.Errorf("veille_http_request_duration_seconds{route=%q} count %v, want %v", route, got, want)
		}
	}
}

func TestNil(t *testing.T) {
	var m *Metrics
	m.ObservePass(true, time.Second)
	m.ObserveFetch(storage.StatusOK, time.Second)
	m.AddSkipped(1)
	m.AddNewEntries(1)
	m.SetSource("x", time.Now(), 1)
	m.SetFeedItems("ia", 1)
	m.SetSelected("ia", 1)
	m.ObserveArticle(true)
	m.ObservePublish(time.Second)
	next := http.NewServeMux()
	if h := m.Instrument(next); h != http.Handler(next) {
		t.Error("a nil *Metrics wraps the handler")
	}
}
