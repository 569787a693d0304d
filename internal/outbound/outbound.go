// Package outbound is the policy of every HTTP request veille makes: to
// sources and where they redirect, to article pages linked from feeds and to
// WebSub hubs.
//
// The policy is that of a server that fetches URLs it is given: a URL that
// comes from outside (a feed's link, a redirect, a moved feed's new address)
// may only reach the public Internet. The addresses that are not public are
// listed by Classify: loopback, private, link-local (where cloud metadata
// endpoints live), CGNAT, unspecified, multicast, reserved, and the IPv6
// forms that embed or translate to one of those (IPv4-mapped, NAT64, 6to4,
// Teredo and the like). The one exception is the host an operator wrote in
// the configuration: Trust marks it in a request's context, and requests to
// that host go anywhere, since the operator chose it (an intranet feed, a
// test server on loopback).
//
// The check is made when a connection is dialed, on the address actually
// connected to, after DNS resolution: a name that resolves, or later
// re-resolves (DNS rebinding), to a private address is refused as surely as
// an IP literal. Requests to a trusted host and the others never share a
// connection, since they are made through two separate transports.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Options configure a Transport. The zero value is the strict policy with
// the defaults of net/http.
type Options struct {
	// Timeout bounds the wait for a response's headers, and the dialing
	// (at most 10s). Zero means no bound beyond the request's context.
	Timeout time.Duration
	// MaxIdleConnsPerHost is net/http's; zero means its default, 2.
	MaxIdleConnsPerHost int
	// AllowPrivateNetworks lets every request connect to any address, as
	// requests to a trusted host do. Only tests and deployments that read
	// an intranet should set it.
	AllowPrivateNetworks bool
}

// Transport is an http.RoundTripper that applies the policy. A request to
// the host that its context trusts (see Trust) goes through a transport
// that connects anywhere, honouring the proxy environment variables; every
// other request goes through one that connects directly to public addresses
// only, since an address can only be vetted when the connection goes to it.
// A refused connection is a *RefusedError, and no byte is sent or read.
//
// The zero value is not usable; call NewTransport. A Transport is safe for
// concurrent use.
type Transport struct {
	trusted *http.Transport
	checked *http.Transport
}

// NewTransport returns a Transport configured by opts.
func NewTransport(opts Options) *Transport {
	dialTimeout := 10 * time.Second
	if opts.Timeout > 0 {
		dialTimeout = min(opts.Timeout, dialTimeout)
	}
	newTransport := func(control func(string, string, syscall.RawConn) error) *http.Transport {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = opts.Timeout
		if opts.MaxIdleConnsPerHost > 0 {
			t.MaxIdleConnsPerHost = opts.MaxIdleConnsPerHost
		}
		t.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, Control: control}).DialContext
		return t
	}
	t := &Transport{trusted: newTransport(nil), checked: newTransport(Control)}
	t.checked.Proxy = nil
	if opts.AllowPrivateNetworks {
		t.checked.DialContext = t.trusted.DialContext
	}
	return t
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if trusted(req.Context(), req.URL) {
		return t.trusted.RoundTrip(req)
	}
	resp, err := t.checked.RoundTrip(req)
	var ae *addrError
	if err != nil && errors.As(err, &ae) {
		return nil, &RefusedError{URL: req.URL.Redacted(), Host: req.URL.Hostname(), Addr: ae.addr, Reason: ae.reason,
			Redirect: req.Response != nil}
	}
	return resp, err
}

// CloseIdleConnections closes the idle connections of both transports;
// http.Client.CloseIdleConnections calls it.
func (t *Transport) CloseIdleConnections() {
	t.trusted.CloseIdleConnections()
	t.checked.CloseIdleConnections()
}

// A RefusedError is a request the policy refused: its connection would
// have gone to an address that is not public.
type RefusedError struct {
	URL      string     // the URL requested, its password redacted
	Host     string     // the URL's host, without port
	Addr     netip.Addr // the address refused
	Reason   string     // what the address is, as Classify says ("loopback address")
	Redirect bool       // whether a redirect led to the URL
}

// Error says "redirect to URL refused: REASON", or "redirect to URL
// refused: ADDRESS is a REASON" when the URL's host is a name, and "refused:
// ADDRESS is a REASON" for a first request, whose URL the caller names.
func (e *RefusedError) Error() string {
	if !e.Redirect {
		return "refused: " + e.Addr.String() + " is " + article(e.Reason) + " " + e.Reason
	}
	if literal, err := netip.ParseAddr(e.Host); err == nil && literal.Unmap() == e.Addr.Unmap() {
		return fmt.Sprintf("redirect to %s refused: %s", e.URL, e.Reason)
	}
	return fmt.Sprintf("redirect to %s refused: %s is %s %s", e.URL, e.Addr, article(e.Reason), e.Reason)
}

// addrError is what Control returns; the dialer wraps it in a *net.OpError,
// and Transport.RoundTrip turns it into a RefusedError naming the URL.
type addrError struct {
	addr   netip.Addr
	reason string
}

func (e *addrError) Error() string {
	return "refused: " + e.addr.String() + " is " + article(e.reason) + " " + e.reason
}

// Control is a net.Dialer Control function that refuses to connect to an
// address that is not public (see Classify). It runs on the address
// actually dialed, after DNS resolution, for every connection.
func Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: unexpected address %q on %s", address, network)
	}
	if reason := Classify(ap.Addr()); reason != "" {
		return &addrError{addr: ap.Addr(), reason: reason}
	}
	return nil
}

// trustKey is the context key of the trusted host.
type trustKey struct{}

// Trust returns a copy of ctx in which requests to the host of rawURL, as
// written, connect to whatever address that host resolves to. veille trusts
// the hosts of its configuration this way: a source's own host, a WebSub
// hub's. Redirects to other hosts, made with the same context, are still
// checked. An unparsable rawURL trusts nothing.
func Trust(ctx context.Context, rawURL string) context.Context {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ctx
	}
	return context.WithValue(ctx, trustKey{}, u)
}

// trusted reports whether ctx trusts the host of u.
func trusted(ctx context.Context, u *url.URL) bool {
	t, ok := ctx.Value(trustKey{}).(*url.URL)
	return ok && SameHost(t, u)
}

// SameHost reports whether a and b name the same host: the same host name,
// ignoring case and a final dot, on the same port, where the default ports
// of http and https count as the same, so that a move from http to https
// stays on its host. "example.org" and "www.example.org" are two hosts.
func SameHost(a, b *url.URL) bool {
	ha := strings.TrimSuffix(strings.ToLower(a.Hostname()), ".")
	hb := strings.TrimSuffix(strings.ToLower(b.Hostname()), ".")
	if ha == "" || ha != hb {
		return false
	}
	pa, da := port(a)
	pb, db := port(b)
	return pa == pb || da && db
}

// port returns the port of u and whether it is its scheme's default.
func port(u *url.URL) (p string, isDefault bool) {
	def := map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	p = u.Port()
	if p == "" {
		p = def
	}
	return p, p == def && def != ""
}
