package aggregator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/internal/outbound"
	"github.com/veille-project/veille/storage"
)

// maxRedirects bounds redirect chains (and so redirect loops).
const maxRedirects = 10

// accept lists the feed media types first, then the generic ones many
// servers use for feeds.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// newClient returns the one HTTP client of the aggregator. Its transport
// applies the outbound policy: a source's own host is trusted, where it
// redirects is checked like an article link. The transport asks for gzip
// itself and decompresses transparently, so the body cap applies to the
// decompressed size (a gzip bomb hits the cap).
func newClient(opts Options) *http.Client {
	return &http.Client{
		Timeout: opts.Timeout,
		Transport: outbound.NewTransport(outbound.Options{Timeout: opts.Timeout, MaxIdleConnsPerHost: opts.Concurrency,
			AllowPrivateNetworks: opts.AllowPrivateNetworks}),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if t, ok := req.Context().Value(trailKey{}).(*trail); ok {
				code := req.Response.StatusCode
				t.permanent = t.permanent && (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect)
			}
			return nil
		},
	}
}

// fetchURL is the URL a pass requests for src: the configured one, or where
// the source moved when Options.FollowMoves follows that move.
func (a *Aggregator) fetchURL(src storage.Source) string {
	if src.MovedTo != "" && a.follows(src.URL, src.MovedTo) {
		return src.MovedTo
	}
	return src.URL
}

// follows reports whether Options.FollowMoves follows a move from the
// configured URL from to the URL to.
func (a *Aggregator) follows(from, to string) bool {
	switch a.opts.FollowMoves {
	case FollowAny:
		return true
	case FollowNever:
		return false
	}
	f, err := url.Parse(from)
	if err != nil {
		return false
	}
	t, err := url.Parse(to)
	return err == nil && outbound.SameHost(f, t)
}

// fetched is what a worker hands to the writer for one source.
type fetched struct {
	index    int
	state    storage.Fetch
	entries  []veille.Item
	err      error
	duration time.Duration
}

// fetchSource fetches, parses and normalizes one source. It never fails:
// a problem is carried in the result, to be recorded on the source's row.
func (a *Aggregator) fetchSource(ctx context.Context, src storage.Source, index int) fetched {
	start := a.opts.Now()
	f := fetched{index: index, state: storage.Fetch{Time: start}}
	resp, err := a.get(ctx, src)
	if err == nil {
		err = a.read(resp, src, &f)
	}
	var se *statusError
	switch {
	case errors.As(err, &se) && se.code == http.StatusGone:
		f.err = err
		f.state = storage.Fetch{Time: start, Status: storage.StatusGone, Error: err.Error()}
		f.entries = nil
	case err != nil:
		f.err = err
		f.state = storage.Fetch{Time: start, Status: storage.StatusError, Error: err.Error(),
			NextCheck: start.Add(a.retryDelay(src.Failures+1, err))}
		f.entries = nil
	}
	f.duration = a.opts.Now().Sub(start)
	return f
}

// response is a feed response with its body read.
type response struct {
	status      int
	body        []byte
	contentType string
	requested   string // the URL requested: the configured one, or where it moved
	url         string // after redirects
	header      http.Header
	movedTo     string // the new URL when every redirect was permanent
}

// trail records, through a request's context, whether all the redirects
// it followed were permanent (301, 308): then the feed has moved.
type trail struct{ permanent bool }

type trailKey struct{}

// get makes the conditional request and reads the capped body. Only the
// host of the source's configured URL is trusted: the sources are trusted
// as written, not where they redirect or move.
func (a *Aggregator) get(ctx context.Context, src storage.Source) (*response, error) {
	return a.request(ctx, src.URL, a.fetchURL(src), src.ETag, src.LastModified)
}

// request GETs requested, trusting the host of trusted, conditionally when
// given validators, and reads the capped body.
func (a *Aggregator) request(ctx context.Context, trusted, requested, etag, lastModified string) (*response, error) {
	t := &trail{permanent: true}
	ctx = outbound.Trust(context.WithValue(ctx, trailKey{}, t), trusted)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, requested, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", a.opts.UserAgent)
	req.Header.Set("Accept", accept)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, cleanURLError(err)
	}
	defer resp.Body.Close()
	r := &response{
		status:      resp.StatusCode,
		requested:   requested,
		contentType: resp.Header.Get("Content-Type"),
		url:         resp.Request.URL.String(),
		header:      resp.Header,
	}
	if t.permanent && r.url != requested {
		r.movedTo = r.url
	}
	if resp.StatusCode == http.StatusNotModified {
		return r, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newStatusError(resp, a.opts.Now())
	}
	r.body, err = readBody(resp, a.opts.MaxBody)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", cleanURLError(err))
	}
	if int64(len(r.body)) > a.opts.MaxBody {
		return nil, fmt.Errorf("%w (%d bytes)", errBodyTooLarge, a.opts.MaxBody)
	}
	return r, nil
}

// readBody reads at most max+1 bytes of resp's body. When the length is
// known, the buffer is allocated once at that size (and one byte more, to
// see the end): growing it by doubling, as io.ReadAll does, made about
// twice the body in garbage for every feed.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	size := int64(512)
	if n := resp.ContentLength; n >= 0 && n <= max {
		size = n + 1
	}
	r := io.LimitReader(resp.Body, max+1)
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // let append choose the growth
		}
	}
}

// read turns a response into the fetch state and entries of f.
func (a *Aggregator) read(r *response, src storage.Source, f *fetched) error {
	f.state.ETag, f.state.LastModified = r.header.Get("ETag"), r.header.Get("Last-Modified")
	f.state.MovedTo = movedTo(src, r)
	if r.status == http.StatusNotModified {
		f.state.Status = storage.StatusNotModified
		// A 304 need not repeat the validators; keep the ones we sent.
		if f.state.ETag == "" {
			f.state.ETag = src.ETag
		}
		if f.state.LastModified == "" {
			f.state.LastModified = src.LastModified
		}
		f.state.NextCheck = nextCheck(f.state.Time, lifetime(r.header, nil, nil))
		return nil
	}
	a.parsing <- struct{}{}
	defer func() { <-a.parsing }()
	feed, err := a.parseResponse(r)
	if err != nil {
		return err
	}
	f.state.Status = storage.StatusOK
	f.state.Warning = feed.Warning
	f.state.SiteURL = siteURL(r.url, feed.Feed)
	f.state.NextCheck = nextCheck(f.state.Time, lifetime(r.header, feed.Feed, r.body))
	f.entries, f.state.Skipped = a.normalize(feed, src.ID, r.url, f.state.Time)
	f.state.Items = len(f.entries) + f.state.Skipped
	return nil
}

// parseResponse parses the body of r as a feed. When it is an HTML page
// instead, the error names the feeds the page advertises.
func (a *Aggregator) parseResponse(r *response) (*document, error) {
	feed, err := a.parse(r.body, r.contentType)
	var nf *NotFeedError
	if errors.As(err, &nf) && nf.HTML {
		nf.Advertised = Discover(r.body, r.url)
	}
	return feed, err
}

// movedTo is where src is known to have moved after response r: the new
// URL of a permanent move, else the stored move when r answered the moved
// URL, else nothing (the configured URL answered without moving). A move
// back to the configured URL is no move.
func movedTo(src storage.Source, r *response) string {
	moved := r.movedTo
	if moved == "" && r.requested != src.URL {
		moved = src.MovedTo
	}
	if moved == src.URL {
		return ""
	}
	return moved
}

// cleanURLError drops the url.Error wrapping ("Get \"URL\": ...") of client
// errors, since the source's URL is shown beside its error anyway, and says
// "timeout" for every kind of deadline (dial, headers, body, whole request).
func cleanURLError(err error) error {
	var timeout interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout() {
		return errors.New("timeout")
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}

// nextCheck is the time a source that asked to be left alone for d may be
// fetched again; zero (the next pass) when it asked nothing.
func nextCheck(now time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return now.Add(d)
}
