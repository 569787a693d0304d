package aggregator

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestDiscover(t *testing.T) {
	cases := []struct {
		name, page string
		want       []string
	}{
		{"wordpress head, comments feed too", `<!DOCTYPE html><html><head>
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Flux" href="https://site.example/feed/" />
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Flux des commentaires" href="https://site.example/comments/feed/" />
<link rel="stylesheet" href="/style.css"></head><body></body></html>`,
			[]string{"https://site.example/feed/", "https://site.example/comments/feed/"}},
		{"relative, case and parameters", `<LINK REL="Alternate Home" TYPE="application/atom+xml; charset=utf-8" HREF="/atom.xml">`,
			[]string{"https://www.example.org/atom.xml"}},
		{"base href", `<base href="https://cdn.example/news/"><link rel=alternate type=application/feed+json href="feed.json">`,
			[]string{"https://cdn.example/news/feed.json"}},
		{"feed scheme", `<link rel="alternate" type="application/rss+xml" href="feed://www.example.org/rss">`,
			[]string{"http://www.example.org/rss"}},
		{"not feeds", `<link rel="alternate" hreflang="en" href="/en/"><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<a rel="alternate" type="application/rss+xml" href="/in-text.xml">a link in the text</a>`, nil},
		{"each once", `<link rel=alternate type=application/rss+xml href=/rss><link rel=alternate type=application/rss+xml href="/rss#top">`,
			[]string{"https://www.example.org/rss"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range Discover([]byte(c.page), "https://www.example.org/actualites/") {
				got = append(got, l.URL)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestNotFeedErrorNamesAdvertisedFeeds(t *testing.T) {
	e := &NotFeedError{HTML: true, Advertised: []Link{{URL: "https://a.example/rss.xml"}}}
	if want := "not a feed; the page advertises https://a.example/rss.xml: use it as url"; e.Error() != want {
		t.Errorf("got %q, want %q", e.Error(), want)
	}
	e.Advertised = append(e.Advertised, Link{URL: "https://a.example/b"}, Link{URL: "https://a.example/c"},
		Link{URL: "https://a.example/d"})
	if got := e.Error(); !strings.HasSuffix(got, "https://a.example/c and 1 more: use one of them as url") {
		t.Errorf("got %q", got)
	}
}

// FuzzDiscover: whatever the page, Discover returns at most maxLinks
// absolute http(s) URLs, each once, and never panics.
func FuzzDiscover(f *testing.F) {
	f.Add([]byte(`<link rel="alternate" type="application/rss+xml" href="/feed">`), "https://example.org/")
	f.Add([]byte(`<base href="//x"><link rel=alternate type=application/atom+xml href=feed:a>`), "http://h/p")
	f.Add([]byte(`<link rel="alternate" type="application/feed+json" href="`+strings.Repeat("a", 100)), "https://e/")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		links := Discover(page, pageURL)
		if len(links) > maxLinks {
			t.Fatalf("%d links", len(links))
		}
		seen := map[string]bool{}
		for _, l := range links {
			u, err := url.Parse(l.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || seen[l.URL] {
				t.Fatalf("link %q", l.URL)
			}
			seen[l.URL] = true
		}
	})
}
