package aggregator

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/summary"
)

// fpFile is what testdata/read_feedparser.py prints of one file.
type fpFile struct {
	File    string `json:"file"`
	Bozo    bool   `json:"bozo"`
	Entries []struct {
		Title, Link, Date, Summary string
		TitleType                  string `json:"title_type"`
		SummaryType                string `json:"summary_type"`
	} `json:"entries"`
}

// TestFeedparserAgreement compares what veille reads of each document of
// a folder with what Python feedparser, the reference of what reading a
// feed means, reads of the same bytes: the title, link, date and summary
// text of each entry (veille's entry of the same link, else title, else
// position), and whether the document is read at all.
// It runs on testdata/issue16, or on the folder $VEILLE_AGREEMENT_DIR:
//
//	VEILLE_AGREEMENT_DIR=/work/heldout/feeds16 go test -run FeedparserAgreement -v ./aggregator
//
// feedparser runs as testdata/read_feedparser.py says: as a reader built on
// it runs it, with chardet (its detector of undeclared encodings), the zone
// abbreviations veille documents and dateutil's ISO 8601 parser registered,
// feedburner:origLink as the link when there is one (issue 15), and
// double-encoded UTF-8 repaired (issue 16); it needs python3-feedparser,
// python3-chardet and python3-dateutil.
//
// Fields are compared after the same normalization on both sides:
// feedparser's title and summary are read as HTML (summary.Text: tags
// removed, entities decoded, whitespace squeezed) when feedparser says they
// are HTML, else only their whitespace is squeezed, links are resolved as
// veille resolves them (absolute http(s) only, tracking parameters and
// fragment removed), and dates are compared in UTC to the minute. A title
// agrees too when veille's is feedparser's without the tags that would run
// or load something (summary.PlainTitle), which issue 16 lets veille strip
// where feedparser lets them through. A
// summary agrees when veille's, without the "…" it ends a cut teaser with,
// is feedparser's or is contained in it, or is empty: veille drops "Read
// more" lines, and summaries that only repeat the title or say nothing.
//
// A document that feedparser reads with entries and veille rejects always
// fails the test; so does agreement below the floor, under 98 % on a
// folder given, and on testdata/issue16 under what veille reaches there:
// its dates agree on 84.5 %, because feedparser reads a Chinese forum's
// "2020/1/10 14:33:00" as 1 December 2020, and veille gives no date.
func TestFeedparserAgreement(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import feedparser, chardet, dateutil").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-feedparser, python3-chardet and python3-dateutil are needed under CI: %v", err)
		}
		t.Skip("python3-feedparser, python3-chardet or python3-dateutil is not installed")
	}
	dir, floor := "testdata/issue16", 0.84
	if d := os.Getenv("VEILLE_AGREEMENT_DIR"); d != "" {
		dir, floor = d, 0.98
	}
	var files []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") && !strings.HasSuffix(e.Name(), ".txt") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	out, err := exec.Command(python, append([]string{"testdata/read_feedparser.py"}, files...)...).Output()
	if err != nil {
		t.Fatalf("feedparser.py: %v", err)
	}
	var fp []fpFile
	if err := json.Unmarshal(out, &fp); err != nil {
		t.Fatal(err)
	}
	a := testAggregator()
	const feedURL = "https://feeds.example.org/feed"
	base, _ := url.Parse(feedURL)
	now := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) // no date is in the future
	fields := []string{"title", "link", "date", "summary"}
	agree, total := map[string]int{}, 0
	for _, f := range fp {
		name := filepath.Base(f.File)
		body, err := os.ReadFile(f.File)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := a.parse(body, "")
		if err != nil {
			if len(f.Entries) > 0 {
				t.Errorf("%s: feedparser reads %d entries, veille rejects it: %v", name, len(f.Entries), err)
			}
			total += len(f.Entries)
			continue
		}
		got, _ := a.normalize(doc, 1, feedURL, now)
		for i, want := range f.Entries {
			total++
			j := counterpart(got, i, absoluteLink(base, want.Link), fpText(want.Title, want.TitleType))
			if j < 0 {
				t.Logf("%s #%d: veille has no such entry", name, i)
				continue
			}
			e := got[j]
			fpTitle := fpText(want.Title, want.TitleType)
			if e.Title == summary.PlainTitle(fpTitle) {
				fpTitle = e.Title // what feedparser let through that runs or loads something, veille may strip
			}
			vals := map[string][2]string{
				"title": {e.Title, fpTitle},
				"link":  {e.Link, absoluteLink(base, want.Link)},
				"date":  {minute(e.Published, e.Updated), want.Date},
			}
			fpSummary := fpText(want.Summary, want.SummaryType)
			if s := strings.TrimSuffix(e.Summary, "…"); s == "" || strings.Contains(fpSummary, s) {
				agree["summary"]++
			} else {
				t.Logf("%s #%d summary: veille %q, feedparser %q", name, i, e.Summary, fpSummary)
			}
			for _, field := range fields[:3] {
				if v := vals[field]; v[0] == v[1] {
					agree[field]++
				} else {
					t.Logf("%s #%d %s: veille %q, feedparser %q", name, i, field, v[0], v[1])
				}
			}
		}
	}
	if total == 0 {
		t.Fatal("no entries to compare")
	}
	for _, field := range fields {
		share := float64(agree[field]) / float64(total)
		t.Logf("%s: %d of %d entries agree (%.1f %%)", field, agree[field], total, 100*share)
		if share < floor {
			t.Errorf("%s agrees on %.1f %% of entries, under %.0f %%", field, 100*share, 100*floor)
		}
	}
}

// counterpart returns the index in got of feedparser's entry number i,
// whose link and title are link and title: the entry of got with that link,
// else with that title, else at the same position; -1 when there is none.
// A document that is not well-formed may be read into more items by veille
// than by feedparser (an element left open swallows the next item in
// feedparser's reading), and the items after it are still compared.
func counterpart(got []veille.Item, i int, link, title string) int {
	for _, match := range []func(e veille.Item) bool{
		func(e veille.Item) bool { return link != "" && e.Link == link },
		func(e veille.Item) bool { return title != "" && e.Title == title },
	} {
		for j, e := range got {
			if match(e) {
				return j
			}
		}
	}
	if i < len(got) {
		return i
	}
	return -1
}

// fpText returns the text of feedparser's value s of type typ.
func fpText(s, typ string) string {
	if typ == "text/plain" {
		return summary.Squeeze(s)
	}
	return summary.Text(s)
}

// minute returns the first known of dates in UTC to the minute, or "".
func minute(dates ...time.Time) string {
	for _, d := range dates {
		if !d.IsZero() {
			return d.UTC().Format("2006-01-02T15:04")
		}
	}
	return ""
}
