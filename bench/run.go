package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/publisher"
)

// Targets of the issue the benchmark serves. They are reported, never
// asserted by tests: timings depend on the machine.
const (
	TargetPassOverFloor  = 1.5                    // first-pass wall ≤ 1.5 × the gofeed floor
	TargetServeOverFiles = 0.8                    // publisher.Handler ≥ 0.8 × http.FileServer req/s
	TargetPublish        = 50 * time.Millisecond  // Pipeline.Publish: query, render, files written
	TargetUnchanged      = 100 * time.Millisecond // Pipeline.Pass where every source answers 304
	TargetFetchProcess   = 200 * time.Millisecond // the whole `veille fetch` process, every source 304
	TargetRSS            = 32_000_000             // bytes of peak RSS during a pass
	TargetEntryBytes     = 1500                   // bytes of database file per stored entry
)

// PassFunc runs one pass; Config.Pass lets the command run each pass in a
// process of its own, so that each has its own peak RSS.
type PassFunc func(ctx context.Context, cfg PassConfig) (*PassResult, error)

// Config describes a benchmark run. The zero value of each field picks the
// default, which is the full run of the command.
type Config struct {
	Sources  int     // farm sources; default 500
	Items    int     // items per source; default 50
	Changed  float64 // fraction of the sources changed before pass 3; default 0.1
	NewItems int     // new items per changed source; default Items/10, at least 1
	// ConfigFile is the configuration every pass runs with, its sources
	// replaced by the farm's; default ShippedConfig.
	ConfigFile string
	// FetchRuns is how many times the `veille fetch` process is timed
	// after the unchanged pass; default 5.
	FetchRuns int

	// Entries lists the database sizes at which publishing is measured, in
	// increasing order; default 10^5 and 10^6. A size whose fill would end
	// after Budget is skipped, and the table says so.
	Entries     []int
	PublishRuns int // Pipeline.Publish runs per size; default 21

	Load    time.Duration // duration of each HTTP load run; default 3s
	Clients int           // concurrent HTTP clients; default 32

	// Budget bounds the whole run, for the sizes of Entries; 0 means none.
	Budget time.Duration
	// Dir holds the databases and files of the run; it must exist.
	Dir string
	// CPUProfile, when set, is where an extra first pass, on a fresh
	// database and not counted in the table, writes its CPU profile.
	CPUProfile string
	// Version names the code measured, such as a commit, in the table's
	// header; "" leaves it out.
	Version string
	// Pass runs the passes; nil runs them in this process.
	Pass PassFunc
	// Progress receives a line per step; Log the aggregator's warnings.
	// Nil discards them.
	Progress, Log io.Writer
}

func (c Config) withDefaults() Config {
	if c.Sources <= 0 {
		c.Sources = 500
	}
	if c.Items <= 0 {
		c.Items = 50
	}
	if c.Changed <= 0 {
		c.Changed = 0.1
	}
	if c.NewItems <= 0 {
		c.NewItems = max(1, c.Items/10)
	}
	if c.FetchRuns <= 0 {
		c.FetchRuns = 5
	}
	if c.Entries == nil {
		c.Entries = []int{100_000, 1_000_000}
	}
	if c.PublishRuns <= 0 {
		c.PublishRuns = 21
	}
	if c.Load <= 0 {
		c.Load = 3 * time.Second
	}
	if c.Clients <= 0 {
		c.Clients = 32
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return c
}

// Results is everything a run measured.
type Results struct {
	Config  Config
	Start   time.Time
	Elapsed time.Duration
	Env     string // Go version, OS, architecture and CPUs
	// Busy is the share of the machine's CPUs that other programs kept busy
	// in the second before the run; negative when unknown.
	Busy      float64
	FarmBytes int64 // size of the farm's documents at pass 1
	Changed   int   // sources changed before pass 3
	// Concurrency and Limit are the configuration's fetch concurrency and
	// Feed's limit.
	Concurrency, Limit int
	Floor1, Floor2     FloorResult
	// Passes are, in order: first, unchanged, changed, first with copies,
	// and first into the largest publishing database.
	Passes []*PassResult
	// CopiesStories is how many stories the farm with copies tells; the
	// pass over it should find that many.
	CopiesStories int
	Fetch         FetchResult
	Serve         []ServeResult
	Publish       []PublishResult
	Skipped       []string // sizes of Entries not measured, and why
	Problems      []string // correctness failures: items lost, passes that were not 304...
}

// ServeResult compares publisher.Handler with http.FileServer on one kind
// of request for the same RSS bytes.
type ServeResult struct {
	Name                 string // "200" or "304"
	HandlerHow, FilesHow string // the request headers used
	Body                 int    // bytes of the RSS document
	Handler, FileServer  LoadResult
}

// Floor is the reference the first pass is compared with: the faster of
// the two gofeed runs (with 2 goroutines on a 2-core machine).
func (r *Results) Floor() FloorResult {
	if r.Floor1.Wall > 0 && (r.Floor2.Wall <= 0 || r.Floor1.Wall < r.Floor2.Wall) {
		return r.Floor1
	}
	return r.Floor2
}

// Run serves a farm on loopback and measures, in order: the gofeed floor,
// the three passes, the HTTP serving of the rendered feed, and publishing
// at each size of Entries. It returns an error when it cannot measure;
// wrong results (lost items...) are listed in Results.Problems instead, so
// that the table still shows them.
func Run(ctx context.Context, cfg Config) (*Results, error) {
	cfg = cfg.withDefaults()
	res := &Results{Config: cfg, Start: time.Now(),
		Env: fmt.Sprintf("%s %s/%s, %d CPUs (GOMAXPROCS %d)", runtime.Version(), runtime.GOOS, runtime.GOARCH,
			runtime.NumCPU(), runtime.GOMAXPROCS(0)), Busy: busyShare(ctx, time.Second)}
	progress := func(format string, args ...any) {
		fmt.Fprintf(cfg.Progress, "%6.1fs  "+format+"\n", append([]any{time.Since(res.Start).Seconds()}, args...)...)
	}
	pass := cfg.Pass
	if pass == nil {
		pass = RunPass
	}
	if cfg.ConfigFile == "" {
		var err error
		if cfg.ConfigFile, err = ShippedConfig(); err != nil {
			return nil, err
		}
		res.Config.ConfigFile = cfg.ConfigFile
	}
	shipped, err := config.Load(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	res.Concurrency, res.Limit = shipped.Fetch.Concurrency, feedLimit(shipped, Feed)
	if res.Limit == 0 {
		return nil, fmt.Errorf("%s has no feed %q", cfg.ConfigFile, Feed)
	}

	progress("generating the farm: %d sources × %d items", cfg.Sources, cfg.Items)
	farm := NewFarm(FarmOptions{Sources: cfg.Sources, Items: cfg.Items, Seed: 1, Now: res.Start})
	srv := httptest.NewServer(farm)
	defer srv.Close()
	docs := farm.Documents()
	for _, d := range docs {
		res.FarmBytes += int64(len(d))
	}

	progress("gofeed floor")
	// One untimed round first, so that every measure starts from a warm
	// heap and page cache; then each count of goroutines twice, in the
	// order 1 2 2 1, keeping the faster: a floor is a minimum.
	if _, err := ParseFloor(docs, 2); err != nil {
		return nil, err
	}
	for _, workers := range []int{1, 2, 2, 1} {
		f, err := ParseFloor(docs, workers)
		if err != nil {
			return nil, err
		}
		best := &res.Floor1
		if workers == 2 {
			best = &res.Floor2
		}
		if best.Wall == 0 || f.Wall < best.Wall {
			*best = f
		}
	}
	if want := cfg.Sources * cfg.Items; res.Floor1.Items != want {
		res.problem("gofeed parsed %d items of the farm, want %d", res.Floor1.Items, want)
	}
	docs = nil

	db := filepath.Join(cfg.Dir, "veille.db")
	base := PassConfig{Config: cfg.ConfigFile, DB: db, FarmURL: srv.URL, Sources: cfg.Sources, Log: cfg.Log}
	run := func(f *Farm, c PassConfig, want PassResult) error {
		progress("pass %d (%s)", len(res.Passes)+1, c.Scenario)
		before := f.Stats()
		settle()
		p, err := pass(ctx, c)
		if err != nil {
			return err
		}
		res.Passes = append(res.Passes, p)
		res.checkPass(p, want)
		after := f.Stats()
		if got := after.NotModified - before.NotModified; got != int64(want.NotModified) {
			res.problem("pass %s: the farm answered %d requests with 304, want %d", c.Scenario, got, want.NotModified)
		}
		return nil
	}
	scenario := func(name string) PassConfig {
		c := base
		c.Scenario = name
		return c
	}
	items, ai, stories := farm.Published()
	all := cfg.Sources * cfg.Items
	published := min(res.Limit, stories)
	if err := run(farm, scenario("first"), PassResult{OK: cfg.Sources, Items: all, New: items, Entries: items,
		Selected: ai, Stories: stories, Published: published}); err != nil {
		return nil, err
	}
	if err := run(farm, scenario("unchanged"), PassResult{NotModified: cfg.Sources, Entries: items, Selected: ai,
		Stories: stories, Published: published}); err != nil {
		return nil, err
	}
	progress("veille fetch, %d runs", cfg.FetchRuns)
	before := farm.Stats()
	if res.Fetch, err = MeasureFetch(ctx, base, filepath.Join(cfg.Dir, "fetch"), cfg.FetchRuns); err != nil {
		return nil, err
	}
	if got, want := farm.Stats().NotModified-before.NotModified, int64(cfg.FetchRuns*cfg.Sources); got != want {
		res.problem("veille fetch: the farm answered %d requests with 304, want %d", got, want)
	}
	changed := farm.Change(cfg.Changed, cfg.NewItems)
	res.Changed = len(changed)
	items, ai, stories = farm.Published()
	if err := run(farm, scenario("changed"), PassResult{OK: len(changed), NotModified: cfg.Sources - len(changed),
		Items: len(changed) * cfg.Items, New: len(changed) * cfg.NewItems, Entries: items, Selected: ai,
		Stories: stories, Published: min(res.Limit, stories)}); err != nil {
		return nil, err
	}

	// The same farm but for one item in ten, a copy of another source's:
	// the pass must find each copy's story.
	copies := NewFarm(FarmOptions{Sources: cfg.Sources, Items: cfg.Items, Seed: 1, Now: res.Start, Copies: true})
	copiesSrv := httptest.NewServer(copies)
	defer copiesSrv.Close()
	items, ai, res.CopiesStories = copies.Published()
	c := scenario("first, 10 % copies")
	c.DB, c.FarmURL = filepath.Join(cfg.Dir, "copies.db"), copiesSrv.URL
	if err := run(copies, c, PassResult{OK: cfg.Sources, Items: all, New: items, Entries: items, Selected: ai,
		Stories: res.CopiesStories, Published: min(res.Limit, res.CopiesStories)}); err != nil {
		return nil, err
	}
	copiesSrv.Close()

	if cfg.CPUProfile != "" {
		progress("profiled first pass, on a fresh database -> %s", cfg.CPUProfile)
		c := scenario("first (profiled)")
		c.DB, c.CPUProfile = filepath.Join(cfg.Dir, "profiled.db"), cfg.CPUProfile
		if _, err := pass(ctx, c); err != nil {
			return nil, err
		}
	}

	if err := res.measureServe(ctx, base, cfg, progress); err != nil {
		return nil, err
	}
	if err := res.measurePublish(ctx, base, cfg, progress); err != nil {
		return nil, err
	}
	if err := res.measureLargePass(ctx, base, cfg, pass, progress); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(res.Start)
	return res, nil
}

// busyShare returns the share of the machine's CPUs busy during d, or -1
// when unknown.
func busyShare(ctx context.Context, d time.Duration) float64 {
	busy0, _, ok0 := machineCPU()
	start := time.Now()
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
	busy1, _, ok1 := machineCPU()
	if !ok0 || !ok1 {
		return -1
	}
	return (busy1 - busy0).Seconds() / time.Since(start).Seconds() / float64(runtime.NumCPU())
}

func (r *Results) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// checkPass compares what a pass did with what the farm served.
func (r *Results) checkPass(got *PassResult, want PassResult) {
	scenario := got.Scenario
	check := func(what string, got, want int) {
		if got != want {
			r.problem("pass %s: %s = %d, want %d", scenario, what, got, want)
		}
	}
	check("sources ok", got.OK, want.OK)
	check("sources not modified", got.NotModified, want.NotModified)
	check("sources failed", got.Failed, 0)
	check("items fetched", got.Items, want.Items)
	check("new entries", got.New, want.New)
	check("entries stored", got.Entries, want.Entries)
	check("entries selected", got.Selected, want.Selected)
	check("stories among the selected", got.Stories, want.Stories)
	check("items in the published "+Feed+".json", got.Published, want.Published)
}

// measureServe publishes the passes' database with Pipeline.Publish into a
// folder of its own, and serves Feed's RSS from the Site with
// publisher.Handler, and from the folder with http.FileServer.
func (r *Results) measureServe(ctx context.Context, base PassConfig, cfg Config, progress func(string, ...any)) error {
	www := filepath.Join(cfg.Dir, "www")
	base.OutputDir = www
	p, err := openPipeline(ctx, base)
	if err != nil {
		return err
	}
	site, err := p.Publish(ctx)
	p.Store().Close()
	if err != nil {
		return err
	}
	out := site.Feeds[Feed]
	if out == nil {
		return fmt.Errorf("publish: no feed %q", Feed)
	}
	fi, err := os.Stat(filepath.Join(www, Feed+".rss"))
	if err != nil {
		return err
	}
	h := publisher.NewHandler(5 * time.Minute)
	h.Update(nil, map[string]*publisher.Output{Feed: out})
	hs := httptest.NewServer(h)
	defer hs.Close()
	fs := httptest.NewServer(http.FileServer(http.Dir(www)))
	defer fs.Close()
	path := "/" + Feed + ".rss"
	// The tag of the identity body: Load does not ask for gzip.
	plain := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := plain.Get(hs.URL + path)
	if err != nil {
		return err
	}
	resp.Body.Close()
	plain.CloseIdleConnections()
	etag := resp.Header.Get("ETag")

	for _, c := range []struct {
		name, handlerHow, filesHow string
		handler, files             http.Header
		status                     int
	}{
		{"200", "plain GET", "plain GET", nil, nil, http.StatusOK},
		{"304", "If-None-Match", "If-Modified-Since (FileServer sends no ETag)",
			http.Header{"If-None-Match": {etag}},
			http.Header{"If-Modified-Since": {fi.ModTime().UTC().Format(http.TimeFormat)}},
			http.StatusNotModified},
	} {
		s := ServeResult{Name: c.name, HandlerHow: c.handlerHow, FilesHow: c.filesHow, Body: len(out.RSS)}
		// Two runs of each server in the order A B B A, keeping the best
		// of each: a drift (the kernel writing back, the CPU clocking
		// down) then weighs on both alike, and noise only ever slows down.
		for i, files := range []bool{true, false, false, true} {
			server, url, header, best := "publisher.Handler", hs.URL+path, c.handler, &s.Handler
			if files {
				server, url, header, best = "http.FileServer", fs.URL+path, c.files, &s.FileServer
			}
			progress("serving %s, run %d of 4: %s, %d clients, %s", c.name, i+1, server, cfg.Clients, cfg.Load)
			settle()
			l, err := Load(ctx, url, header, c.status, cfg.Clients, cfg.Load)
			if err != nil {
				return fmt.Errorf("load %s: %w", server, err)
			}
			if l.PerSecond() > best.PerSecond() {
				*best = l
			}
		}
		r.Serve = append(r.Serve, s)
	}
	return nil
}

// assumedFillRate is the insert rate assumed for the first fill, before
// one was measured: a little under what the machine of DEPENDENCIES.md B2
// did with smaller rows.
const assumedFillRate = 40_000.0

// fillSlowdown is how much slower inserts are assumed to get as the
// database grows tenfold (B2: 125k rows/s at 10^5, 80k at 10^6).
const fillSlowdown = 1.6

// measurePublish fills one database to each size of cfg.Entries in turn
// and measures Pipeline.Publish at each. The filled entries end two hours
// before the run, as the farm's do.
func (r *Results) measurePublish(ctx context.Context, base PassConfig, cfg Config, progress func(string, ...any)) error {
	if len(cfg.Entries) == 0 {
		return nil
	}
	base.DB = filepath.Join(cfg.Dir, "publish.db")
	base.OutputDir = filepath.Join(cfg.Dir, "publish")
	p, err := openPipeline(ctx, base) // creates the schema Fill inserts into
	if err != nil {
		return err
	}
	defer p.Store().Close()
	// A publish of the empty database records the feed's rules and how its
	// stories are grouped, so that the publishes of the filled one neither
	// select nor group again: the passes that would have stored the
	// entries did both.
	if _, err := p.Publish(ctx); err != nil {
		return err
	}
	epoch := r.Start.Add(-newestAge - time.Duration(slices.Max(cfg.Entries)-1)*FillSpacing)
	filled, rate := 0, assumedFillRate
	for _, n := range cfg.Entries {
		if n <= filled {
			continue
		}
		need := time.Duration(float64(n-filled) / rate * float64(time.Second))
		if cfg.Budget > 0 && time.Since(r.Start)+need > cfg.Budget {
			r.Skipped = append(r.Skipped, fmt.Sprintf("publishing from %d entries: filling %d more would take "+
				"about %s and end past the %s budget (run with -entries %d -budget 0 to measure it)",
				n, n-filled, need.Round(time.Second), cfg.Budget, n))
			continue
		}
		progress("filling the database to %d entries (about %s)", n, need.Round(time.Second))
		fill, err := Fill(ctx, base.DB, filled, n, epoch)
		if err != nil {
			return err
		}
		filled = n
		rate = float64(fill.Rows) / fill.Wall.Seconds() / fillSlowdown
		progress("publishing from %d entries", n)
		settle()
		m, _, err := MeasurePublish(ctx, p, r.Limit, cfg.PublishRuns)
		if err != nil {
			return err
		}
		m.Entries, m.Selected, m.Fill = n, FillSelected(n), fill
		m.DBBytes = fileSize(base.DB) + fileSize(base.DB+"-wal")
		if want := min(r.Limit, m.Selected); m.Returned != want {
			r.problem("publishing from %d entries: %s published %d items, want %d", n, Feed, m.Returned, want)
		}
		r.Publish = append(r.Publish, m)
	}
	return nil
}

// measureLargePass runs a first pass of the farm into the publishing
// database, filled to its largest size: its peak RSS, next to pass 1's into
// an empty database, shows whether memory grows with the entries stored.
func (r *Results) measureLargePass(ctx context.Context, base PassConfig, cfg Config, pass PassFunc,
	progress func(string, ...any)) error {
	if len(r.Publish) == 0 {
		return nil
	}
	filled := r.Publish[len(r.Publish)-1].Entries
	c := base
	c.Scenario = fmt.Sprintf("first, into %s entries", count(filled))
	c.DB = filepath.Join(cfg.Dir, "publish.db")
	progress("pass %d (%s)", len(r.Passes)+1, c.Scenario)
	settle()
	p, err := pass(ctx, c)
	if err != nil {
		return err
	}
	r.Passes = append(r.Passes, p)
	// Every item the farm serves now is new to that database. The AI items
	// among them are not counted apart, so selections are not checked, but
	// each selected entry, filled or fetched, is a story of its own.
	all := cfg.Sources * cfg.Items
	r.checkPass(p, PassResult{OK: cfg.Sources, Items: all, New: all, Entries: filled + all, Selected: p.Selected,
		Stories: p.Selected, Published: r.Limit})
	return nil
}
