package aggregator

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is a feed an HTML page advertises with
// <link rel="alternate" type="application/rss+xml" href="…">.
type Link struct {
	URL   string // absolute http(s) URL
	Type  string // the media type the page gives, e.g. "application/rss+xml"
	Title string // the link's title attribute, often "Comments Feed" or a section's name
}

// feedTypes are the media types of the alternate links that are feeds.
// RDF is RSS 1.0, which gofeed reads.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
}

// maxLinks bounds the links Discover returns: a hostile page could list
// thousands, and each would be fetched to be shown.
const maxLinks = 20

// Discover returns the feeds an HTML page advertises, in the page's order,
// each once, resolved against pageURL (or the page's <base href>). Only
// <link> elements count: an <a rel="alternate"> in the text is a link for
// readers, not an advertisement for feed readers. feed:// URLs, which some
// sites still write, are read as http(s).
func Discover(page []byte, pageURL string) []Link {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var links []Link
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for len(links) < maxLinks {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch atom.Lookup(name) {
		case atom.Base:
			if href := attrs(z)["href"]; href != "" {
				if u, err := base.Parse(strings.TrimSpace(href)); err == nil {
					base = u
				}
			}
		case atom.Link:
			a := attrs(z)
			if !hasToken(a["rel"], "alternate") {
				continue
			}
			typ, _, _ := mime.ParseMediaType(a["type"])
			if !feedTypes[typ] {
				continue
			}
			u := feedURL(base, a["href"])
			if u == "" || seen[u] {
				continue
			}
			seen[u] = true
			links = append(links, Link{URL: u, Type: typ, Title: strings.Join(strings.Fields(a["title"]), " ")})
		}
	}
	return links
}

// attrs returns the attributes of the tokenizer's current tag, names
// lower-cased, the first of each name kept (as browsers do).
func attrs(z *html.Tokenizer) map[string]string {
	out := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		key := strings.ToLower(string(k))
		if _, dup := out[key]; !dup {
			out[key] = string(v)
		}
		if !more {
			return out
		}
	}
}

// hasToken reports whether the space-separated list s holds token,
// ignoring case, as rel values are compared.
func hasToken(s, token string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

// feedURL resolves href against base as an absolute http(s) URL, reading
// feed:// and feed:https:// as the URLs they stand for; "" when it is none.
func feedURL(base *url.URL, href string) string {
	href = FeedScheme(strings.TrimSpace(href))
	if href == "" {
		return ""
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// FeedScheme rewrites the feed: pseudo-scheme, which some pages and
// subscription lists use to hand a feed to a reader, as the http(s) URL it
// stands for: feed://example.org/rss to http://example.org/rss,
// feed:https://example.org/rss to https://example.org/rss. Other URLs are
// returned as they are.
func FeedScheme(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, ":")
	if !ok || !strings.EqualFold(scheme, "feed") {
		return rawURL
	}
	if strings.HasPrefix(rest, "//") {
		return "http:" + rest
	}
	return rest // feed:https://…
}
