package publisher_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/publisher"
)

const maxAge = 5 * time.Minute

// testSite returns the index page and outputs the handler tests serve: the
// rendered fixtures as "ia", and a small "tech" feed updated earlier.
func testSite(t testing.TB) ([]byte, map[string]*publisher.Output) {
	t.Helper()
	ia := render(t, testFeed(), entriesOf(fixtures()))
	tech := output("tech")
	tech.Updated = ia.Updated.Add(-time.Hour)
	return []byte("<!doctype html><title>index</title>" + strings.Repeat(" padding", 100)),
		map[string]*publisher.Output{"ia": ia, "tech": tech}
}

func newTestHandler(t testing.TB) *publisher.Handler {
	t.Helper()
	h := publisher.NewHandler(maxAge)
	h.Update(testSite(t))
	return h
}

// serve runs one request through h; headers alternate names and values.
func serve(h http.Handler, method, path string, headers ...string) *http.Response {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHandlerContentTypes(t *testing.T) {
	index, feeds := testSite(t)
	h := newTestHandler(t)
	tests := []struct {
		path, contentType string
		want              []byte
	}{
		{"/", "text/html; charset=utf-8", index},
		{"/index.html", "text/html; charset=utf-8", index},
		{"/ia.rss", "application/rss+xml; charset=utf-8", feeds["ia"].RSS},
		{"/ia.atom", "application/atom+xml; charset=utf-8", feeds["ia"].Atom},
		{"/ia.json", "application/feed+json; charset=utf-8", feeds["ia"].JSON},
		{"/tech.json", "application/feed+json; charset=utf-8", feeds["tech"].JSON},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := serve(h, "GET", tt.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if got := body(t, resp); !bytes.Equal(got, tt.want) {
				t.Errorf("body = %.60q..., want %.60q...", got, tt.want)
			}
			if got, want := resp.Header.Get("Content-Length"), fmt.Sprint(len(tt.want)); got != want {
				t.Errorf("Content-Length = %s, want %s", got, want)
			}
		})
	}
}

func TestHandlerNotFound(t *testing.T) {
	h := newTestHandler(t)
	for _, path := range []string{
		"/ia", "/ia.xml", "/../etc/passwd", "/ia.rss/x", "/public/ia.rss", "/unknown.rss",
		"//ia.rss", "/ia.rss.gz", "/.rss", "/index.htm", "/favicon.ico",
	} {
		resp := serve(h, "GET", path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status = %d, want 404", path, resp.StatusCode)
		}
		if b := body(t, resp); len(b) == 0 || len(b) > 100 {
			t.Errorf("GET %s: body %q, want a short text", path, b)
		}
	}
	if resp := serve(h, "POST", "/unknown.rss"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST to an unknown path: status = %d, want 404", resp.StatusCode)
	}
}

func TestHandlerBeforeUpdate(t *testing.T) {
	h := publisher.NewHandler(maxAge)
	for path, want := range map[string]int{
		"/": http.StatusServiceUnavailable, "/index.html": http.StatusServiceUnavailable,
		"/ia.rss": http.StatusNotFound,
	} {
		resp := serve(h, "GET", path)
		if resp.StatusCode != want {
			t.Errorf("GET %s before Update: status = %d, want %d", path, resp.StatusCode, want)
		}
		if resp.Header.Get("Cache-Control") == "public, max-age=300" {
			t.Errorf("GET %s before Update: cacheable", path)
		}
	}
	_, feeds := testSite(t)
	h.Update(nil, feeds)
	if resp := serve(h, "GET", "/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET / after an Update without index: status = %d, want 404", resp.StatusCode)
	}
	if resp := serve(h, "GET", "/ia.rss"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /ia.rss after Update: status = %d, want 200", resp.StatusCode)
	}
}

func TestHandlerMethods(t *testing.T) {
	h := newTestHandler(t)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		for _, path := range []string{"/", "/ia.rss", "/tech.atom"} {
			resp := serve(h, method, path)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status = %d, want 405", method, path, resp.StatusCode)
			}
			if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", method, path, got)
			}
		}
	}
}

func TestHandlerHead(t *testing.T) {
	h := newTestHandler(t)
	for _, path := range []string{"/", "/ia.rss"} {
		for _, ae := range []string{"", "gzip"} {
			get := serve(h, "GET", path, "Accept-Encoding", ae)
			head := serve(h, "HEAD", path, "Accept-Encoding", ae)
			if head.StatusCode != http.StatusOK {
				t.Fatalf("HEAD %s: status = %d", path, head.StatusCode)
			}
			if b := body(t, head); len(b) != 0 {
				t.Errorf("HEAD %s: body of %d bytes", path, len(b))
			}
			for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Etag", "Last-Modified", "Cache-Control"} {
				if g, hd := get.Header.Get(k), head.Header.Get(k); g != hd {
					t.Errorf("%s %s (%q): GET has %s %q, HEAD %q", path, k, ae, k, g, hd)
				}
			}
		}
	}
}

func TestHandlerHeaders(t *testing.T) {
	_, feeds := testSite(t)
	h := newTestHandler(t)
	lastModified := feeds["ia"].Updated.Format(http.TimeFormat)
	for _, path := range []string{"/", "/ia.rss", "/ia.atom", "/ia.json"} {
		resp := serve(h, "GET", path)
		want := map[string]string{
			"Cache-Control":          "public, max-age=300",
			"Vary":                   "Accept-Encoding",
			"X-Content-Type-Options": "nosniff",
			"Last-Modified":          lastModified, // for the index, the newest feed's
			"Accept-Ranges":          "",
			"Content-Encoding":       "",
		}
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
		if etag := resp.Header.Get("ETag"); len(etag) < 18 || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
			t.Errorf("%s: ETag = %s, want a strong tag", path, etag)
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if path == "/" != (csp != "") {
			t.Errorf("%s: Content-Security-Policy = %q, want one on the index page only", path, csp)
		}
		if path == "/" && (!strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script")) {
			t.Errorf("Content-Security-Policy = %q, want default-src 'none' and no scripts", csp)
		}
	}
	if got := serve(h, "GET", "/tech.rss").Header.Get("Last-Modified"); got != feeds["tech"].Updated.Format(http.TimeFormat) {
		t.Errorf("tech: Last-Modified = %q, want its own update time", got)
	}
}

// TestHandlerSetMaxAge checks that a new max-age (the schedule changed)
// applies from the next response, 304s included, and that a negative one
// counts as zero.
func TestHandlerSetMaxAge(t *testing.T) {
	h := newTestHandler(t)
	etag := serve(h, "GET", "/ia.rss").Header.Get("ETag")
	for _, c := range []struct {
		maxAge time.Duration
		want   string
	}{{30 * time.Minute, "public, max-age=1800"}, {-time.Second, "public, max-age=0"}} {
		h.SetMaxAge(c.maxAge)
		for _, resp := range []*http.Response{serve(h, "GET", "/ia.rss"), serve(h, "GET", "/ia.rss", "If-None-Match", etag)} {
			if got := resp.Header.Get("Cache-Control"); got != c.want {
				t.Errorf("after SetMaxAge(%v), status %d: Cache-Control = %q, want %q", c.maxAge, resp.StatusCode, got, c.want)
			}
		}
	}
}

func TestHandlerHeadersEdgeCases(t *testing.T) {
	h := publisher.NewHandler(-time.Second)
	h.Update([]byte("index"), map[string]*publisher.Output{"ia": output("v1"), "nil": nil})
	resp := serve(h, "GET", "/ia.rss")
	if got := resp.Header.Get("Cache-Control"); got != "public, max-age=0" {
		t.Errorf("Cache-Control = %q, want max-age=0 for a negative max age", got)
	}
	if got := resp.Header.Get("Last-Modified"); got != "" {
		t.Errorf("Last-Modified = %q for an unknown update time", got)
	}
	if got := serve(h, "GET", "/").Header.Get("Last-Modified"); got != "" {
		t.Errorf("index Last-Modified = %q without any feed update time", got)
	}
	if resp := serve(h, "GET", "/nil.rss"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("nil output: status = %d, want 404", resp.StatusCode)
	}
}

func TestHandlerETag(t *testing.T) {
	h := publisher.NewHandler(maxAge)
	etag := func(path string) string { return serve(h, "GET", path).Header.Get("ETag") }
	v1 := output("v1")
	h.Update([]byte("index"), map[string]*publisher.Output{"ia": v1})
	rss, atom := etag("/ia.rss"), etag("/ia.atom")
	if rss == atom {
		t.Errorf("different bodies share the ETag %s", rss)
	}
	// Equal bytes in new slices, and a changed index: the feed's tag stays.
	h.Update([]byte("index 2"), map[string]*publisher.Output{"ia": output("v1")})
	if got := etag("/ia.rss"); got != rss {
		t.Errorf("ETag changed from %s to %s for the same bytes", rss, got)
	}
	h.Update([]byte("index 2"), map[string]*publisher.Output{"ia": output("v2")})
	if got := etag("/ia.rss"); got == rss {
		t.Errorf("ETag %s kept for new bytes", got)
	}
	// Update copies: changing the caller's slice afterwards changes nothing.
	h.Update([]byte("index"), map[string]*publisher.Output{"ia": v1})
	v1.RSS[0] = 'X'
	if got := body(t, serve(h, "GET", "/ia.rss")); string(got) != "rss v1" {
		t.Errorf("body = %q after the caller modified its slice, want %q", got, "rss v1")
	}
}

func TestHandlerIfNoneMatch(t *testing.T) {
	h := newTestHandler(t)
	first := serve(h, "GET", "/ia.rss")
	etag := first.Header.Get("ETag")
	lastModified := first.Header.Get("Last-Modified")
	tests := []struct {
		name, inm string
		want      int
	}{
		{"exact", etag, http.StatusNotModified},
		{"list", `"other", ` + etag + `, "more"`, http.StatusNotModified},
		{"list without spaces", `"other",` + etag, http.StatusNotModified},
		{"weak", "W/" + etag, http.StatusNotModified},
		{"star", "*", http.StatusNotModified},
		{"other", `"other"`, http.StatusOK},
		{"unquoted", strings.Trim(etag, `"`), http.StatusOK},
		{"prefix", etag[:len(etag)-3] + `"`, http.StatusOK},
		{"gzip tag for identity", strings.TrimSuffix(etag, `"`) + `-gz"`, http.StatusOK},
		{"empty", "", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// If-Modified-Since would match: If-None-Match takes precedence.
			resp := serve(h, "GET", "/ia.rss", "If-None-Match", tt.inm, "If-Modified-Since", lastModified)
			if resp.StatusCode != tt.want {
				t.Fatalf("If-None-Match %s: status = %d, want %d", tt.inm, resp.StatusCode, tt.want)
			}
			if tt.want == http.StatusNotModified {
				checkNotModified(t, resp, etag)
			}
		})
	}
}

// checkNotModified checks that resp is a 304 with the headers RFC 9110
// asks for and no body.
func checkNotModified(t *testing.T, resp *http.Response, etag string) {
	t.Helper()
	if got := resp.Header.Get("ETag"); got != etag {
		t.Errorf("304 ETag = %q, want %q", got, etag)
	}
	if resp.Header.Get("Cache-Control") == "" || resp.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("304 without Cache-Control or Vary: %v", resp.Header)
	}
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
		if v := resp.Header.Get(k); v != "" {
			t.Errorf("304 has %s: %q", k, v)
		}
	}
	if b := body(t, resp); len(b) != 0 {
		t.Errorf("304 has a body of %d bytes", len(b))
	}
}

func TestHandlerIfModifiedSince(t *testing.T) {
	_, feeds := testSite(t)
	h := newTestHandler(t)
	updated := feeds["ia"].Updated
	tests := []struct {
		name, ims string
		want      int
	}{
		{"same", updated.Format(http.TimeFormat), http.StatusNotModified},
		{"later", updated.Add(time.Hour).Format(http.TimeFormat), http.StatusNotModified},
		{"earlier", updated.Add(-time.Second).Format(http.TimeFormat), http.StatusOK},
		{"rfc 850", updated.Format(time.RFC850), http.StatusNotModified},
		{"invalid", "yesterday", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(h, "GET", "/ia.atom", "If-Modified-Since", tt.ims)
			if resp.StatusCode != tt.want {
				t.Errorf("If-Modified-Since %s: status = %d, want %d", tt.ims, resp.StatusCode, tt.want)
			}
		})
	}
	// The index page is as recent as its newest feed.
	if resp := serve(h, "GET", "/", "If-Modified-Since", updated.Format(http.TimeFormat)); resp.StatusCode != http.StatusNotModified {
		t.Errorf("index: status = %d, want 304", resp.StatusCode)
	}
	if resp := serve(h, "HEAD", "/ia.rss", "If-Modified-Since", updated.Format(http.TimeFormat)); resp.StatusCode != http.StatusNotModified {
		t.Errorf("HEAD: status = %d, want 304", resp.StatusCode)
	}
}

// rawClient does not ask for gzip nor decode it, so tests see the bytes
// the server sent.
func rawClient(t *testing.T) *http.Client {
	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func fetch(t *testing.T, c *http.Client, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp, body(t, resp)
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestHandlerGzip(t *testing.T) {
	_, feeds := testSite(t)
	srv := httptest.NewServer(newTestHandler(t))
	t.Cleanup(srv.Close)
	c := rawClient(t)
	plain, _ := fetch(t, c, srv.URL+"/ia.rss")
	tests := []struct {
		acceptEncoding string
		gzip           bool
	}{
		{"gzip", true},
		{"deflate, gzip;q=0.5, br", true},
		{"GZIP ; Q=1.000", true},
		{"x-gzip", true},
		{"*", true},
		{"gzip;q=0", false},
		{"gzip;q=0.000", false},
		{"gzip;q=0, *", false},
		{"*;q=0", false},
		{"identity", false},
		{"deflate, br", false},
		{"gzip;q=2", false},
		{"gzip;q=abc", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.acceptEncoding, func(t *testing.T) {
			resp, b := fetch(t, c, srv.URL+"/ia.rss", "Accept-Encoding", tt.acceptEncoding)
			if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(b)) {
				t.Errorf("Content-Length = %s for %d bytes", got, len(b))
			}
			if !tt.gzip {
				if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(b, feeds["ia"].RSS) {
					t.Errorf("want the identity body, got Content-Encoding %q", resp.Header.Get("Content-Encoding"))
				}
				return
			}
			if resp.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", resp.Header.Get("Content-Encoding"))
			}
			if len(b) >= len(feeds["ia"].RSS) || !bytes.Equal(gunzip(t, b), feeds["ia"].RSS) {
				t.Error("body is not the gzipped feed, or not smaller")
			}
			if resp.Header.Get("ETag") == plain.Header.Get("ETag") {
				t.Error("gzip and identity bodies share an ETag")
			}
		})
	}
}

func TestHandlerGzipConditional(t *testing.T) {
	h := newTestHandler(t)
	gz := serve(h, "GET", "/ia.rss", "Accept-Encoding", "gzip")
	etag := gz.Header.Get("ETag")
	resp := serve(h, "GET", "/ia.rss", "Accept-Encoding", "gzip", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("status = %d, want 304", resp.StatusCode)
	}
	checkNotModified(t, resp, etag)
	// A client that no longer accepts gzip must not reuse the gzip body.
	if resp := serve(h, "GET", "/ia.rss", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("gzip tag without gzip: status = %d, want 200", resp.StatusCode)
	}
}

func TestHandlerGzipOnlyWhenSmaller(t *testing.T) {
	h := publisher.NewHandler(maxAge)
	h.Update([]byte("x"), map[string]*publisher.Output{"ia": output("v1")})
	for _, path := range []string{"/", "/ia.rss"} {
		resp := serve(h, "GET", path, "Accept-Encoding", "gzip")
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s: Content-Encoding = %q for a body gzip would make larger", path, ce)
		}
	}
}

// versions returns outputs of varied sizes, all different.
func versions(n int) []*publisher.Output {
	out := make([]*publisher.Output, n)
	for i := range out {
		out[i] = output(fmt.Sprintf("v%d %s", i, strings.Repeat("x", 1000*i)))
		out[i].Updated = fetched.Add(time.Duration(i) * time.Minute)
	}
	return out
}

func TestHandlerConcurrentUpdates(t *testing.T) {
	h := publisher.NewHandler(maxAge)
	vs := versions(5)
	// Learn each version's tags, whatever their format, before the race.
	bodies := map[string][]byte{}
	for _, v := range vs {
		h.Update([]byte("index"), map[string]*publisher.Output{"ia": v})
		for _, ae := range []string{"", "gzip"} {
			resp := serve(h, "GET", "/ia.json", "Accept-Encoding", ae)
			bodies[resp.Header.Get("ETag")] = v.JSON
		}
	}
	if len(bodies) < 2*len(vs)-1 { // the smallest may not be gzipped
		t.Fatalf("%d distinct tags for %d versions", len(bodies), len(vs))
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range 100 {
			h.Update([]byte("index"), map[string]*publisher.Output{"ia": vs[i%len(vs)]})
		}
	})
	for r := range 8 {
		wg.Go(func() { readUntil(t, h, done, r%2 == 0, bodies) })
	}
	wg.Wait()
}

// readUntil requests /ia.json until done is closed and checks that each
// body is whole and is the one its ETag names.
func readUntil(t *testing.T, h http.Handler, done <-chan struct{}, gz bool, bodies map[string][]byte) {
	ae := map[bool]string{true: "gzip", false: ""}[gz]
	for {
		select {
		case <-done:
			return
		default:
		}
		resp := serve(h, "GET", "/ia.json", "Accept-Encoding", ae)
		b := body(t, resp)
		if resp.Header.Get("Content-Encoding") == "gzip" {
			b = gunzip(t, b)
		}
		want, ok := bodies[resp.Header.Get("ETag")]
		if !ok || !bytes.Equal(b, want) {
			t.Errorf("ETag %s: body of %d bytes is not its version", resp.Header.Get("ETag"), len(b))
			return
		}
	}
}

func TestHandlerServesRenderedIndex(t *testing.T) {
	pages := testPages()
	page := renderIndex(t, pages)
	h := publisher.NewHandler(maxAge)
	h.Update(page, map[string]*publisher.Output{"ia": render(t, testFeed(), entriesOf(fixtures()))})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	resp, b := fetch(t, rawClient(t), srv.URL+"/", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzip(t, b), page) {
		t.Error("index page not served gzipped")
	}
	if got := resp.Header.Values("Content-Security-Policy"); !slices.ContainsFunc(got, func(s string) bool {
		return strings.Contains(s, "style-src 'unsafe-inline'")
	}) {
		t.Errorf("Content-Security-Policy = %q, want inline styles allowed", got)
	}
}

// nopWriter is a reusable ResponseWriter, so that only the handler's own
// allocations are counted.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}

// TestHandlerAllocs keeps ServeHTTP free of allocations on the paths that
// serve content: it is meant to keep up with a static file server.
func TestHandlerAllocs(t *testing.T) {
	h := newTestHandler(t)
	etag := serve(h, "GET", "/ia.rss").Header.Get("ETag")
	for _, hdr := range [][]string{
		{"Accept", "*/*"},
		{"Accept-Encoding", "deflate, gzip;q=0.8"},
		{"If-None-Match", `"other", ` + etag},
		{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"},
	} {
		req := httptest.NewRequest("GET", "/ia.rss", nil)
		req.Header.Set(hdr[0], hdr[1])
		w := &nopWriter{h: make(http.Header, 16)}
		if n := testing.AllocsPerRun(100, func() { clear(w.h); h.ServeHTTP(w, req) }); n != 0 {
			t.Errorf("%s: %v allocations per request, want 0", hdr[0], n)
		}
	}
}

// FuzzHandler sends arbitrary paths and negotiation headers: the handler
// must answer with one of its statuses, and any body it sends must be the
// page or feed, gzipped or not.
func FuzzHandler(f *testing.F) {
	f.Add("/ia.rss", "gzip;q=0.5, *;q=0", `W/"x", *`, "Mon, 02 Jan 2006 15:04:05 GMT")
	f.Add("/", "x-gzip;q=1.000;level=9", `"unterminated`, "")
	f.Add("/ia.json", ",;=,q=,*;q", `W/`, "garbage")
	index, feeds := testSite(f)
	h := publisher.NewHandler(maxAge)
	h.Update(index, feeds)
	bodies := map[string][]byte{"/": index, "/ia.rss": feeds["ia"].RSS, "/ia.json": feeds["ia"].JSON}
	f.Fuzz(func(t *testing.T, path, acceptEncoding, ifNoneMatch, ifModifiedSince string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path = path
		r.Header["Accept-Encoding"] = []string{acceptEncoding}
		r.Header["If-None-Match"] = []string{ifNoneMatch}
		r.Header["If-Modified-Since"] = []string{ifModifiedSince}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK:
			b := w.Body.Bytes()
			if w.Header().Get("Content-Encoding") == "gzip" {
				b = gunzip(t, b)
			}
			if want, ok := bodies[path]; ok && !bytes.Equal(b, want) {
				t.Errorf("%s: wrong body", path)
			}
		case http.StatusNotModified, http.StatusNotFound:
		default:
			t.Errorf("%s: status %d", path, w.Code)
		}
	})
}
