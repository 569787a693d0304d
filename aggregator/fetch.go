package aggregator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/storage"
)

// maxRedirects bounds redirect chains (and so redirect loops).
const maxRedirects = 10

// accept lists the feed media types first, then the generic ones many
// servers use for feeds.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// newClient returns the one HTTP client of the aggregator. The transport
// asks for gzip itself and decompresses transparently, so the body cap
// applies to the decompressed size (a gzip bomb hits the cap).
func newClient(timeout time.Duration, concurrency int) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = concurrency
	transport.ResponseHeaderTimeout = timeout
	transport.DialContext = (&net.Dialer{Timeout: min(timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{
		Timeout:   timeout,
		Transport: transport,
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
	url         string // after redirects
	header      http.Header
	movedTo     string // the new URL when every redirect was permanent
}

// trail records, through a request's context, whether all the redirects
// it followed were permanent (301, 308): then the feed has moved.
type trail struct{ permanent bool }

type trailKey struct{}

// get makes the conditional request and reads the capped body.
func (a *Aggregator) get(ctx context.Context, src storage.Source) (*response, error) {
	t := &trail{permanent: true}
	req, err := http.NewRequestWithContext(context.WithValue(ctx, trailKey{}, t), http.MethodGet, src.FetchURL(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", a.opts.UserAgent)
	req.Header.Set("Accept", accept)
	if src.ETag != "" {
		req.Header.Set("If-None-Match", src.ETag)
	}
	if src.LastModified != "" {
		req.Header.Set("If-Modified-Since", src.LastModified)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, cleanURLError(err)
	}
	defer resp.Body.Close()
	r := &response{
		status:      resp.StatusCode,
		contentType: resp.Header.Get("Content-Type"),
		url:         resp.Request.URL.String(),
		header:      resp.Header,
	}
	if t.permanent && r.url != src.FetchURL() {
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
	f.state.MovedTo = r.movedTo
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
	feed, err := a.parse(r.body, r.contentType)
	if err != nil {
		return err
	}
	f.state.Status = storage.StatusOK
	f.state.SiteURL = siteURL(r.url, feed)
	f.state.NextCheck = nextCheck(f.state.Time, lifetime(r.header, feed, r.body))
	f.entries = a.normalize(feed, src.ID, r.url, f.state.Time)
	return nil
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
