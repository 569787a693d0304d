package article

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/veille-project/veille/internal/outbound"
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
// untrusted, so by default it connects to public addresses only (the policy
// of package outbound). The zero value is not usable; call NewFetcher. It is
// safe for concurrent use.
type Fetcher struct {
	client *http.Client
	opts   Options
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
	f := &Fetcher{opts: opts}
	f.client = &http.Client{
		Timeout: opts.Timeout,
		// The transport checks the address of each connection just
		// before it is made, after DNS resolution, for the first request
		// and every redirect.
		Transport: outbound.NewTransport(outbound.Options{Timeout: opts.Timeout,
			AllowPrivateNetworks: opts.AllowPrivateNetworks}),
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
// (100.64/10), other reserved ranges and the IPv6 addresses that embed one
// of those (see outbound.Classify). The address is checked when the
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
