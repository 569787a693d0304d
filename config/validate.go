package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/veille-project/veille/internal/text"
)

// Validate checks c and returns every problem found, as Errors, or nil.
// Each problem names the line of its field, or of the nearest enclosing
// value that the file has, when c comes from Parse or Load; for a Config
// built in code, lines are unknown and left out. Validate reads the file
// system only to resolve the symbolic links in database and output_dir.
func (c *Config) Validate() error {
	errs := c.validate()
	errs.sort()
	return errs.err()
}

func (c *Config) validate() Errors {
	v := &validator{c: c}
	v.general()
	v.fetch()
	v.sources()
	v.feeds()
	v.websub()
	v.site()
	v.paths()
	return v.errs
}

// validator collects the problems of one Config.
type validator struct {
	c    *Config
	errs Errors
}

func (v *validator) errorf(path, format string, args ...any) {
	v.errs = append(v.errs, &Error{File: v.c.file, Line: v.c.line(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// line returns the line of the field at path, or of the nearest enclosing
// value in the file, since a missing key has no line of its own.
func (c *Config) line(path string) int {
	for p := path; p != ""; p = parent(p) {
		if l, ok := c.lines[p]; ok {
			return l
		}
	}
	return 0
}

// firstAt names where the value at path is, for "duplicate" messages.
func (c *Config) firstAt(path string) string {
	if l := c.line(path); l > 0 {
		return fmt.Sprintf("first at line %d", l)
	}
	return "first at " + path
}

func (v *validator) general() {
	c := v.c
	v.required("database", c.Database)
	v.required("output_dir", c.OutputDir)
	if v.required("base_url", c.BaseURL) {
		switch {
		case !isHTTPURL(c.BaseURL):
			v.errorf("base_url", "must be an absolute http(s) URL, got %q", c.BaseURL)
		case strings.ContainsAny(c.BaseURL, "?#"):
			// Feed URLs are made by appending to it.
			v.errorf("base_url", "must not have a query or fragment, got %q", c.BaseURL)
		}
	}
	if v.required("listen", c.Listen) {
		if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
			v.errorf("listen", "must be host:port such as \"127.0.0.1:8080\" or \":8080\", got %q", c.Listen)
		}
	}
	if v.required("schedule", c.Schedule) {
		if _, err := ParseSchedule(c.Schedule); err != nil {
			v.errorf("schedule", "%s", err)
		}
	}
	if r := time.Duration(c.Retention); r != 0 && r < time.Hour {
		v.errorf("retention", "must be 0 (keep forever) or at least 1h, got %s", c.Retention)
	}
}

func (v *validator) fetch() {
	f := v.c.Fetch
	if f.Timeout <= 0 {
		v.errorf("fetch.timeout", "must be positive, got %s", f.Timeout)
	}
	v.between("fetch.concurrency", f.Concurrency, 1, 256)
	v.between("fetch.max_new_per_source", f.MaxNewPerSource, 1, 100000)
	if f.MaxBody <= 0 {
		v.errorf("fetch.max_body", "must be positive, got %s", f.MaxBody)
	}
	switch f.FollowMoves {
	case FollowSameHost, FollowAny, FollowNever:
	default:
		v.errorf("fetch.follow_moves", "must be %q, %q or %q, got %q", FollowSameHost, FollowAny, FollowNever,
			f.FollowMoves)
	}
}

func (v *validator) sources() {
	c := v.c
	if len(c.Sources) == 0 {
		v.errorf("sources", "at least one source is required")
	}
	names := map[string]string{} // lower-cased name → path of its first use
	urls := map[string]string{}  // URL → path of its first use
	for i, s := range c.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		if v.required(p+".name", s.Name) {
			v.unique(names, strings.ToLower(s.Name), p+".name", "name", s.Name)
		}
		v.tags(p+".tags", s.Tags)
		if !v.required(p+".url", s.URL) {
			continue
		}
		if !isHTTPURL(s.URL) {
			v.errorf(p+".url", "must be an absolute http(s) URL, got %q", s.URL)
			continue
		}
		v.unique(urls, s.URL, p+".url", "URL", s.URL)
	}
}

func (v *validator) feeds() {
	slugs := map[string]string{} // slug → path of its first use
	for i, f := range v.c.Feeds {
		p := fmt.Sprintf("feeds[%d]", i)
		if v.required(p+".slug", f.Slug) {
			if validSlug(f.Slug) {
				v.unique(slugs, f.Slug, p+".slug", "slug", f.Slug)
			} else {
				v.errorf(p+".slug", "must match ^[a-z0-9][a-z0-9_-]*$ (it names files and URL paths), got %q", f.Slug)
			}
		}
		v.required(p+".title", f.Title)
		if f.Language != "" && !validLanguage(f.Language) {
			v.errorf(p+".language", "must be a language tag like \"fr\" or \"en-US\", got %q", f.Language)
		}
		v.between(p+".limit", f.Limit, 1, 10000)
		v.between(p+".summary_length", f.SummaryLength, 40, 100000)
		if len(f.Include) == 0 {
			v.errorf(p+".include", "at least one term is required")
		}
		v.terms(p+".include", f.Include)
		v.terms(p+".exclude", f.Exclude)
		if f.Threshold < 0 || f.Threshold > 100 {
			v.errorf(p+".threshold", "must be between 0 and 100, got %g", f.Threshold)
		}
		v.sourceRefs(p+".from", f.From)
		v.sourceRefs(p+".always", f.Always)
		for j, l := range f.Languages {
			if !validLanguage(l) || text.PrimaryLanguage(l) == "" {
				v.errorf(fmt.Sprintf("%s.languages[%d]", p, j), "must be a language tag like \"fr\" or \"en\", got %q", l)
			}
		}
	}
}

// sourceRefs reports the references to sources, by name or "tag:TAG",
// that name none: a misspelt name would silently empty a feed.
func (v *validator) sourceRefs(path string, refs []string) {
	for i, ref := range refs {
		if len(v.c.SourceNames([]string{ref})) > 0 {
			continue
		}
		what := fmt.Sprintf("no source is named %q", ref)
		if tag, ok := strings.CutPrefix(ref, "tag:"); ok {
			what = fmt.Sprintf("no source has the tag %q", tag)
		}
		v.errorf(fmt.Sprintf("%s[%d]", path, i), "%s (give a source's name or tag:TAG)", what)
	}
}

func (v *validator) websub() {
	seen := map[string]string{} // hub URL → path of its first use
	for i, hub := range v.c.WebSub.Hubs {
		p := fmt.Sprintf("websub.hubs[%d]", i)
		if !v.required(p, hub) {
			continue
		}
		switch {
		case !isHTTPURL(hub):
			v.errorf(p, "must be an absolute http(s) URL, got %q", hub)
		case strings.Contains(hub, "#"):
			// Publishers POST to the hub: a fragment is never sent, so
			// it would be a mistake kept silent.
			v.errorf(p, "must not have a fragment, got %q", hub)
		default:
			v.unique(seen, hub, p, "hub", hub)
		}
	}
}

func (v *validator) site() {
	s := v.c.Site
	v.required("site.title", s.Title)
	if s.URL != "" && !isHTTPURL(s.URL) {
		v.errorf("site.url", "must be an absolute http(s) URL, got %q", s.URL)
	}
	v.between("site.latest", s.Latest, 1, 100)
}

// required reports a blank value and returns whether the value is present.
func (v *validator) required(path, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.errorf(path, "required")
		return false
	}
	return true
}

func (v *validator) between(path string, n, lo, hi int) {
	if n < lo || n > hi {
		v.errorf(path, "must be between %d and %d, got %d", lo, hi, n)
	}
}

// unique reports value as a duplicate if seen holds its key already, else
// records the key as first used at path.
func (v *validator) unique(seen map[string]string, key, path, what, value string) {
	if first, ok := seen[key]; ok {
		v.errorf(path, "duplicate %s %q (%s)", what, value, v.c.firstAt(first))
		return
	}
	seen[key] = path
}

func (v *validator) terms(path string, terms []Term) {
	for i, t := range terms {
		p := fmt.Sprintf("%s[%d]", path, i)
		if strings.TrimSpace(t.Text) == "" {
			v.errorf(p, "must not be blank")
		}
		v.words(p+".with", t.With)
		v.words(p+".unless", t.Unless)
		if t.Field != "" && t.Field != "title" {
			v.errorf(p+".field", `must be "title" or empty, got %q`, t.Field)
		}
	}
}

// tags checks a source's tags, which OPML joins with commas.
func (v *validator) tags(path string, tags []string) {
	v.words(path, tags)
	for i, t := range tags {
		if strings.Contains(t, ",") {
			v.errorf(fmt.Sprintf("%s[%d]", path, i), "must not contain a comma, got %q", t)
		}
	}
}

func (v *validator) words(path string, words []string) {
	for i, w := range words {
		if strings.TrimSpace(w) == "" {
			v.errorf(fmt.Sprintf("%s[%d]", path, i), "must not be blank")
		}
	}
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}

// withTrailingSlash returns base ending with "/", so that feed URLs can be
// made by appending a relative path. Values that are empty or carry a query
// or fragment are left for Validate to report.
func withTrailingSlash(base string) string {
	if base == "" || strings.HasSuffix(base, "/") || strings.ContainsAny(base, "?#") {
		return base
	}
	return base + "/"
}

// validSlug reports whether s matches ^[a-z0-9][a-z0-9_-]*$.
func validSlug(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case (r == '-' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// validLanguage loosely checks a BCP 47 tag: subtags of ASCII letters and
// digits separated by single hyphens. Full validation would need the
// registry of subtags, and feed readers cope with unknown tags.
func validLanguage(s string) bool {
	for sub := range strings.SplitSeq(s, "-") {
		if sub == "" || len(sub) > 8 {
			return false
		}
		for _, r := range sub {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}
