package publisher

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Media types of what Handler serves.
const (
	htmlType = "text/html; charset=utf-8"
	rssType  = "application/rss+xml; charset=utf-8"
	atomType = "application/atom+xml; charset=utf-8"
	jsonType = "application/feed+json; charset=utf-8"
)

// indexPolicy lets the index page use its inline style and nothing else: no
// scripts, no frames, no forms, no other origin. The page shows titles and
// summaries written by others; if escaping ever failed, the browser would
// still run nothing.
const indexPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// pagePolicy is indexPolicy for the feeds' pages, which may take a site's
// own layout: its style sheets, images and fonts from the same origin too.
const pagePolicy = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Header values shared by every response. ServeHTTP assigns these slices to
// the header map instead of calling Header.Set, which would allocate a new
// slice per header per request. They are never modified, and have no spare
// capacity, so a later Header.Add copies them instead of writing into them.
var (
	allowHeader   = []string{"GET, HEAD"}
	varyHeader    = []string{"Accept-Encoding"}
	nosniffHeader = []string{"nosniff"}
	gzipHeader    = []string{"gzip"}
	policyHeader  = []string{indexPolicy}
	pageHeader    = []string{pagePolicy}
)

// Handler serves the published feeds and the index page from memory:
//
//	/ and /index.html  the index page
//	/{slug}.rss        RSS 2.0
//	/{slug}.atom       Atom 1.0
//	/{slug}.json       JSON Feed 1.1
//	/{slug}/{page}     the feed's pages (see Pages), given to UpdateSite;
//	                   /{slug}/ serves /{slug}/index.html
//
// Any other path is 404, and a method other than GET or HEAD on a served
// path is 405. Before the first Update the feeds are 404 and the index page
// is 503, so that a monitor sees the server up but not ready yet; after an
// Update without an index page, the index paths are 404. Paths are matched
// against r.URL.Path as it is, without cleaning; to serve under a prefix,
// wrap the handler in http.StripPrefix("/prefix", h), which keeps the
// leading slash.
//
// Responses carry a strong ETag derived from the bytes served, Last-Modified
// from the feeds' update time, Cache-Control and Vary, and answer
// If-None-Match and If-Modified-Since with 304. A gzip copy is served to
// clients that accept it, under its own ETag. Byte ranges are not
// supported: feeds are small and readers fetch them whole.
//
// Handler is safe for concurrent use. Update swaps the whole content at once,
// so a request sees either the old or the new version of everything, never
// a mix or a partial feed. Use NewHandler to make one.
type Handler struct {
	cacheControl atomic.Pointer[[]string] // the header value
	site         atomic.Pointer[site]     // nil until the first Update
}

// NewHandler returns a Handler that publishes nothing yet and lets clients
// and proxies cache its responses for maxAge; a negative maxAge counts as
// zero.
func NewHandler(maxAge time.Duration) *Handler {
	h := &Handler{}
	h.SetMaxAge(maxAge)
	return h
}

// SetMaxAge makes the responses from now on let clients and proxies cache
// them for maxAge (a negative one counts as zero): the schedule changed.
func (h *Handler) SetMaxAge(maxAge time.Duration) {
	secs := int64(max(maxAge, 0) / time.Second)
	h.cacheControl.Store(&[]string{"public, max-age=" + strconv.FormatInt(secs, 10)})
}

// site is one published version of everything Handler serves. It is never
// modified once stored.
type site struct {
	index *resource            // nil when Update had no index page
	feeds map[string]*resource // by request path, e.g. "/ia.rss", "/ia/index.html"
}

// resource is what one path serves, with every header value precomputed so
// that ServeHTTP does no hashing, compression or formatting.
type resource struct {
	contentType  []string
	lastModified time.Time // UTC whole seconds; zero when unknown
	modifiedHdr  []string  // nil when lastModified is zero
	policy       []string  // Content-Security-Policy, nil for feeds
	links        []string  // Link: WebSub discovery, nil without hubs
	plain        variant
	gzip         *variant // nil when gzip does not make the body smaller
}

// variant is one encoding of a resource's body.
type variant struct {
	body     []byte
	etag     string   // quoted, as it appears in headers
	etagHdr  []string // etag as a header value
	length   []string // Content-Length
	encoding []string // Content-Encoding, nil for identity
}

// Update replaces everything h serves by the index page and feeds, a map
// from slug to rendered outputs; a nil index leaves the index paths 404.
// It copies the bytes it keeps, so the caller may reuse them, and does
// there, once per version, the hashing and compression that requests then
// only read. Concurrent Updates are safe: one of them wins wholly.
func (h *Handler) Update(index []byte, feeds map[string]*Output) {
	h.UpdateSite(index, feeds, nil)
}

// UpdateSite is Update with the feeds' pages, a map from slug to the
// feed's Pages, served at /{slug}/{name} with the same caching rules as the
// index page, and the update time of their feed.
func (h *Handler) UpdateSite(index []byte, feeds map[string]*Output, pages map[string]Pages) {
	s := &site{feeds: make(map[string]*resource, 3*len(feeds))}
	z := newCompressor()
	var newest time.Time
	for slug, o := range feeds {
		if o == nil {
			continue
		}
		for _, f := range []struct {
			ext, contentType string
			body             []byte
		}{{"rss", rssType, o.RSS}, {"atom", atomType, o.Atom}, {"json", jsonType, o.JSON}} {
			r := newResource(z, f.body, f.contentType, o.Updated)
			r.links = discoveryLinks(o, f.ext)
			s.feeds["/"+slug+"."+f.ext] = r
		}
		if o.Updated.After(newest) {
			newest = o.Updated
		}
	}
	for slug, ps := range pages {
		var updated time.Time
		if o := feeds[slug]; o != nil {
			updated = o.Updated
		}
		for name, body := range ps {
			r := newResource(z, body, htmlType, updated)
			r.policy = pageHeader
			s.feeds["/"+slug+"/"+name] = r
			if name == "index.html" {
				s.feeds["/"+slug+"/"] = r
			}
		}
	}
	// The index page changes when any feed does, so it is as recent as the
	// most recent of them.
	if index != nil {
		s.index = newResource(z, index, htmlType, newest)
		s.index.policy = policyHeader
	}
	h.site.Store(s)
}

// discoveryLinks returns the Link header values that let a WebSub
// subscriber find the hubs and the topic URL of the document ext of o
// without parsing it (WebSub §4), or nil when o names no hub.
func discoveryLinks(o *Output, ext string) []string {
	if len(o.hubs) == 0 || o.URL(ext) == "" {
		return nil
	}
	links := make([]string, 0, 1+len(o.hubs))
	for _, h := range o.hubs {
		links = append(links, "<"+h+`>; rel="hub"`)
	}
	return append(links, "<"+o.URL(ext)+`>; rel="self"`)
}

// newResource prepares a copy of body for serving, compressed with z.
func newResource(z *compressor, body []byte, contentType string, modified time.Time) *resource {
	body = bytes.Clone(body)
	sum := sha256.Sum256(body)
	// Half a SHA-256 keeps collisions negligible in half the header. The
	// tag depends on the bytes alone, so a feed that did not change keeps
	// its tag across Updates and restarts, and clients keep getting 304.
	tag := hex.EncodeToString(sum[:16])
	r := &resource{
		contentType: []string{contentType},
		plain:       newVariant(body, `"`+tag+`"`, nil),
	}
	if !modified.IsZero() {
		r.lastModified = modified.UTC().Truncate(time.Second)
		r.modifiedHdr = []string{r.lastModified.Format(http.TimeFormat)}
	}
	// The gzip copy has its own tag: a cache that stored one encoding must
	// not answer a conditional request for the other with it.
	if gz := z.compress(body); gz != nil && len(gz) < len(body) {
		v := newVariant(gz, `"`+tag+`-gz"`, gzipHeader)
		r.gzip = &v
	}
	return r
}

func newVariant(body []byte, etag string, encoding []string) variant {
	return variant{
		body:     body,
		etag:     etag,
		etagHdr:  []string{etag},
		length:   []string{strconv.Itoa(len(body))},
		encoding: encoding,
	}
}

// compressor gzips the bodies of one Update. It reuses one gzip.Writer,
// whose state weighs hundreds of kilobytes: making one per body made
// Update several times slower for feeds of a few kilobytes.
type compressor struct {
	zw *gzip.Writer
}

func newCompressor() *compressor {
	// NewWriterLevel fails only on an invalid level, and this one is valid.
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestCompression)
	return &compressor{zw: zw}
}

// compress returns body gzipped at the best compression, which costs once
// per Update and saves on every request, or nil if gzip fails. It cannot
// fail when writing to memory, and if it did the identity body would still
// be served, so there is no error worth returning.
func (z *compressor) compress(body []byte) []byte {
	var b bytes.Buffer
	z.zw.Reset(&b)
	if _, err := z.zw.Write(body); err != nil {
		return nil
	}
	if err := z.zw.Close(); err != nil {
		return nil
	}
	return b.Bytes()
}

// ServeHTTP serves the index page or a feed, as described on Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res, known := h.site.Load().lookup(r.URL.Path)
	switch {
	case !known:
		http.NotFound(w, r)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header()["Allow"] = allowHeader
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
	case res == nil:
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "503 not published yet", http.StatusServiceUnavailable)
	default:
		h.serve(w, r, res)
	}
}

// lookup returns the resource at path and whether path is one Handler
// serves. The index paths are known before the first Update, with a nil
// resource; s may be nil.
func (s *site) lookup(path string) (*resource, bool) {
	if path == "/" || path == "/index.html" {
		if s == nil {
			return nil, true
		}
		return s.index, s.index != nil
	}
	if s == nil {
		return nil, false
	}
	res, ok := s.feeds[path]
	return res, ok
}

// serve answers a GET or HEAD request for res.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, res *resource) {
	v := &res.plain
	if res.gzip != nil && acceptsGzip(r.Header["Accept-Encoding"]) {
		v = res.gzip
	}
	hdr := w.Header()
	hdr["Etag"] = v.etagHdr
	hdr["Cache-Control"] = *h.cacheControl.Load()
	hdr["Vary"] = varyHeader
	hdr["X-Content-Type-Options"] = nosniffHeader
	// RFC 9110 §15.4.5: a 304 repeats the validators and caching headers,
	// and leaves out the representation's metadata.
	if notModified(r.Header, v.etag, res.lastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr["Content-Type"] = res.contentType
	hdr["Content-Length"] = v.length
	if res.modifiedHdr != nil {
		hdr["Last-Modified"] = res.modifiedHdr
	}
	if res.policy != nil {
		hdr["Content-Security-Policy"] = res.policy
	}
	if res.links != nil {
		hdr["Link"] = res.links
	}
	if v.encoding != nil {
		hdr["Content-Encoding"] = v.encoding
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		// A write error means the client went away; there is no one left
		// to tell.
		_, _ = w.Write(v.body)
	}
}

// notModified reports whether the request's validators match, following
// RFC 9110 §13.2.2: If-None-Match when present, else If-Modified-Since.
// The handler only serves GET and HEAD, for which a match means 304.
func notModified(h http.Header, etag string, modified time.Time) bool {
	if inm := h["If-None-Match"]; len(inm) > 0 {
		return etagMatch(inm, etag)
	}
	// §13.1.3: ignore an If-Modified-Since that is not exactly one valid date.
	ims := h["If-Modified-Since"]
	if len(ims) != 1 || modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims[0])
	return err == nil && !modified.After(t)
}

// etagMatch reports whether the If-None-Match values match etag, a quoted
// strong tag. It uses the weak comparison of RFC 9110 §8.8.3.2, as
// If-None-Match requires: "W/" prefixes are ignored. "*" matches any tag.
// A malformed value stops the parsing of that value, matching nothing more.
func etagMatch(values []string, etag string) bool {
	for _, s := range values {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			if s[:end+2] == etag {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}

// acceptsGzip reports whether the Accept-Encoding values accept gzip, per
// RFC 9110 §12.5.3: a gzip or x-gzip coding with a q above zero, else a "*"
// with a q above zero. A named coding overrides the wildcard, so
// "gzip;q=0, *" refuses gzip.
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for v != "" {
			var member string
			member, v, _ = strings.Cut(v, ",")
			coding, params, _ := strings.Cut(member, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip") || strings.EqualFold(coding, "x-gzip"):
				return positiveWeight(params)
			case coding == "*":
				star = positiveWeight(params)
			}
		}
	}
	return star
}

// positiveWeight reports whether the parameters of an Accept-Encoding
// member give it a weight above zero; without a q parameter the weight is 1.
func positiveWeight(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			return positiveQ(strings.TrimSpace(value))
		}
	}
	return true
}

// positiveQ reports whether q is a valid qvalue above zero:
// "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"]. An invalid weight counts as zero,
// since identity is always safe to send while a coding the client may not
// want is not.
func positiveQ(q string) bool {
	if q == "" || len(q) > 5 || (q[0] != '0' && q[0] != '1') {
		return false
	}
	if len(q) > 1 && q[1] != '.' {
		return false
	}
	positive := q[0] == '1'
	for i := 2; i < len(q); i++ {
		switch c := q[i]; {
		case c < '0' || c > '9':
			return false
		case c != '0' && q[0] == '1':
			return false
		case c != '0':
			positive = true
		}
	}
	return positive
}
