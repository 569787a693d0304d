// Package websub tells WebSub hubs that published feeds changed.
//
// WebSub (a W3C Recommendation) lets readers subscribe to a feed at a hub,
// which pushes each new version to them instead of their polling. The
// feeds name their hubs in rel="hub" links; when a feed changes, its
// publisher notifies each hub with a form-encoded POST of
// hub.mode=publish and hub.url=<the feed's URL>, the publish request of
// PubSubHubbub 0.4 that the recommendation leaves to hubs and that common
// hubs accept. The hub then fetches the feed itself.
package websub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/veille-project/veille/internal/outbound"
)

// Options tune a Publisher. The zero value is usable.
type Options struct {
	// Timeout bounds one request to a hub, response included. Default 10s.
	Timeout time.Duration
	// RetryDelay is the wait before the one retry of a failed request.
	// Default 2s.
	RetryDelay time.Duration
	// UserAgent is sent with every request; empty sends Go's default.
	UserAgent string
	// AllowPrivateNetworks lets a hub's redirects to another host reach
	// loopback, private and link-local addresses. A hub's own host, as
	// configured, is trusted whatever its address. It applies to the
	// client New makes, not to one passed to it.
	AllowPrivateNetworks bool
}

// Publisher notifies a fixed list of hubs. A Publisher with no hubs does
// nothing. It is safe for concurrent use.
type Publisher struct {
	hubs   []string
	client *http.Client
	log    *slog.Logger
	opts   Options
}

// New returns a Publisher that notifies hubs through client, logging each
// failed attempt on log at debug level. A nil client means one that applies
// veille's outbound policy: a hub is trusted at the host configured, and
// where it redirects is checked (see package outbound).
func New(hubs []string, client *http.Client, log *slog.Logger, opts Options) *Publisher {
	if client == nil {
		client = &http.Client{Transport: outbound.NewTransport(outbound.Options{
			AllowPrivateNetworks: opts.AllowPrivateNetworks})}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = 2 * time.Second
	}
	return &Publisher{hubs: append([]string(nil), hubs...), client: client, log: log, opts: opts}
}

// Publish tells every hub that each of topics, the URLs of changed feeds,
// has new content: one request per hub and topic, all at once. A request
// that fails (no answer within the timeout, or a status other than 2xx) is
// tried once more after the retry delay. Publish returns when every request
// is done or ctx is canceled, with the requests that failed twice joined in
// its error; a failure concerns only the hub's subscribers, who will get the
// change at the next one, so callers log it and go on.
func (p *Publisher) Publish(ctx context.Context, topics []string) error {
	if len(p.hubs) == 0 || len(topics) == 0 {
		return nil
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, hub := range p.hubs {
		for _, topic := range topics {
			wg.Go(func() {
				if err := p.notify(ctx, hub, topic); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// notify sends one publish request, and again once if it fails.
func (p *Publisher) notify(ctx context.Context, hub, topic string) error {
	err := p.post(ctx, hub, topic)
	if err == nil {
		return nil
	}
	p.log.Debug("websub publish failed, retrying", "hub", hub, "url", topic, "err", err)
	t := time.NewTimer(p.opts.RetryDelay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return fmt.Errorf("websub publish %s to %s: %w", topic, hub, ctx.Err())
	case <-t.C:
	}
	return p.post(ctx, hub, topic)
}

// post sends hub.mode=publish for topic to hub.
func (p *Publisher) post(ctx context.Context, hub, topic string) error {
	ctx, cancel := context.WithTimeout(outbound.Trust(ctx, hub), p.opts.Timeout)
	defer cancel()
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("websub publish %s to %s: %w", topic, hub, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p.opts.UserAgent != "" {
		req.Header.Set("User-Agent", p.opts.UserAgent)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("websub publish %s to %s: %w", topic, hub, err)
	}
	defer resp.Body.Close()
	// Reading a little of the body lets the connection be reused; hubs
	// answer publish requests with an empty one.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("websub publish %s to %s: HTTP %s", topic, hub, resp.Status)
	}
	return nil
}
