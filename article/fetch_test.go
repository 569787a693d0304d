package article

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/internal/outbound"
)

const testHTML = `<!DOCTYPE html><html><head><title>t</title></head><body><p>Bonjour.</p></body></html>`

// htmlServer serves testHTML as text/html.
func htmlServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, testHTML)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hostPort returns the address of srv, "127.0.0.1:port".
func hostPort(srv *httptest.Server) string {
	u, _ := url.Parse(srv.URL)
	return u.Host
}

func TestFetchRefusesLoopback(t *testing.T) {
	srv := htmlServer(t)
	f := NewFetcher(Options{})
	_, port, _ := net.SplitHostPort(hostPort(srv))
	for _, u := range []string{
		srv.URL,                             // the IP literal
		"http://localhost:" + port + "/",    // a name that resolves to loopback
		"http://[::ffff:127.0.0.1]:" + port, // IPv4-mapped IPv6
	} {
		_, err := f.Fetch(t.Context(), u)
		if err == nil {
			t.Errorf("Fetch(%s) succeeded, want it refused", u)
			continue
		}
		if !strings.Contains(err.Error(), "loopback") || !strings.Contains(err.Error(), "refused: ") {
			t.Errorf("Fetch(%s) error = %q, want a refusal naming the loopback address", u, err)
		}
	}
	if _, err := f.Fetch(t.Context(), srv.URL); err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("Fetch(%s) error = %v, want it to name 127.0.0.1", srv.URL, err)
	}
}

func TestFetchAllowPrivateNetworks(t *testing.T) {
	srv := htmlServer(t)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	p, err := f.Fetch(t.Context(), srv.URL+"/article")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != srv.URL+"/article" || string(p.Body) != testHTML || p.ContentType != "text/html; charset=utf-8" {
		t.Errorf("Fetch = %+v", p)
	}
}

// TestFetchRefusesRedirectToPrivate trusts the first server, as if it
// were public, as an article page would be, and has it redirect to
// addresses that are not: the second hop must be refused when it is dialed.
func TestFetchRefusesRedirectToPrivate(t *testing.T) {
	private := htmlServer(t)
	var target string
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if target == "" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, testHTML)
			return
		}
		http.Redirect(w, r, target, http.StatusFound)
	}))
	t.Cleanup(public.Close)
	f := NewFetcher(Options{})
	ctx := outbound.Trust(t.Context(), public.URL)
	_, port, _ := net.SplitHostPort(hostPort(private))
	tests := []struct{ target, addr string }{
		{private.URL + "/secret", hostPort(private)},
		{"http://localhost:" + port + "/secret", "localhost"},
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254"},
		{"http://10.0.0.1/admin", "10.0.0.1"},
		{"http://[fd00::1]/", "fd00::1"},
		{"http://100.64.0.1/", "100.64.0.1"},
		{"http://[64:ff9b::a9fe:a9fe]/", "169.254.169.254"}, // NAT64 of the metadata endpoint
	}
	for _, tt := range tests {
		target = tt.target
		_, err := f.Fetch(ctx, public.URL)
		switch {
		case err == nil:
			t.Errorf("redirect to %s: Fetch succeeded, want it refused", tt.target)
		case !strings.Contains(err.Error(), "refused: "):
			t.Errorf("redirect to %s: error = %q, want a refusal", tt.target, err)
		case tt.addr != "localhost" && !strings.Contains(err.Error(), tt.addr):
			t.Errorf("redirect to %s: error = %q, want it to name %s", tt.target, err, tt.addr)
		}
	}
	// Trust lets the first hop through: a fetch without redirect works.
	target = ""
	if _, err := f.Fetch(ctx, public.URL); err != nil {
		t.Errorf("Fetch from the trusted server: %v", err)
	}
}

func TestFetchRefusesSchemes(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		switch r.URL.Path {
		case "/ftp":
			http.Redirect(w, r, "ftp://files.example/a.html", http.StatusFound)
		case "/file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		}
	}))
	t.Cleanup(srv.Close)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	for _, u := range []string{
		"ftp://files.example/a.html",
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"file:///etc/passwd",
		"data:text/html,<p>x</p>",
		"gopher://example.com/",
		"//example.com/a",
		"/a",
		"http:///a",
		"http://[::1",
	} {
		if _, err := f.Fetch(t.Context(), u); err == nil {
			t.Errorf("Fetch(%q) succeeded, want an error", u)
		}
	}
	if calls != 0 {
		t.Errorf("%d requests made for refused URLs", calls)
	}
	for _, path := range []string{"/ftp", "/file"} {
		_, err := f.Fetch(t.Context(), srv.URL+path)
		if err == nil || !strings.Contains(err.Error(), "unsupported scheme") {
			t.Errorf("Fetch(%s) error = %v, want the redirect refused", path, err)
		}
	}
}

func TestFetchRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, testHTML)
	}))
	t.Cleanup(srv.Close)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	p, err := f.Fetch(t.Context(), srv.URL+"/hop/5")
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if p.URL != srv.URL+"/hop/0" {
		t.Errorf("Page.URL = %s, want the URL after redirects", p.URL)
	}
	if _, err := f.Fetch(t.Context(), srv.URL+"/hop/6"); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("6 redirects: error = %v, want a redirect limit", err)
	}
}

func TestFetchBodyLimit(t *testing.T) {
	const limit = 1024
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var n int
		fmt.Sscanf(r.URL.Query().Get("n"), "%d", &n)
		if r.URL.Query().Has("chunked") {
			// Flushing first leaves the length unknown.
			w.(http.Flusher).Flush()
		} else {
			w.Header().Set("Content-Length", fmt.Sprint(n))
		}
		fmt.Fprint(w, strings.Repeat("a", n))
	}))
	t.Cleanup(srv.Close)
	f := NewFetcher(Options{AllowPrivateNetworks: true, MaxBody: limit})
	for _, chunked := range []string{"", "&chunked"} {
		if p, err := f.Fetch(t.Context(), fmt.Sprintf("%s/?n=%d%s", srv.URL, limit, chunked)); err != nil || len(p.Body) != limit {
			t.Errorf("body of %d bytes%s: %v", limit, chunked, err)
		}
		_, err := f.Fetch(t.Context(), fmt.Sprintf("%s/?n=%d%s", srv.URL, limit+1, chunked))
		if err == nil || !strings.Contains(err.Error(), "exceeds the limit") {
			t.Errorf("body of %d bytes%s: error = %v, want the limit", limit+1, chunked, err)
		}
	}
}

func TestFetchContentType(t *testing.T) {
	tests := []struct {
		contentType string
		body        string
		ok          bool
	}{
		{"text/html", testHTML, true},
		{"text/html; charset=ISO-8859-1", testHTML, true},
		{"TEXT/HTML;charset", testHTML, true},
		{"application/xhtml+xml; charset=utf-8", testHTML, true},
		{"", testHTML, true}, // sniffed
		{"application/pdf", "%PDF-1.7\n", false},
		{"", "%PDF-1.7\n", false},
		{"image/png", "\x89PNG\r\n\x1a\n", false},
		{"application/json", `{"a":1}`, false},
		{"text/plain", "Bonjour.", false},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				if tt.contentType == "" {
					w.Header()["Content-Type"] = nil // no sniffing by the server
				}
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			f := NewFetcher(Options{AllowPrivateNetworks: true})
			p, err := f.Fetch(t.Context(), srv.URL)
			switch {
			case tt.ok && err != nil:
				t.Errorf("Fetch: %v", err)
			case !tt.ok && err == nil:
				t.Errorf("Fetch = %+v, want an error", p)
			case !tt.ok && !strings.Contains(err.Error(), "is not HTML"):
				t.Errorf("Fetch error = %v, want it to name the content type", err)
			case tt.contentType == "application/pdf" && !strings.Contains(err.Error(), "application/pdf"):
				t.Errorf("Fetch error = %v, want it to name application/pdf", err)
			case tt.ok && tt.contentType == "" && p.ContentType != "text/html":
				// Not the sniffer's "charset=utf-8": Extract must
				// read the page's own declaration.
				t.Errorf("sniffed Content-Type = %q, want text/html", p.ContentType)
			}
		})
	}
}

func TestFetchStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscanf(r.URL.Path, "/%d", &code)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprint(w, testHTML)
	}))
	t.Cleanup(srv.Close)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	for code, want := range map[int]string{404: "404 Not Found", 410: "410 Gone", 403: "403 Forbidden", 500: "500 Internal Server Error", 304: "304 Not Modified"} {
		_, err := f.Fetch(t.Context(), fmt.Sprintf("%s/%d", srv.URL, code))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("status %d: error = %v, want it to name %q", code, err, want)
		}
	}
	if _, err := f.Fetch(t.Context(), srv.URL+"/203"); err != nil {
		t.Errorf("status 203: %v", err)
	}
}

func TestFetchHeaders(t *testing.T) {
	var ua, accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, accept = r.UserAgent(), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "text/html")
	}))
	t.Cleanup(srv.Close)
	if _, err := NewFetcher(Options{AllowPrivateNetworks: true}).Fetch(t.Context(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if ua != "veille" || !strings.HasPrefix(accept, "text/html") {
		t.Errorf("User-Agent, Accept = %q, %q", ua, accept)
	}
	if _, err := NewFetcher(Options{AllowPrivateNetworks: true, UserAgent: "veille/1.0 (+https://veille.example)"}).Fetch(t.Context(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if ua != "veille/1.0 (+https://veille.example)" {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	f := NewFetcher(Options{AllowPrivateNetworks: true, Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := f.Fetch(t.Context(), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("error = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Fetch took %v", d)
	}
}

func TestFetchConcurrent(t *testing.T) {
	srv := htmlServer(t)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := f.Fetch(t.Context(), srv.URL)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestFetchContext(t *testing.T) {
	srv := htmlServer(t)
	f := NewFetcher(Options{AllowPrivateNetworks: true})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := f.Fetch(ctx, srv.URL); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
