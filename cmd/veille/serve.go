package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/metrics"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/storage"
)

// shutdownGrace bounds how long SIGTERM waits for requests and the running
// pass; systemd's default stop timeout is 90 s, ours is well under 10 s.
const shutdownGrace = 8 * time.Second

// healthPeriods is how many schedule periods without a successful fetch
// make /healthz report the daemon unhealthy.
const healthPeriods = 3

func runServe(ctx context.Context, e *env) error {
	d := newDaemon()
	d.configPath = e.configPath
	e.hooks = d.hooks()
	return e.withApp(ctx, func(a *app) error {
		d.use(a)
		return d.run(ctx)
	})
}

// daemon runs passes on the schedule and serves what they publish.
type daemon struct {
	// current is the app of the configuration in force: a pass uses the
	// one it started with, and a reload swaps in another for the next.
	current    atomic.Pointer[app]
	configPath string // read again on SIGHUP; "" disables reloading
	handler    *publisher.Handler
	metrics    *metrics.Metrics
	started    time.Time
	passes     sync.WaitGroup
	// work serializes passes and the publishes that editors' decisions
	// call for: the pipeline runs one at a time.
	work sync.Mutex

	lastStart atomic.Int64 // unix nanoseconds of the last pass start; 0 if none
	lastEnd   atomic.Int64 // unix nanoseconds of the last pass end
	// figures are what /healthz reports of the sources and entries,
	// measured at start-up and after each pass, so that a request costs
	// nothing however large the database.
	figures atomic.Pointer[figures]
	// served is the stored generation of the site the handler serves.
	served atomic.Int64
}

// figures are the state of the sources and entries after a pass.
type figures struct {
	sourcesOK, sourcesFailing int
	lastSuccess               time.Time // newest successful fetch of any source
	entries                   int
	// fetched and succeeded count the sources the last pass that fetched
	// any fetched, and those that answered (ok or not modified).
	fetched, succeeded int
}

// newDaemon returns a daemon without an app: see use.
func newDaemon() *daemon {
	return &daemon{handler: publisher.NewHandler(time.Hour), metrics: metrics.New()}
}

// hooks are what the daemon's apps report to it: metrics, and each publish,
// which it serves.
func (d *daemon) hooks() hooks {
	return hooks{metrics: d.metrics, onPublish: func(s *pipeline.Site) {
		d.handler.UpdateSite(s.Index, s.Feeds, s.Pages)
		d.served.Store(s.Generation)
	}}
}

// use puts a, built with d.hooks(), in force.
func (d *daemon) use(a *app) {
	d.current.Store(a)
	d.handler.SetMaxAge(maxAge(a))
	if d.started.IsZero() {
		d.started = a.now()
	}
}

// app returns the app of the configuration in force.
func (d *daemon) app() *app { return d.current.Load() }

// run serves until ctx is canceled, then shuts down gracefully.
func (d *daemon) run(ctx context.Context) error {
	a := d.app()
	log := a.log
	// Serve what the database holds right away, before the first pass:
	// the publish hands it to the handler.
	if _, err := a.p.Publish(ctx); err != nil {
		return err
	}
	d.measure(ctx, a, nil)
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := d.server()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "base_url", a.cfg.BaseURL, "schedule", a.cfg.Schedule)

	s, err := d.scheduler(ctx)
	if err != nil {
		srv.Close()
		return err
	}
	d.passes.Go(s.job.Run) // a pass at start-up, sharing the scheduled job's skip lock
	s.cron.Start()
	d.passes.Go(func() { d.watch(ctx, watchPoll) })

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-hup:
			if d.reload(s) {
				d.passes.Go(s.job.Run) // the new sources and feeds, now
			}
			continue
		case <-ctx.Done():
			log.Info("shutting down")
		case err = <-serveErr:
			log.Error("http server stopped", "err", err)
		}
		return errors.Join(err, d.shutdown(srv, s.cron))
	}
}

// maxAge is how long clients may cache what the daemon serves for a: until
// the next pass may have changed it, one schedule period, at most an hour.
func maxAge(a *app) time.Duration {
	return min(a.p.Period(), time.Hour)
}

// reload reads the configuration file again and, when it is valid, puts it
// in force from the next pass on: sources, feeds, schedule, fetch options,
// base_url, output_dir, retention, websub. The database and the listen
// address stay as they are until a restart. An invalid file is logged and
// changes nothing. It reports whether the configuration changed.
func (d *daemon) reload(s *schedule) bool {
	old := d.app()
	if d.configPath == "" {
		return false
	}
	cfg, err := config.Load(d.configPath)
	if err != nil {
		var errs config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				old.log.Error("reload: invalid configuration, the running one stays", "problem", e.Error())
			}
		} else {
			old.log.Error("reload: the running configuration stays", "err", err)
		}
		return false
	}
	keep := func(key string, configured *string, running string) {
		if *configured != running {
			old.log.Warn("reload: "+key+" changes only with a restart", "running", running, "configured", *configured)
			*configured = running
		}
	}
	keep("database", &cfg.Database, old.cfg.Database)
	keep("listen", &cfg.Listen, old.cfg.Listen)
	next, err := buildApp(cfg, old.log, old.store, old.hooks)
	if err != nil {
		old.log.Error("reload: the running configuration stays", "err", err)
		return false
	}
	if cfg.Schedule != old.cfg.Schedule {
		if err := s.reschedule(cfg.Schedule); err != nil {
			old.log.Error("reload: the running configuration stays", "err", err)
			return false
		}
	}
	d.use(next)
	old.log.Info("configuration reloaded", "file", d.configPath, "sources", len(cfg.Sources),
		"feeds", len(cfg.Feeds), "schedule", cfg.Schedule)
	return true
}

// shutdown stops the scheduler, drains HTTP requests and waits for the
// running pass (whose context is already canceled), all within the grace.
func (d *daemon) shutdown(srv *http.Server, c *cron.Cron) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	cronDone := c.Stop()
	httpErr := srv.Shutdown(ctx)
	passesDone := make(chan struct{})
	go func() { d.passes.Wait(); <-cronDone.Done(); close(passesDone) }()
	select {
	case <-passesDone:
	case <-ctx.Done():
		return errors.New("shutdown: a pass did not stop in time")
	}
	if errors.Is(httpErr, http.ErrServerClosed) {
		httpErr = nil
	}
	return httpErr
}

func (d *daemon) server() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", d.health)
	mux.Handle("/metrics", getOnly(d.metrics.Handler()))
	mux.Handle("/", d.handler)
	return &http.Server{
		Handler:           d.metrics.Instrument(mux),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(d.app().log.Handler(), slog.LevelWarn),
	}
}

// scheduler returns the cron scheduler and its one job, the pass. The job
// is wrapped as SkipIfStillRunning(Recover(pass)): a tick that comes while
// a pass runs is skipped, and a panicking pass is logged and the daemon goes
// on. (The other order, with robfig/cron v3.0.1, never releases the skip
// lock after a panic.)
func (d *daemon) scheduler(ctx context.Context) (*schedule, error) {
	logger := cronLogger{d.app().log}
	s := &schedule{
		cron: cron.New(cron.WithLocation(time.UTC), cron.WithLogger(logger)),
		job: cron.NewChain(cron.SkipIfStillRunning(logger), cron.Recover(logger)).
			Then(cron.FuncJob(func() { d.pass(ctx) })),
	}
	if err := s.reschedule(d.app().cfg.Schedule); err != nil {
		return nil, err
	}
	return s, nil
}

// schedule is the cron scheduler and its one job, the pass.
type schedule struct {
	cron  *cron.Cron
	job   cron.Job
	entry cron.EntryID // the job's entry; 0 before the first
}

// reschedule runs the job on spec instead of the spec it had.
func (s *schedule) reschedule(spec string) error {
	id, err := s.cron.AddJob(spec, s.job)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	if s.entry != 0 {
		s.cron.Remove(s.entry)
	}
	s.entry = id
	return nil
}

// pass runs one scheduled pass; its errors are logged, never fatal.
func (d *daemon) pass(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	start := time.Now()
	d.lastStart.Store(start.UnixNano())
	returned := false
	defer func() {
		d.lastEnd.Store(time.Now().UnixNano())
		if !returned { // a panic, which cron.Recover logs: a failed pass all the same
			d.metrics.ObservePass(false, time.Since(start))
		}
	}()
	a := d.app()
	d.work.Lock()
	report, err := a.p.Pass(ctx, pipeline.PassOptions{})
	d.work.Unlock()
	returned = true
	if ctx.Err() != nil {
		return // cut short by shutdown: neither a failure nor worth recording
	}
	if err != nil {
		a.log.Error("pass failed", "err", err)
	}
	d.record(ctx, a, report, err == nil, time.Since(start))
}

// watchPoll is how often the daemon looks for a change another process made
// to what the feeds publish: it is served within this time (plus a
// publish), and each look reads one row.
const watchPoll = time.Second

// watch publishes, until ctx is canceled, whenever the stored generation
// differs from the one of the site served: another process changed what the
// feeds publish (an editor's veille select, reject, reset or unmerge, a
// veille fetch from cron), and wrote the files; the daemon, which serves
// from memory, must serve it too, without waiting for its next pass. A pass
// in progress delays it to its end.
func (d *daemon) watch(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		a := d.app()
		generation, err := a.store.Generation(ctx)
		if err != nil || generation == d.served.Load() {
			continue
		}
		d.work.Lock()
		_, err = a.p.Publish(ctx)
		d.work.Unlock()
		if err != nil {
			a.log.Error("publish after a change by another process failed", "err", err)
			continue
		}
		a.log.Info("published a change made by another process")
	}
}

// record adds a pass that took took to the metrics: its result, each fetch
// it made, the sources it left alone, and then the state of every
// configured source as stored. The pass itself is counted last, so that a
// scrape started once it is counted sees everything it recorded.
func (d *daemon) record(ctx context.Context, a *app, report *aggregator.Report, ok bool, took time.Duration) {
	m := d.metrics
	defer m.ObservePass(ok, took)
	if report != nil {
		for _, res := range report.Results {
			if res.Status != "" { // "" is a source the pass did not reach
				m.ObserveFetch(res.Status, res.Duration)
			}
		}
		// The daemon's passes fetch every due source, so the others
		// were skipped: backing off, or within their cache lifetime.
		m.AddSkipped(len(a.cfg.Sources) - len(report.Results))
		m.AddNewEntries(report.New())
	}
	d.measure(ctx, a, report)
}

// measure reads the state of the sources and the entries once, for the
// metrics and for /healthz, with the outcome of the pass that just ended,
// if any. A pass that fetched nothing (every source backing off or within
// its cache lifetime) leaves the outcome of the last one that did.
func (d *daemon) measure(ctx context.Context, a *app, report *aggregator.Report) {
	sources, err := a.store.Sources(ctx)
	if err != nil {
		a.log.Warn("metrics: read sources", "err", err)
		return
	}
	f := &figures{}
	if last := d.figures.Load(); last != nil {
		f.fetched, f.succeeded = last.fetched, last.succeeded
	}
	if report != nil {
		if fetched := len(report.Results) - report.Count(""); fetched > 0 {
			f.fetched = fetched
			f.succeeded = report.Count(storage.StatusOK) + report.Count(storage.StatusNotModified)
		}
	}
	for _, s := range configured(a, sources) {
		d.metrics.SetSource(s.Name, s.SucceededAt, s.Failures)
		if s.Status == storage.StatusError || s.Status == storage.StatusGone {
			f.sourcesFailing++
		} else {
			f.sourcesOK++
		}
		if s.SucceededAt.After(f.lastSuccess) {
			f.lastSuccess = s.SucceededAt
		}
	}
	if f.entries, err = a.store.EntryCount(ctx); err != nil {
		a.log.Warn("metrics: count entries", "err", err)
		return
	}
	d.figures.Store(f)
	counts, err := a.store.SelectionCounts(ctx)
	if err != nil {
		a.log.Warn("metrics: count selections", "err", err)
		return
	}
	for _, feed := range a.cfg.Feeds {
		d.metrics.SetSelected(feed.Slug, counts[feed.Slug])
	}
}

// getOnly answers 405 to requests other than GET and HEAD, as the other
// paths do, and passes those to h.
func getOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// healthReport is the JSON body of /healthz.
type healthReport struct {
	Status         string     `json:"status"` // "ok", "degraded" or "failing"
	Reason         string     `json:"reason,omitempty"`
	LastPassStart  *time.Time `json:"last_pass_start"`
	LastPassEnd    *time.Time `json:"last_pass_end"`
	LastSuccess    *time.Time `json:"last_success"` // newest successful fetch of any source
	SourcesOK      int        `json:"sources_ok"`
	SourcesFailing int        `json:"sources_failing"`
	Entries        int        `json:"entries"`
}

// health answers 200 while passes run and some source succeeds ("ok", or
// "degraded" when some fail), and 503 ("failing") when the last pass that
// fetched sources had none succeed, when every configured source is
// failing, or when no pass ended for several schedule periods.
func (d *daemon) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rep := d.healthReport()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if rep.Status == "failing" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(rep)
}

// healthReport reads the figures of the last pass: it never touches the
// database, so that no number of requests can slow the feeds or the passes.
func (d *daemon) healthReport() *healthReport {
	a := d.app()
	rep := &healthReport{Status: "ok",
		LastPassStart: unixNano(d.lastStart.Load()), LastPassEnd: unixNano(d.lastEnd.Load())}
	if f := d.figures.Load(); f != nil {
		rep.Entries, rep.SourcesOK, rep.SourcesFailing = f.entries, f.sourcesOK, f.sourcesFailing
		if !f.lastSuccess.IsZero() {
			lastSuccess := f.lastSuccess
			rep.LastSuccess = &lastSuccess
		}
	}
	now, window := a.now(), healthPeriods*a.p.Period()
	// A pass whose every fetch failed says failing at once: waiting for
	// several periods, as it did, left an outage unreported for 45 minutes.
	// Passes are slow to end only when they hang, hence the window there.
	switch f := d.figures.Load(); {
	case now.Sub(latest(d.started, rep.LastPassEnd)) > window:
		rep.Status, rep.Reason = "failing", "no pass ended for "+window.String()
	case f != nil && f.fetched > 0 && f.succeeded == 0:
		rep.Status, rep.Reason = "failing", fmt.Sprintf("the last pass fetched %s and none succeeded",
			plural(f.fetched, "source"))
	case rep.SourcesOK == 0 && rep.SourcesFailing > 0:
		rep.Status, rep.Reason = "failing", "every source is failing"
	case rep.SourcesFailing > 0:
		rep.Status, rep.Reason = "degraded", plural(rep.SourcesFailing, "source")+" failing"
	}
	return rep
}

// configured keeps the stored sources that are still in a's configuration.
func configured(a *app, stored []storage.Source) []storage.Source {
	var out []storage.Source
	for _, s := range stored {
		if _, ok := a.cfg.Source(s.Name); ok {
			out = append(out, s)
		}
	}
	return out
}

func unixNano(n int64) *time.Time {
	if n == 0 {
		return nil
	}
	t := time.Unix(0, n).UTC()
	return &t
}

// latest returns the later of t and *u (u may be nil).
func latest(t time.Time, u *time.Time) time.Time {
	if u != nil && u.After(t) {
		return *u
	}
	return t
}

// cronLogger adapts slog to cron's logger: its routine chatter goes to
// debug, a skipped tick to warn, errors (a recovered panic) to error.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, keysAndValues ...any) {
	if msg == "skip" {
		l.log.Warn("pass skipped: the previous pass is still running")
		return
	}
	l.log.Debug("cron "+msg, keysAndValues...)
}

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron "+msg, append(keysAndValues, "err", err)...)
}
