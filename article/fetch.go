package article

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Defaults of Options.
const (
	defaultTimeout   = 20 * time.Second
	defaultMaxBody   = 5 << 20
	defaultUserAgent = "veille"
)

// maxRedirects bounds redirect chains: an article link goes through a
// tracker or two and a canonical redirect, rarely more.
const maxRedirects = 5

// accept asks for the page itself, not an AMP or JSON variant.
const accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// Options configure a Fetcher. Zero values pick the defaults.
type Options struct {
	// Timeout bounds a whole fetch, redirects and body included.
	// Zero means 20 seconds.
	Timeout time.Duration
	// MaxBody is the largest body accepted, in bytes, after decompression.
	// Zero means 5 MiB.
	MaxBody int64
	// UserAgent is sent with every request. Empty means "veille".
	UserAgent string
	// AllowPrivateNetworks lets the Fetcher connect to loopback, private,
	// link-local and other non-public addresses. Only tests and
	// deployments that read an intranet should set it.
	AllowPrivateNetworks bool
}

// A Fetcher fetches article pages discovered in feeds. Their URLs are
// untrusted, so by default it connects to public addresses only. The zero
// value is not usable; call NewFetcher. It is safe for concurrent use.
type Fetcher struct {
	client *http.Client
	opts   Options
	// check vets the address of each connection just before it is made.
	// Tests replace it to pretend that a loopback server is public.
	check func(netip.AddrPort) error
}

// NewFetcher returns a Fetcher with its own HTTP client. The client ignores
// the proxy environment variables: an address can only be vetted when the
// connection goes to it directly.
func NewFetcher(opts Options) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = defaultMaxBody
	}
	if opts.UserAgent == "" {
		opts.UserAgent = defaultUserAgent
	}
	f := &Fetcher{opts: opts, check: publicAddr}
	if opts.AllowPrivateNetworks {
		f.check = func(netip.AddrPort) error { return nil }
	}
	dialer := &net.Dialer{
		Timeout:   min(opts.Timeout, 10*time.Second),
		KeepAlive: 30 * time.Second,
		// Control runs on the address actually dialed, after DNS
		// resolution, for the first request and every redirect: a name
		// that resolves, or later re-resolves, to a private address is
		// refused as surely as an IP literal.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("refused: unexpected address %q on %s", address, network)
			}
			return f.check(ap)
		},
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	transport.DialContext = dialer.DialContext
	transport.ResponseHeaderTimeout = opts.Timeout
	f.client = &http.Client{
		Timeout:   opts.Timeout,
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if err := checkScheme(req.URL); err != nil {
				return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), err)
			}
			return nil
		},
	}
	return f
}

// A Page is an article page as fetched.
type Page struct {
	// URL is the address of the page, after redirects. Extract resolves
	// the page's relative links against it.
	URL string
	// Body is the page as served, in its own character encoding.
	Body []byte
	// ContentType is the Content-Type header of the response.
	ContentType string
}

// Fetch GETs an article page. It refuses URLs other than http and https
// ones and, unless Options.AllowPrivateNetworks is set, connections to
// addresses that are not public: loopback, private (RFC 1918, fc00::/7),
// link-local (169.254/16, fe80::/10), unspecified, multicast, CGNAT
// (100.64/10) and other reserved ranges. The address is checked when the
// connection is made, after DNS resolution, so a host name that resolves to
// such an address, or a redirect to one, is refused too. Fetch follows at
// most 5 redirects. A non-2xx status, a body over Options.MaxBody (after
// decompression) and a body that is neither text/html nor
// application/xhtml+xml are errors; a response without a Content-Type is
// sniffed.
func (f *Fetcher) Fetch(ctx context.Context, pageURL string) (*Page, error) {
	p, err := f.fetch(ctx, pageURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", pageURL, err)
	}
	return p, nil
}

func (f *Fetcher) fetch(ctx context.Context, pageURL string) (*Page, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, err
	}
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, cleanURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		status := resp.Status
		if status == "" {
			status = fmt.Sprint(resp.StatusCode)
		}
		return nil, fmt.Errorf("status %s", status)
	}
	ct := resp.Header.Get("Content-Type")
	if ct != "" {
		if err := checkContentType(ct); err != nil {
			return nil, err
		}
	}
	if resp.ContentLength > f.opts.MaxBody {
		return nil, fmt.Errorf("body of %d bytes exceeds the limit of %d", resp.ContentLength, f.opts.MaxBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", cleanURLError(err))
	}
	if int64(len(body)) > f.opts.MaxBody {
		return nil, fmt.Errorf("body exceeds the limit of %d bytes", f.opts.MaxBody)
	}
	if ct == "" {
		// Some servers send no Content-Type; a browser would sniff. The
		// sniffer's charset is a guess that would override the page's
		// own declaration in Extract, so keep only the media type.
		ct, _, _ = strings.Cut(http.DetectContentType(body), ";")
		if err := checkContentType(ct); err != nil {
			return nil, err
		}
	}
	return &Page{URL: resp.Request.URL.String(), Body: body, ContentType: ct}, nil
}

// checkScheme refuses URLs that are not absolute http or https ones:
// "javascript:", "file:", "ftp:" and the like.
func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return errors.New("not an absolute URL")
	default:
		return fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("no host in URL")
	}
	return nil
}

// checkContentType accepts the media types of HTML pages.
func checkContentType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		// "text/html; charset" and other malformed parameters are common;
		// the media type before them is what counts.
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return nil
	}
	return fmt.Errorf("content type %q is not HTML", mt)
}

// cleanURLError drops the url.Error wrapping ("Get \"URL\": ...") of client
// errors: the caller names the URL already.
func cleanURLError(err error) error {
	var uerr *url.Error
	if !errors.As(err, &uerr) {
		return err
	}
	if uerr.Timeout() {
		return fmt.Errorf("timeout: %w", uerr.Err)
	}
	return uerr.Err
}

// special lists the address ranges that are not the public Internet, with
// the name used in errors. Unmapped IPv4-in-IPv6 addresses are checked as
// IPv4.
var special = []struct {
	prefix netip.Prefix
	name   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"}, // "this network"; 0.0.0.0 reaches localhost on Linux
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "CGNAT"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"}, // cloud metadata endpoints live here
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // and the broadcast address
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// nat64 is the well-known NAT64 prefix: its addresses reach the IPv4 address
// in their last 32 bits, which must be public too.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// publicAddr returns an error naming ap unless it is a public unicast
// address: it refuses the loopback, private (RFC 1918, fc00::/7), link-local
// (169.254/16, fe80::/10), unspecified, multicast and CGNAT (100.64/10)
// ranges, and a few reserved ones.
func publicAddr(ap netip.AddrPort) error {
	// A zoned address never matches a prefix: drop the zone first.
	ip := ap.Addr().Unmap().WithZone("")
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	for _, s := range special {
		if s.prefix.Contains(ip) {
			return fmt.Errorf("refused: %s is a %s address", ap.Addr(), s.name)
		}
	}
	return nil
}
