package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Politeness bounds. A source is never given up for good: after many
// failures it is still tried once a day.
const (
	maxBackoff  = 24 * time.Hour
	maxLifetime = 6 * time.Hour // the longest max-age or ttl honoured: news goes stale
	maxRetry    = 24 * time.Hour
)

// statusError is a non-2xx response.
type statusError struct {
	status     string        // "503 Service Unavailable"
	code       int           // 503
	retryAfter time.Duration // from Retry-After on 429 and 503; 0 if none
}

func (e *statusError) Error() string { return "HTTP " + e.status }

func newStatusError(resp *http.Response, now time.Time) *statusError {
	e := &statusError{status: resp.Status, code: resp.StatusCode}
	if e.status == "" {
		e.status = fmt.Sprint(resp.StatusCode)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		e.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 10.2.3).
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(max(0, min(secs, int64(maxRetry/time.Second)))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetry)
	}
	return 0
}

// backoff returns how long to wait after the given number of consecutive
// failures: the base doubled per failure, capped, with ±20 % jitter so that
// sources that failed together (a network outage) are not retried together.
func (a *Aggregator) backoff(failures int) time.Duration {
	d := a.opts.BackoffBase
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// retryDelay is the wait before the next try after a failure.
func (a *Aggregator) retryDelay(failures int, err error) time.Duration {
	d := a.backoff(failures)
	var se *statusError
	if errors.As(err, &se) && se.retryAfter > d {
		d = se.retryAfter
	}
	return d
}

// lifetime returns how long a fetched feed asks to be left alone: the
// response's Cache-Control max-age, else RSS <ttl> (minutes), bounded by
// maxLifetime. Zero means "at the next pass".
func lifetime(header http.Header, feed *gofeed.Feed, body []byte) time.Duration {
	if d, ok := maxAge(header.Get("Cache-Control")); ok {
		return min(d, maxLifetime)
	}
	if feed == nil || feed.FeedType != "rss" {
		return 0
	}
	if minutes, err := strconv.Atoi(rssTTL(body)); err == nil && minutes > 0 {
		return min(time.Duration(minutes)*time.Minute, maxLifetime)
	}
	return 0
}

// rssTTL returns the text of an RSS channel's <ttl>, found among the
// channel's elements before its first item; "" when there is none. The
// universal feed of gofeed drops <ttl>, and keeping gofeed's original
// feed beside it for that one number cost a tenth of a pass's memory.
// The number is ASCII, so the bytes as served do, whatever the charset
// (but UTF-16, which no feed seen in the wild uses).
func rssTTL(body []byte) string {
	if i := bytes.Index(body, []byte("<item")); i >= 0 {
		body = body[:i]
	}
	_, after, ok := bytes.Cut(body, []byte("<ttl>"))
	if !ok {
		return ""
	}
	ttl, _, ok := bytes.Cut(after, []byte("</ttl>"))
	if !ok {
		return ""
	}
	return strings.TrimSpace(string(ttl))
}

// maxAge reads max-age from a Cache-Control header; no-cache and no-store
// mean zero.
func maxAge(cc string) (time.Duration, bool) {
	for _, directive := range strings.Split(cc, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
		switch strings.ToLower(name) {
		case "no-cache", "no-store":
			return 0, true
		case "max-age":
			secs, err := strconv.ParseInt(strings.Trim(value, `"`), 10, 64)
			if err == nil && secs >= 0 {
				return time.Duration(min(secs, int64(maxLifetime/time.Second))) * time.Second, true
			}
		}
	}
	return 0, false
}
