// Package metrics defines the Prometheus metrics of the veille daemon and
// serves them in the Prometheus text format.
//
// Every label has a bounded set of values: fetch statuses, pass and article
// results, HTTP routes from a fixed list, HTTP status codes, and the names
// and slugs of the configured sources and feeds. No URL, item title or other
// outside text ever becomes a label.
package metrics

import (
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/veille-project/veille/storage"
)

// Fetch statuses, the values of the status label of veille_source_fetches_total.
const (
	FetchOK          = "ok"
	FetchNotModified = "not_modified"
	FetchError       = "error"
	FetchGone        = "gone"
	FetchSkipped     = "skipped" // not due: backing off, or within its cache lifetime
)

// Routes, the values of the route label of the HTTP metrics.
const (
	RouteIndex   = "/"
	RouteRSS     = "/{slug}.rss"
	RouteAtom    = "/{slug}.atom"
	RouteJSON    = "/{slug}.json"
	RouteHealthz = "/healthz"
	RouteMetrics = "/metrics"
	RouteOther   = "other"
)

var (
	fetchStatuses = []string{FetchOK, FetchNotModified, FetchError, FetchGone, FetchSkipped}
	results       = []string{"ok", "failed"}
	routes        = []string{RouteIndex, RouteRSS, RouteAtom, RouteJSON, RouteHealthz, RouteMetrics, RouteOther}
)

// Metrics holds the daemon's metrics in a registry of its own, together
// with the Go runtime and process collectors.
//
// Its methods are safe for concurrent use. A nil *Metrics records nothing,
// so that commands which expose no metrics need not build one. Use New to
// make one.
type Metrics struct {
	reg *prometheus.Registry

	passes          *prometheus.CounterVec
	passDuration    prometheus.Histogram
	fetches         *prometheus.CounterVec
	fetchDuration   prometheus.Histogram
	lastSuccess     *prometheus.GaugeVec
	failures        *prometheus.GaugeVec
	entriesNew      prometheus.Counter
	feedItems       *prometheus.GaugeVec
	selected        *prometheus.GaugeVec
	articles        *prometheus.CounterVec
	publishDuration prometheus.Histogram
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
}

// New returns Metrics with every metric registered and each series of a
// fixed label set at zero, so that rates and alerts work from the first
// scrape rather than from the first event.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		passes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veille_passes_total",
			Help: "Passes run, by result: ok, or failed when the pass could not go on (database, output folder).",
		}, []string{"result"}),
		passDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "veille_pass_duration_seconds",
			Help:    "Duration of whole passes: fetch, store, publish, article pages, prune.",
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veille_source_fetches_total",
			Help: "Source fetches by status: ok, not_modified, error, gone; skipped counts sources a pass left alone because they were not due.",
		}, []string{"status"}),
		fetchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "veille_fetch_duration_seconds",
			Help:    "Duration of source fetches, body and parsing included.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60},
		}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "veille_source_last_success_timestamp_seconds",
			Help: "Unix time of the last successful fetch (ok or not modified) of each configured source; 0 if never.",
		}, []string{"source"}),
		failures: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "veille_source_consecutive_failures",
			Help: "Consecutive failed fetches of each configured source; 0 after a success.",
		}, []string{"source"}),
		entriesNew: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "veille_entries_new_total",
			Help: "Entries stored for the first time.",
		}),
		feedItems: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "veille_feed_items",
			Help: "Items each curated feed published at the last publish: the newest entries it selects, one per story, at most its limit.",
		}, []string{"feed"}),
		selected: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "veille_entries_selected",
			Help: "Stored entries each curated feed selects.",
		}, []string{"feed"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veille_articles_fetched_total",
			Help: "Article pages fetched for their lead, by result: ok, or failed (fetch error, or no text found).",
		}, []string{"result"}),
		publishDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "veille_publish_duration_seconds",
			Help:    "Duration of publishing every feed and the index page, files written.",
			Buckets: prometheus.DefBuckets,
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veille_http_requests_total",
			Help: "HTTP requests served, by route and status code.",
		}, []string{"route", "code"}),
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "veille_http_request_duration_seconds",
			Help:    "Duration of HTTP requests served, by route, until the response is written.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.passes, m.passDuration, m.fetches, m.fetchDuration, m.lastSuccess, m.failures,
		m.entriesNew, m.feedItems, m.selected, m.articles, m.publishDuration, m.requests, m.requestDuration,
	)
	for _, r := range results {
		m.passes.WithLabelValues(r)
		m.articles.WithLabelValues(r)
	}
	for _, s := range fetchStatuses {
		m.fetches.WithLabelValues(s)
	}
	return m
}

// Handler returns the handler of /metrics: the registry in the Prometheus
// text format (or OpenMetrics or protobuf, as the scraper asks), gzipped
// for scrapers that accept it.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// ObservePass records a pass that took d, and whether it ran to its end.
func (m *Metrics) ObservePass(ok bool, d time.Duration) {
	if m == nil {
		return
	}
	m.passes.WithLabelValues(result(ok)).Inc()
	m.passDuration.Observe(d.Seconds())
}

// ObserveFetch records a fetch of a source that ended with status, one of
// storage.StatusOK, StatusNotModified, StatusError and StatusGone, and took d.
// Any other status counts as an error, so that the label stays bounded.
func (m *Metrics) ObserveFetch(status string, d time.Duration) {
	if m == nil {
		return
	}
	label := FetchError
	switch status {
	case storage.StatusOK:
		label = FetchOK
	case storage.StatusNotModified:
		label = FetchNotModified
	case storage.StatusGone:
		label = FetchGone
	}
	m.fetches.WithLabelValues(label).Inc()
	m.fetchDuration.Observe(d.Seconds())
}

// AddSkipped records n sources that a pass did not fetch because they were
// not due.
func (m *Metrics) AddSkipped(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.fetches.WithLabelValues(FetchSkipped).Add(float64(n))
}

// SetSource records the state of the configured source named name: its last
// success (zero if never) and its consecutive failed fetches.
func (m *Metrics) SetSource(name string, lastSuccess time.Time, failures int) {
	if m == nil {
		return
	}
	ts := 0.0
	if !lastSuccess.IsZero() {
		ts = float64(lastSuccess.UnixNano()) / 1e9
	}
	m.lastSuccess.WithLabelValues(name).Set(ts)
	m.failures.WithLabelValues(name).Set(float64(failures))
}

// AddNewEntries records n entries stored for the first time.
func (m *Metrics) AddNewEntries(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.entriesNew.Add(float64(n))
}

// SetFeedItems records that the feed of slug feed published n items.
func (m *Metrics) SetFeedItems(feed string, n int) {
	if m == nil {
		return
	}
	m.feedItems.WithLabelValues(feed).Set(float64(n))
}

// SetSelected records that n stored entries are selected by the feed of
// slug feed.
func (m *Metrics) SetSelected(feed string, n int) {
	if m == nil {
		return
	}
	m.selected.WithLabelValues(feed).Set(float64(n))
}

// ObserveArticle records an article page fetched, and whether a lead was
// stored from it.
func (m *Metrics) ObserveArticle(ok bool) {
	if m == nil {
		return
	}
	m.articles.WithLabelValues(result(ok)).Inc()
}

// ObservePublish records a publish of every feed that took d.
func (m *Metrics) ObservePublish(d time.Duration) {
	if m == nil {
		return
	}
	m.publishDuration.Observe(d.Seconds())
}

// Instrument returns next counting its requests in veille_http_requests_total
// and timing them in veille_http_request_duration_seconds, labeled by the
// route of the request's path (see Route). On a nil *Metrics it returns
// next.
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	// One instrumented handler per route, with the route label curried,
	// so that promhttp captures the status code (and keeps the writer's
	// Flusher and other interfaces) while the route stays ours.
	byRoute := make(map[string]http.Handler, len(routes))
	for _, r := range routes {
		labels := prometheus.Labels{"route": r}
		byRoute[r] = promhttp.InstrumentHandlerDuration(m.requestDuration.MustCurryWith(labels),
			promhttp.InstrumentHandlerCounter(m.requests.MustCurryWith(labels), next))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		byRoute[Route(r.URL.Path)].ServeHTTP(w, r)
	})
}

// Route returns the route label of a request path: the index page, a feed
// path templated by its format (whatever the slug, so that probing random
// names adds no series), /healthz, /metrics, or "other".
func Route(path string) string {
	switch path {
	case "/", "/index.html":
		return RouteIndex
	case RouteHealthz:
		return RouteHealthz
	case RouteMetrics:
		return RouteMetrics
	}
	name, ok := strings.CutPrefix(path, "/")
	dot := strings.LastIndexByte(name, '.')
	if !ok || dot <= 0 || strings.Contains(name, "/") {
		return RouteOther
	}
	switch name[dot:] {
	case ".rss":
		return RouteRSS
	case ".atom":
		return RouteAtom
	case ".json":
		return RouteJSON
	}
	return RouteOther
}

func result(ok bool) string {
	if ok {
		return "ok"
	}
	return "failed"
}
