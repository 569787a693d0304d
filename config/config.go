// Package config loads and validates veille's configuration file.
//
// The configuration is one YAML file. Load and Parse have no side effects
// beyond reading it: they fill in defaults for omitted keys, reject unknown
// keys, and report every problem at once as Errors, each naming the file,
// line and field path ("config.yaml:14: sources[2].url: ...").
package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Config is veille's configuration, loaded from one YAML file (config.yaml).
//
// The zero Config is not valid: start from Default, or use Load or Parse,
// which apply the defaults. A Config is plain data; it is safe for concurrent
// reads but not for concurrent modification.
type Config struct {
	// Database is the SQLite file. Load makes it absolute, relative to the
	// folder of the configuration file. Default "veille.db".
	Database string `yaml:"database"`
	// OutputDir is the folder the curated feeds are written to. Load makes
	// it absolute like Database. Default "public".
	OutputDir string `yaml:"output_dir"`
	// BaseURL is the absolute http(s) URL the feeds are published under.
	// Parse normalizes it to end with "/". Default "http://localhost:8080/".
	BaseURL string `yaml:"base_url"`
	// Listen is the host:port the HTTP server listens on.
	// Default "127.0.0.1:8080".
	Listen string `yaml:"listen"`
	// Schedule says when sources are fetched, as accepted by ParseSchedule.
	// Default "*/15 * * * *".
	Schedule string `yaml:"schedule"`
	// Retention is how long entries are kept once no feed publishes them;
	// 0 keeps them forever. Default 90 days.
	Retention Duration `yaml:"retention"`
	// Fetch tunes the HTTP client that fetches sources.
	Fetch Fetch `yaml:"fetch"`
	// Sources are the feeds fetched; at least one is required.
	Sources []Source `yaml:"sources"`
	// Feeds are the curated topic feeds published; there may be none.
	Feeds []Feed `yaml:"feeds"`
	// WebSub lists the hubs the feeds are announced to; none by default.
	WebSub WebSub `yaml:"websub,omitempty"`
	// Site shapes the web pages published beside the feeds.
	Site Site `yaml:"site,omitempty"`

	file  string         // file name used in error messages
	lines map[string]int // field path → line, for error messages
}

// Fetch tunes the fetching of sources.
type Fetch struct {
	// Timeout bounds one fetch, from request to last byte. Default 20s.
	Timeout Duration `yaml:"timeout"`
	// Concurrency is how many sources are fetched at once, 1 to 256.
	// Default 8.
	Concurrency int `yaml:"concurrency"`
	// UserAgent is sent with every request. Empty (the default) lets the
	// program use its own.
	UserAgent string `yaml:"user_agent"`
	// MaxBody caps the size of a fetched document. Default 10MiB.
	MaxBody ByteSize `yaml:"max_body"`
	// AllowPrivateNetworks lets the requests whose URL does not come from
	// this file (article pages linked from feeds, and redirects or moves
	// of sources and hubs to another host) reach loopback, private,
	// link-local and other non-public addresses (intranets, tests). The
	// hosts of sources and hubs are always trusted as written. Default false.
	AllowPrivateNetworks bool `yaml:"allow_private_networks"`
	// FollowMoves says which permanent moves (301, 308) of a source later
	// passes follow instead of fetching the configured URL: "same-host"
	// (the default: a move within the configured URL's host, http to https
	// included), "any" or "never". Moves are recorded either way.
	FollowMoves string `yaml:"follow_moves"`
	// MaxNewPerSource caps the entries one source may add in one pass; the
	// newest are kept. A feed that rotates its GUIDs offers its whole
	// content as new on every pass, and would otherwise grow the database
	// by that much each time. 1 to 100000; default 500.
	MaxNewPerSource int `yaml:"max_new_per_source"`
}

// The values of Fetch.FollowMoves.
const (
	FollowSameHost = "same-host" // follow a move within the configured URL's host
	FollowAny      = "any"       // follow every move; the new host is still not trusted
	FollowNever    = "never"     // always fetch the configured URL
)

// WebSub configures the announcement of the published feeds to WebSub
// hubs (W3C WebSub): the feeds name the hubs as rel="hub" links, and each
// publish that changes a feed notifies every hub.
type WebSub struct {
	// Hubs are the absolute http(s) URLs of the hubs, each at most once.
	// Empty (the default) advertises no hub and pings none.
	Hubs []string `yaml:"hubs,omitempty"`
}

// Site shapes the web pages veille publishes beside the feeds: the index
// page, and each feed's pages (its index, its months, its items and the
// block of its latest items).
type Site struct {
	// Title names the site in the pages' titles and headers. Default
	// "veille".
	Title string `yaml:"title,omitempty"`
	// URL is the home page of the site the pages belong to, an absolute
	// http(s) URL that their header links to; empty (the default) links
	// the index page.
	URL string `yaml:"url,omitempty"`
	// Templates is a folder of Go html/template files (index.html,
	// archive.html, item.html, latest.html) replacing the embedded
	// templates of those names, so that the pages take the site's own
	// layout. Load makes it absolute like Database. Empty (the default)
	// keeps the embedded templates.
	Templates string `yaml:"templates,omitempty"`
	// Latest is how many items each feed's latest.html block lists, 1 to
	// 100. Default 10.
	Latest int `yaml:"latest,omitempty"`
}

// Source is a news feed to fetch.
type Source struct {
	// Name identifies the source; it is required and unique, ignoring case.
	Name string `yaml:"name"`
	// URL is the feed's absolute http or https URL; required and unique.
	URL string `yaml:"url"`
	// Tags group sources, as a feed reader's folders and categories do:
	// `veille opml` exports them as OPML folders and categories and imports
	// them back. Each is non-blank and holds no comma, which OPML uses to
	// separate categories.
	Tags []string `yaml:"tags,omitempty"`
}

// Feed is a curated topic feed that veille publishes.
type Feed struct {
	// Slug names the feed in file names and URL paths; it is required,
	// unique, and matches ^[a-z0-9][a-z0-9_-]*$.
	Slug string `yaml:"slug"`
	// Title is the feed's title; required.
	Title string `yaml:"title"`
	// Description is the feed's description.
	Description string `yaml:"description"`
	// Language is an optional language tag such as "fr" or "en-US".
	Language string `yaml:"language"`
	// Limit is the number of entries published, 1 to 10000. Default 50.
	Limit int `yaml:"limit"`
	// SummaryLength is the length of entry summaries in characters,
	// 40 to 100000. Default 400.
	SummaryLength int `yaml:"summary_length"`
	// Include lists the terms that select an entry; at least one.
	Include []Term `yaml:"include"`
	// Exclude lists terms that keep an entry out of the feed.
	Exclude []Term `yaml:"exclude"`
	// FetchArticles lets veille fetch the article page of a selected entry
	// whose feed gives only a teaser, to summarize it. Default true.
	FetchArticles bool `yaml:"fetch_articles"`
	// Threshold is the score an entry needs: each include term found adds
	// 2 in the title, 1 in the summary or categories. 0 to 100; default 2.
	Threshold float64 `yaml:"threshold"`
	// From lists the only sources whose entries the feed considers, each
	// by its name or as "tag:TAG" for every source with that tag; empty
	// for all.
	From []string `yaml:"from,omitempty"`
	// Always lists, likewise, the sources whose every entry the feed
	// selects, unless an exclude term is found.
	Always []string `yaml:"always,omitempty"`
	// Languages lists the only languages the feed considers, as language
	// tags whose primary subtag counts ("fr", "en"); empty for all.
	Languages []string `yaml:"languages,omitempty"`
}

// Term is a curation term. In YAML it is either its text alone
// ("intelligence artificielle") or a mapping with guards:
// {term: Claude, with: [Anthropic, chatbot]}.
type Term struct {
	// Text is the word or phrase; required.
	Text string `yaml:"term"`
	// With lists words of which one must also appear in the entry.
	With []string `yaml:"with,omitempty"`
	// Unless lists words whose presence keeps the term from counting.
	Unless []string `yaml:"unless,omitempty"`
	// Field restricts where the term counts: "" (anywhere) or "title".
	Field string `yaml:"field,omitempty"`
}

// MarshalYAML writes a Term without guards as its text alone, as users
// write it.
func (t Term) MarshalYAML() (any, error) {
	if len(t.With) == 0 && len(t.Unless) == 0 && t.Field == "" {
		return t.Text, nil
	}
	type plain Term // without this method
	return plain(t), nil
}

// setScalar makes a plain string a Term without guards.
func (t *Term) setScalar(s string) { *t = Term{Text: s} }

// Default returns the configuration used for omitted keys: every default,
// no sources and no feeds. It is not valid as is, since a source is required.
func Default() *Config {
	return &Config{
		Database:  "veille.db",
		OutputDir: "public",
		BaseURL:   "http://localhost:8080/",
		Listen:    "127.0.0.1:8080",
		Schedule:  "*/15 * * * *",
		Retention: Duration(90 * 24 * time.Hour),
		Fetch: Fetch{
			Timeout:     Duration(20 * time.Second),
			Concurrency: 8,
			MaxBody:     10 * mebibyte,
			FollowMoves: FollowSameHost,
			// Real feeds list tens of items, archives a few hundred; a
			// first pass over one of those still stores it whole, or in
			// a few passes, newest first.
			MaxNewPerSource: 500,
		},
		Site: Site{Title: "veille", Latest: 10},
	}
}

// defaultFeed returns the values used for keys omitted in a feed.
func defaultFeed() Feed {
	return Feed{Limit: 50, SummaryLength: 400, Threshold: 2, FetchArticles: true}
}

// Parse reads a YAML configuration from r, applies defaults and validates
// it. Name identifies the input in error messages, usually the file name;
// relative paths in the result are left as written.
//
// When there is any problem, Parse returns a nil Config and an Errors
// listing every problem found, in file order. Only YAML syntax errors stop
// it early.
func Parse(r io.Reader, name string) (*Config, error) {
	root, synErr := readDocument(r, name)
	if synErr != nil {
		return nil, Errors{synErr}
	}
	c := Default()
	c.file = name
	d := newDecoder(name)
	if root != nil {
		d.value(root, reflect.ValueOf(c).Elem(), "")
	}
	c.lines = d.lines
	c.BaseURL = withTrailingSlash(c.BaseURL)

	errs := d.errs
	for _, e := range c.validate() {
		// A value that could not be decoded kept its default or zero
		// value; checking it again would only repeat the problem.
		if !d.failedUnder(e.Path) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return c, nil
}

// Load reads and parses the configuration file at path, as Parse does with
// path as the name in messages. It then makes Database and OutputDir
// absolute, relative to the folder holding the file, so that the daemon
// does not depend on the directory it was started from.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	defer f.Close()
	c, err := Parse(f, path)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	c.Database = resolve(dir, c.Database)
	c.OutputDir = resolve(dir, c.OutputDir)
	if c.Site.Templates != "" {
		c.Site.Templates = resolve(dir, c.Site.Templates)
	}
	return c, nil
}

// Problem returns a problem of the value at path, located at its line in
// the file, for checks made outside this package: the templates of
// site.templates are parsed by the package that runs them.
func (c *Config) Problem(path, msg string) *Error {
	return &Error{File: c.file, Line: c.line(path), Path: path, Msg: msg}
}

// resolve returns path made absolute relative to dir.
func resolve(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// SourceNames returns the names of the sources refs lists, each by name
// (in any case) or as "tag:TAG", once each, in the order of the
// configuration; the refs that name no source are left out (Validate
// reports them).
func (c *Config) SourceNames(refs []string) []string {
	var out []string
	for _, s := range c.Sources {
		for _, ref := range refs {
			if refersTo(ref, s) {
				out = append(out, s.Name)
				break
			}
		}
	}
	return out
}

// refersTo reports whether ref, a name or "tag:TAG", names s.
func refersTo(ref string, s Source) bool {
	ref = strings.TrimSpace(ref)
	if tag, ok := strings.CutPrefix(ref, "tag:"); ok {
		return slices.ContainsFunc(s.Tags, func(t string) bool { return strings.EqualFold(t, strings.TrimSpace(tag)) })
	}
	return strings.EqualFold(ref, s.Name)
}

// Source returns the source with exactly the given name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}
