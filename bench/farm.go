package bench

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FarmOptions describe a feed farm. The zero value of each field picks the
// default.
type FarmOptions struct {
	Sources int    // feeds served; default 500
	Items   int    // items per feed; default 50
	Seed    uint64 // varies the generated text; the same seed gives the same bytes
	// Copies makes one item in ten a copy of another source's item, a few
	// minutes older: the same report under another headline, its last
	// sentence cut, as news sites republish an agency's dispatch. Without
	// it every item is a story of its own.
	Copies bool
	// Now is when the farm starts: the newest items are two hours older.
	// Default time.Now().
	Now time.Time
}

// Farm serves Sources RSS feeds of Items realistic news items each, the way
// news sites do: with an ETag and a Last-Modified date, and 304 Not Modified
// to a request whose If-None-Match (or, without one, If-Modified-Since)
// matches. Change publishes new items on some feeds between passes.
//
// Feed i is served at /feeds/i.rss (see FeedURL). A Farm is an
// http.Handler, safe for concurrent use, Change included; use NewFarm to
// make one.
type Farm struct {
	opts  FarmOptions
	gens  []generator
	mu    sync.RWMutex
	feeds []farmFeed

	requests    atomic.Int64
	notModified atomic.Int64
}

// farmFeed is the current state of one feed.
type farmFeed struct {
	head     int // articles 0..head-1 are published; the feed shows the last Items
	doc      []byte
	etag     string
	modified time.Time // whole seconds, UTC
	lastMod  string    // modified as an HTTP date
}

// Farm article timing: one article every articleSpacing per source, the
// newest two hours old when the farm starts.
const (
	articleSpacing = 12 * time.Minute
	newestAge      = 2 * time.Hour
)

// NewFarm generates the feeds of a farm.
func NewFarm(opts FarmOptions) *Farm {
	if opts.Sources <= 0 {
		opts.Sources = 500
	}
	if opts.Items <= 0 {
		opts.Items = 50
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	f := &Farm{opts: opts, gens: make([]generator, opts.Sources), feeds: make([]farmFeed, opts.Sources)}
	for s := range f.gens {
		offset := time.Duration(s%60) * time.Second // sources do not publish on the same second
		f.gens[s] = generator{
			seed:    opts.Seed,
			source:  s,
			lang:    english,
			host:    fmt.Sprintf("www.source%03d.example", s),
			epoch:   opts.Now.Add(-newestAge - time.Duration(opts.Items-1)*articleSpacing - offset).UTC(),
			spacing: articleSpacing,
		}
		if s%5 < 3 {
			f.gens[s].lang = french
		}
	}
	for s := range f.feeds {
		f.feeds[s] = f.build(s, opts.Items)
	}
	return f
}

// article returns article k of source s.
func (f *Farm) article(s, k int) article {
	if f.opts.Copies {
		if from, j, ok := copied(s, k, f.opts.Sources); ok {
			return f.gens[s].article(k, f.gens[from].report(j), true)
		}
	}
	return f.gens[s].article(k, f.gens[s].report(k), false)
}

// SourceName returns the name of source i, as stored in the database.
func SourceName(i int) string {
	if i%5 < 3 {
		return fmt.Sprintf("Le Quotidien %03d", i)
	}
	return fmt.Sprintf("The Daily %03d", i)
}

// FeedURL returns the URL of source i of the farm served at base, the URL
// of an httptest.Server.
func FeedURL(base string, i int) string {
	return strings.TrimSuffix(base, "/") + "/feeds/" + strconv.Itoa(i) + ".rss"
}

// Sources returns how many feeds f serves.
func (f *Farm) Sources() int { return f.opts.Sources }

// Items returns how many items each feed holds.
func (f *Farm) Items() int { return f.opts.Items }

// build renders source s with articles up to head.
func (f *Farm) build(s, head int) farmFeed {
	g := &f.gens[s]
	newest := f.article(s, head-1)
	modified := newest.published.Truncate(time.Second)
	gmt := s%4 == 0 // a quarter of the sources write "GMT", the others "+0000"
	date := func(t time.Time) string {
		if gmt {
			return t.UTC().Format(http.TimeFormat)
		}
		return t.Format(time.RFC1123Z)
	}
	lang := "fr"
	if !g.lang.french {
		lang = "en"
	}
	var b bytes.Buffer
	b.Grow(f.opts.Items * 1500)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>%s</title>
<link>https://%s/</link>
<description>%s : toute l&#39;actualité</description>
<language>%s</language>
<lastBuildDate>%s</lastBuildDate>
<atom:link href="https://%s/rss.xml" rel="self" type="application/rss+xml"/>
`, xmlText(SourceName(s)), g.host, xmlText(SourceName(s)), lang, date(modified), g.host)
	cdata := s%2 == 1 // half the sources wrap descriptions in CDATA, half escape them
	for k := head - 1; k >= max(0, head-f.opts.Items); k-- {
		a := f.article(s, k)
		b.WriteString("<item>\n<title>" + xmlText(a.title) + "</title>\n")
		b.WriteString("<link>" + xmlText(a.link) + "</link>\n")
		fmt.Fprintf(&b, "<guid isPermaLink=\"%t\">%s</guid>\n", a.permalink, xmlText(a.guid))
		b.WriteString("<pubDate>" + date(a.published) + "</pubDate>\n")
		b.WriteString("<dc:creator>" + xmlText(a.author) + "</dc:creator>\n")
		for _, c := range a.categories {
			b.WriteString("<category>" + xmlText(c) + "</category>\n")
		}
		if cdata {
			b.WriteString("<description><![CDATA[" + a.html + "]]></description>\n</item>\n")
		} else {
			b.WriteString("<description>" + xmlText(a.html) + "</description>\n</item>\n")
		}
	}
	b.WriteString("</channel>\n</rss>\n")
	doc := b.Bytes()
	h := fnv.New64a()
	h.Write(doc)
	return farmFeed{
		head:     head,
		doc:      doc,
		etag:     fmt.Sprintf(`"%016x"`, h.Sum64()),
		modified: modified,
		lastMod:  modified.Format(http.TimeFormat),
	}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func xmlText(s string) string { return xmlEscaper.Replace(s) }

// Change publishes newItems new items at the top of a fraction of the
// feeds, spread evenly over them, and returns the indexes of the feeds
// changed. Their oldest items drop off the bottom; the other feeds are left
// byte for byte as they were, so they keep answering 304.
func (f *Farm) Change(fraction float64, newItems int) []int {
	n := min(f.opts.Sources, max(0, int(fraction*float64(f.opts.Sources)+0.5)))
	changed := make([]int, 0, n)
	for i := range n {
		changed = append(changed, i*f.opts.Sources/n)
	}
	built := make([]farmFeed, len(changed))
	f.mu.RLock()
	for i, s := range changed {
		built[i] = f.build(s, f.feeds[s].head+newItems)
	}
	f.mu.RUnlock()
	f.mu.Lock()
	for i, s := range changed {
		f.feeds[s] = built[i]
	}
	f.mu.Unlock()
	return changed
}

// Documents returns the feeds as they are served now. The caller must not
// modify them.
func (f *Farm) Documents() [][]byte {
	f.mu.RLock()
	defer f.mu.RUnlock()
	docs := make([][]byte, len(f.feeds))
	for i := range f.feeds {
		docs[i] = f.feeds[i].doc
	}
	return docs
}

// Published returns how many distinct items the farm has published since it
// started, how many of them are about AI, and how many stories those AI
// items tell: as many as AI items, but for the copies of an item published
// too. A pass that stores every item ever served ends with that many
// entries, that many selected, in that many stories.
func (f *Farm) Published() (items, ai, stories int) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for s := range f.feeds {
		items += f.feeds[s].head
		for k := range f.feeds[s].head {
			if !isAI(s, k) {
				continue
			}
			ai++
			if from, j, ok := copied(s, k, f.opts.Sources); !f.opts.Copies || !ok || j >= f.feeds[from].head {
				stories++
			}
		}
	}
	return items, ai, stories
}

// FarmStats counts the requests a farm answered.
type FarmStats struct {
	Requests, NotModified int64
}

// Stats returns the requests answered so far.
func (f *Farm) Stats() FarmStats {
	return FarmStats{Requests: f.requests.Load(), NotModified: f.notModified.Load()}
}

// ServeHTTP serves GET /feeds/{i}.rss.
func (f *Farm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	name, ok := strings.CutPrefix(r.URL.Path, "/feeds/")
	name, rss := strings.CutSuffix(name, ".rss")
	i, err := strconv.Atoi(name)
	if !ok || !rss || err != nil || i < 0 || i >= len(f.feeds) {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	f.mu.RLock()
	feed := f.feeds[i]
	f.mu.RUnlock()
	h := w.Header()
	h.Set("ETag", feed.etag)
	h.Set("Last-Modified", feed.lastMod)
	if notModified(r, feed.etag, feed.modified) {
		f.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/rss+xml; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(feed.doc)))
	if r.Method == http.MethodGet {
		// A write error means the client went away; there is no one left
		// to tell.
		_, _ = w.Write(feed.doc)
	}
}

// notModified follows RFC 9110 §13.2.2: If-None-Match when the request has
// one, else If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	t, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.After(t)
}
