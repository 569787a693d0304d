package aggregator

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

func TestNotFuture(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"unknown stays unknown", time.Time{}, time.Time{}},
		{"past", now.Add(-time.Hour), now.Add(-time.Hour)},
		{"a fast clock within the skew", now.Add(maxClockSkew), now.Add(maxClockSkew)},
		{"beyond the skew", now.Add(maxClockSkew + time.Second), now},
		{"2099", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), now},
	}
	for _, c := range cases {
		if got := notFuture(c.t, now); !got.Equal(c.want) {
			t.Errorf("%s: notFuture(%v) = %v, want %v", c.name, c.t, got, c.want)
		}
	}
}

// TestFutureDatesClamped stores items dated ahead of the fetch: beyond the
// allowed skew, their dates become the time they were first seen, and a
// later pass, once the date has passed, does not move them.
func TestFutureDatesClamped(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	rss := func(d time.Time) string { return d.Format(time.RFC1123Z) }
	feed := fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
<item><title>Futur</title><link>https://example.org/2099</link><pubDate>%s</pubDate><atom:updated>2099-06-01T00:00:00Z</atom:updated></item>
<item><title>Horloge rapide</title><link>https://example.org/fast</link><pubDate>%s</pubDate></item>
<item><title>Hier</title><link>https://example.org/past</link><pubDate>%s</pubDate></item>
</channel></rss>`, rss(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)), rss(now.Add(5*time.Minute)), rss(now.Add(-24*time.Hour)))
	store := openStore(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feed) })
	clock := now
	opts := Options{Now: func() time.Time { return clock }}
	if res := runOnce(t, store, h, opts); res.New != 3 {
		t.Fatalf("first pass: %+v, want 3 new entries", res)
	}
	clock = now.Add(time.Hour) // the next pass sees the same items again
	runOnce(t, store, h, opts)

	entries, err := store.Entries(t.Context(), storage.Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"Futur": now, "Horloge rapide": now.Add(5 * time.Minute), "Hier": now.Add(-24 * time.Hour)}
	for _, e := range entries {
		if !e.Published.Equal(want[e.Title]) {
			t.Errorf("%s: published %v, want %v", e.Title, e.Published, want[e.Title])
		}
		if e.Title == "Futur" && !e.Updated.Equal(now) {
			t.Errorf("%s: updated %v, want %v", e.Title, e.Updated, now)
		}
	}
}

// TestRotatingGUIDsCapped serves a feed whose items get new GUIDs and links
// on every request: each pass stores at most the cap, the newest items, and
// warns about the others.
func TestRotatingGUIDsCapped(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pass := requests.Add(1)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
		// Oldest first, so keeping the newest is not keeping the first.
		for i := 19; i >= 0; i-- {
			fmt.Fprintf(&b, `<item><title>Item %d</title><guid isPermaLink="false">%d-%d</guid>
<link>https://example.org/%d/%d</link><pubDate>%s</pubDate></item>`,
				i, pass, i, pass, i, now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		fmt.Fprint(w, b.String())
	}))
	defer srv.Close()
	store := openStore(t)
	src, err := store.EnsureSource(t.Context(), "rotor", srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	a := New(store, slog.New(slog.NewTextHandler(&logs, nil)), Options{
		MaxNewPerSource: 5,
		Now:             func() time.Time { return now },
	})
	for pass := 1; pass <= 2; pass++ {
		report, err := a.Run(t.Context(), []storage.Source{src})
		if err != nil {
			t.Fatal(err)
		}
		if res := report.Results[0]; res.New != 5 || res.Dropped != 15 {
			t.Errorf("pass %d: %d new, %d dropped; want 5 and 15", pass, res.New, res.Dropped)
		}
	}
	if n, err := store.EntryCount(t.Context()); err != nil || n != 10 {
		t.Errorf("%d entries stored after two passes (%v), want 10", n, err)
	}
	entries, err := store.Entries(t.Context(), storage.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		var i int
		if _, err := fmt.Sscanf(e.Title, "Item %d", &i); err != nil || i >= 5 {
			t.Errorf("stored %q, not one of the 5 newest", e.Title)
		}
	}
	for _, want := range []string{"level=WARN", "source=rotor", "dropped=15", "new_entries=5"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// TestCapCountsOnlyNewEntries serves a steady feed larger than the cap: the
// entries already stored count neither as new nor as dropped, so each pass
// stores the next newest until the feed is stored whole, and then no pass
// warns any more.
func TestCapCountsOnlyNewEntries(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
	for i := range 12 {
		fmt.Fprintf(&b, `<item><title>Item %d</title><guid>g%d</guid><pubDate>%s</pubDate></item>`,
			i, i, now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, b.String()) })
	store := openStore(t)
	opts := Options{MaxNewPerSource: 5, Now: func() time.Time { return now }}
	for _, want := range []struct{ added, dropped int }{{5, 7}, {5, 2}, {2, 0}, {0, 0}} {
		if res := runOnce(t, store, h, opts); res.New != want.added || res.Dropped != want.dropped {
			t.Errorf("%d new, %d dropped; want %d and %d", res.New, res.Dropped, want.added, want.dropped)
		}
	}
}
