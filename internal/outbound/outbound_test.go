package outbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// counted is a loopback server that counts the requests it gets.
type counted struct {
	*httptest.Server
	hits atomic.Int64
}

func newCounted(t *testing.T, h http.HandlerFunc) *counted {
	t.Helper()
	c := &counted{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(c.Close)
	return c
}

func ok(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }

func redirectTo(target *string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, *target, http.StatusMovedPermanently)
	}
}

func get(t *testing.T, ctx context.Context, client *http.Client, u string) (string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// TestTrustedHostOnly serves a "configured source" on loopback that
// redirects elsewhere on loopback: the source is fetched, the redirect is
// refused before anything reaches the other server.
func TestTrustedHostOnly(t *testing.T) {
	internal := newCounted(t, ok)
	var target string
	source := newCounted(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			io.WriteString(w, "feed")
			return
		}
		redirectTo(&target)(w, r)
	})
	_, internalPort, _ := net.SplitHostPort(internal.Listener.Addr().String())
	client := &http.Client{Transport: NewTransport(Options{})}
	ctx := Trust(t.Context(), source.URL+"/feed")

	if body, err := get(t, ctx, client, source.URL+"/feed"); err != nil || body != "feed" {
		t.Fatalf("trusted source: %q, %v", body, err)
	}
	// A redirect within the trusted host is followed.
	target = "/feed"
	if body, err := get(t, ctx, client, source.URL+"/old"); err != nil || body != "feed" {
		t.Fatalf("redirect within the host: %q, %v", body, err)
	}
	for _, tt := range []struct{ target, want string }{
		{internal.URL + "/internal.rss", "redirect to " + internal.URL + "/internal.rss refused: loopback address"},
		{"http://localhost:" + internalPort + "/x", "is a loopback address"}, // a name: the resolved address is checked
		{"http://[::ffff:127.0.0.1]:" + internalPort + "/x", "loopback"},
		{"http://169.254.169.254/latest/meta-data/", "refused: link-local address"},
		{"http://10.0.0.1/admin", "refused: private address"},
		{"http://[fd00::1]/", "refused: unique-local address"},
		{"http://[64:ff9b::7f00:1]:" + internalPort + "/", "NAT64 address of a loopback address (127.0.0.1)"},
	} {
		target = tt.target
		_, err := get(t, ctx, client, source.URL+"/old")
		var refused *RefusedError
		if !errors.As(err, &refused) || !refused.Redirect || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("redirect to %s: err = %v, want a refusal containing %q", tt.target, err, tt.want)
		}
	}
	if n := internal.hits.Load(); n != 0 {
		t.Errorf("the internal server got %d requests, want none", n)
	}
	// The same server is reachable when it is the trusted host itself.
	if body, err := get(t, Trust(t.Context(), internal.URL), client, internal.URL); err != nil || body != "ok" {
		t.Errorf("internal server as the trusted host: %q, %v", body, err)
	}
}

// TestUntrustedReusesNoTrustedConnection checks that a connection opened
// for a trusted request never serves an untrusted one: a kept-alive
// connection would otherwise skip the dial-time check.
func TestUntrustedReusesNoTrustedConnection(t *testing.T) {
	srv := newCounted(t, ok)
	client := &http.Client{Transport: NewTransport(Options{})}
	for range 2 {
		if _, err := get(t, Trust(t.Context(), srv.URL), client, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	_, err := get(t, t.Context(), client, srv.URL)
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Redirect {
		t.Fatalf("untrusted request after trusted ones: err = %v, want a refusal", err)
	}
	if want := "refused: 127.0.0.1 is a loopback address"; err.Error() != fmt.Sprintf("Get %q: %s", srv.URL, want) {
		t.Errorf("err = %q, want it to end with %q", err, want)
	}
	if n := srv.hits.Load(); n != 2 {
		t.Errorf("server got %d requests, want the 2 trusted ones", n)
	}
}

func TestAllowPrivateNetworks(t *testing.T) {
	internal := newCounted(t, ok)
	target := internal.URL + "/internal.rss"
	source := newCounted(t, redirectTo(&target))
	client := &http.Client{Transport: NewTransport(Options{AllowPrivateNetworks: true})}
	if body, err := get(t, Trust(t.Context(), source.URL), client, source.URL); err != nil || body != "ok" {
		t.Fatalf("redirect with private networks allowed: %q, %v", body, err)
	}
	if body, err := get(t, t.Context(), client, internal.URL); err != nil || body != "ok" {
		t.Fatalf("untrusted request with private networks allowed: %q, %v", body, err)
	}
}

func TestSameHost(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"http://example.org/feed", "http://example.org/new", true},
		{"http://Example.ORG./feed", "http://example.org/new", true},
		{"http://example.org/feed", "https://example.org/feed", true}, // default ports
		{"http://example.org:80/feed", "https://example.org:443/feed", true},
		{"http://example.org/feed", "http://example.org:8080/feed", false},
		{"http://example.org:8080/feed", "https://example.org:8080/feed", true},
		{"http://example.org/feed", "http://www.example.org/feed", false},
		{"http://127.0.0.1:8000/feed", "http://127.0.0.1:8001/feed", false},
		{"http://127.0.0.1:8000/feed", "http://[::1]:8000/feed", false},
		{"http://[::1]:8000/feed", "http://[::1]:8000/x", true},
		{"http://example.org/feed", "http://example.org.evil.example/feed", false},
		{"http://example.org/feed", "http://user@example.org/feed", true},
		{"/relative", "/relative", false},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := SameHost(a, b); got != tt.same {
			t.Errorf("SameHost(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}
