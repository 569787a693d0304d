package publisher_test

import (
	"database/sql"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"

	_ "modernc.org/sqlite" // newsboat keeps what it read in SQLite: the test reads it back
)

// These tests read the published feeds with the parsers that feed readers
// use, from the real handler over loopback: Python's feedparser (Debian's
// python3-feedparser) and newsboat. Neither reads JSON Feed in the versions
// Debian ships (feedparser 6.0, newsboat 2.21), so they read RSS and Atom.
// Without the tools the tests skip, except under CI (CI set), where .ci/run
// installs them and a skip would hide a regression.

// need returns the path of a tool found by find, or skips t (fails it
// under CI) with how to install it.
func need(t *testing.T, what, install string, find func() string) string {
	t.Helper()
	if p := find(); p != "" {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing; CI must install it: %s", what, install)
	}
	t.Skipf("%s is missing; install it with: %s", what, install)
	return ""
}

// feedparserPython returns a python3 that can import feedparser. Debian's
// /usr/bin/python3 comes first: a pyenv shim earlier in PATH runs another
// Python, which lacks the Debian package.
func feedparserPython() string {
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import feedparser").Run() == nil {
			return p
		}
	}
	return ""
}

// serveRealistic serves the realistic feed with the real handler.
func serveRealistic(t *testing.T) (*httptest.Server, *publisher.Output) {
	out := renderRealistic(t)
	h := publisher.NewHandler(time.Minute)
	h.Update(nil, map[string]*publisher.Output{"ia": out})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, out
}

// credited is the name an item credits as its source and author: the
// source's name, else its feed's host in normal form (the fixtures'
// URLs use default ports only).
func credited(e veille.Item) string {
	if e.SourceName != "" {
		return e.SourceName
	}
	u, err := url.Parse(e.SourceURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// feedparserScript prints what feedparser sees in the feed at argv[1].
const feedparserScript = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": int(bool(d.bozo)),
    "error": str(d.get("bozo_exception", "")),
    "version": d.version,
    "title": d.feed.get("title", ""),
    "language": d.feed.get("language", ""),
    "entries": [{
        "id": e.get("id", ""),
        "title": e.get("title", ""),
        "link": e.get("link", ""),
        "summary": e.get("summary", ""),
        "dated": e.get("published_parsed") is not None,
        "updated": e.get("updated_parsed") is not None,
        "author": e.get("author", ""),
        "source": (e.get("source") or {}).get("title", ""),
        "source_url": (e.get("source") or {}).get("href", "") or (e.get("source") or {}).get("link", ""),
        "tags": [t.term for t in e.get("tags", [])],
    } for e in d.entries],
}))
`

func TestFeedparserReadsOutputs(t *testing.T) {
	python := need(t, "Python's feedparser", "apt-get install python3-feedparser", feedparserPython)
	srv, _ := serveRealistic(t)
	_, es := realisticFeed()
	for _, tt := range []struct{ ext, version string }{{"rss", "rss20"}, {"atom", "atom10"}} {
		t.Run(tt.ext, func(t *testing.T) {
			cmd := exec.Command(python, "-c", feedparserScript, srv.URL+"/ia."+tt.ext)
			cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
			outb, err := cmd.Output()
			if err != nil {
				t.Fatalf("feedparser: %v\n%s", err, outb)
			}
			var got struct {
				Bozo            int
				Error, Version  string
				Title, Language string
				Entries         []struct {
					ID, Title, Link, Summary string
					Dated, Updated           bool
					Author, Source           string
					SourceURL                string `json:"source_url"`
					Tags                     []string
				}
			}
			if err := json.Unmarshal(outb, &got); err != nil {
				t.Fatalf("%v\n%s", err, outb)
			}
			if got.Bozo != 0 || got.Version != tt.version || got.Title != "Veille IA" || got.Language != "fr" {
				t.Errorf("bozo %d (%s), version %q, title %q, language %q", got.Bozo, got.Error, got.Version, got.Title, got.Language)
			}
			if len(got.Entries) != len(es) {
				t.Fatalf("feedparser sees %d entries, want %d", len(got.Entries), len(es))
			}
			for i, e := range got.Entries {
				want := es[i]
				if e.ID != want.UID || e.Title == "" || e.Summary == "" || e.Source == "" || e.SourceURL == "" {
					t.Errorf("entry %d: %+v: want id, title, summary and source", i, e)
				}
				if e.Author != credited(want) {
					t.Errorf("entry %d: author %q, want the source, %q", i, e.Author, credited(want))
				}
				if want.Link != "" && !strings.HasPrefix(e.Link, "https://") {
					t.Errorf("entry %d: link %q", i, e.Link)
				}
				if !want.Published.IsZero() && !e.Dated || tt.ext == "atom" && !e.Updated {
					t.Errorf("entry %d: dated %v, updated %v", i, e.Dated, e.Updated)
				}
				if terms, _ := want.MatchFor("ia"); !slices.Equal(e.Tags, terms) {
					t.Errorf("entry %d: tags %q, want %q", i, e.Tags, terms)
				}
			}
		})
	}
}

func TestNewsboatReadsOutputs(t *testing.T) {
	newsboat := need(t, "newsboat", "apt-get install newsboat", func() string {
		p, _ := exec.LookPath("newsboat")
		return p
	})
	srv, _ := serveRealistic(t)
	_, es := realisticFeed()
	// One run per format: newsboat merges items with the same GUID across
	// feeds, and the RSS and Atom documents share their ids.
	for _, ext := range []string{"rss", "atom"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			feedURL := srv.URL + "/ia." + ext
			write := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			urls := write("urls", feedURL+"\n")
			errLog := filepath.Join(dir, "error.log")
			config := write("config", "error-log \""+errLog+"\"\nreload-threads 1\ndownload-retries 1\ndownload-timeout 20\n")
			cache := filepath.Join(dir, "cache.db")
			run := func(args ...string) string {
				cmd := exec.Command(newsboat, append([]string{"-u", urls, "-c", cache, "-C", config}, args...)...)
				cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("newsboat %s: %v\n%s", args, err, out)
				}
				return string(out)
			}
			run("-x", "reload")
			if log, _ := os.ReadFile(errLog); len(strings.TrimSpace(string(log))) > 0 {
				t.Errorf("newsboat logged errors:\n%s", log)
			}
			if got, want := strings.TrimSpace(run("-x", "print-unread")), "4 unread articles"; got != want {
				t.Errorf("print-unread = %q, want %q", got, want)
			}
			db, err := sql.Open("sqlite", cache)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rows, err := db.Query(`SELECT guid, title, url, author, length(content) FROM rss_item WHERE feedurl = ?`, feedURL)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			seen := map[string]bool{}
			for rows.Next() {
				var guid, title, link, author string
				var content int
				if err := rows.Scan(&guid, &title, &link, &author, &content); err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(es, func(e veille.Item) bool { return e.UID == guid })
				// The author is the source: RSS's dc:creator, Atom's entry author.
				if i < 0 || title == "" || content == 0 || author != credited(es[i]) || (es[i].Link != "") != (link != "") {
					t.Errorf("newsboat item %q: title %q, url %q, author %q, %d bytes of content", guid, title, link, author, content)
					continue
				}
				seen[guid] = true
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(seen) != len(es) {
				t.Errorf("newsboat stored %d of the %d items", len(seen), len(es))
			}
		})
	}
}
