package websub_test

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/websub"
)

// hub is a stub WebSub hub. It checks each request as a hub would, records
// the topics of the valid ones, and answers with the statuses of fail
// first, then 204.
type hub struct {
	*httptest.Server
	mu     sync.Mutex
	topics []string
	agents []string
	fail   []int
}

func newHub(t *testing.T, fail ...int) *hub {
	h := &hub{fail: fail}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		form, err := url.ParseQuery(string(body))
		switch {
		case r.Method != http.MethodPost:
			t.Errorf("method %s, want POST", r.Method)
		case ct != "application/x-www-form-urlencoded":
			t.Errorf("content type %q, want a form", r.Header.Get("Content-Type"))
		case err != nil || form.Get("hub.mode") != "publish" || len(form["hub.url"]) != 1 || len(form) != 2:
			t.Errorf("body %q, want hub.mode=publish and one hub.url", body)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		h.topics = append(h.topics, form.Get("hub.url"))
		h.agents = append(h.agents, r.Header.Get("User-Agent"))
		if len(h.fail) > 0 {
			status := h.fail[0]
			h.fail = h.fail[1:]
			http.Error(w, "no", status)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hub) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := slices.Clone(h.topics)
	slices.Sort(out)
	return out
}

var fast = websub.Options{Timeout: 2 * time.Second, RetryDelay: time.Millisecond, UserAgent: "veille-test"}

func TestPublishNotifiesEveryHubOfEveryTopic(t *testing.T) {
	a, b := newHub(t), newHub(t)
	p := websub.New([]string{a.URL + "/hub", b.URL}, nil, nil, fast)
	topics := []string{"https://veille.example.org/ia.rss", "https://veille.example.org/ia.atom?x=1&y=2"}
	if err := p.Publish(t.Context(), topics); err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(topics))
	for _, h := range []*hub{a, b} {
		if got := h.got(); !slices.Equal(got, want) {
			t.Errorf("hub got %q, want %q", got, want)
		}
		if h.agents[0] != "veille-test" {
			t.Errorf("User-Agent = %q", h.agents[0])
		}
	}
}

func TestPublishNothing(t *testing.T) {
	h := newHub(t)
	if err := websub.New([]string{h.URL}, nil, nil, fast).Publish(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if err := websub.New(nil, nil, nil, fast).Publish(t.Context(), []string{"https://x.example/f"}); err != nil {
		t.Fatal(err)
	}
	if got := h.got(); len(got) != 0 {
		t.Errorf("hub got %q, want no request when no feed changed", got)
	}
}

func TestPublishRetriesOnce(t *testing.T) {
	topic := "https://veille.example.org/ia.json"
	t.Run("recovers", func(t *testing.T) {
		h := newHub(t, http.StatusInternalServerError)
		if err := websub.New([]string{h.URL}, nil, nil, fast).Publish(t.Context(), []string{topic}); err != nil {
			t.Fatalf("err = %v, want success on the retry", err)
		}
		if got := h.got(); len(got) != 2 {
			t.Errorf("hub got %q, want the request and its retry", got)
		}
	})
	t.Run("fails twice", func(t *testing.T) {
		h := newHub(t, http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusTeapot)
		err := websub.New([]string{h.URL}, nil, nil, fast).Publish(t.Context(), []string{topic})
		if err == nil || !strings.Contains(err.Error(), "502") || !strings.Contains(err.Error(), topic) {
			t.Fatalf("err = %v, want the second failure, naming the topic", err)
		}
		if got := h.got(); len(got) != 2 {
			t.Errorf("hub got %d requests, want 2: one retry only", len(got))
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		h := newHub(t)
		h.Close()
		if err := websub.New([]string{h.URL}, nil, nil, fast).Publish(t.Context(), []string{topic}); err == nil {
			t.Fatal("no error for a hub that does not answer")
		}
	})
}

func TestPublishTimeout(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	opts := fast
	opts.Timeout = 50 * time.Millisecond
	start := time.Now()
	err := websub.New([]string{slow.URL}, nil, nil, opts).Publish(t.Context(), []string{"https://x.example/f"})
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Publish took %v, want about two timeouts", d)
	}
}

func TestPublishCanceled(t *testing.T) {
	h := newHub(t, http.StatusInternalServerError)
	ctx, cancel := context.WithCancel(t.Context())
	opts := fast
	opts.RetryDelay = time.Hour
	done := make(chan error, 1)
	go func() {
		done <- websub.New([]string{h.URL}, nil, nil, opts).Publish(ctx, []string{"https://x.example/f"})
	}()
	for len(h.got()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("no error after cancellation")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Publish did not return after its context was canceled")
	}
}

// TestHubRedirectIsChecked has a configured hub on loopback (trusted as
// written) redirect to another loopback server: the redirect is refused
// and never reaches it, unless private networks are allowed.
func TestHubRedirectIsChecked(t *testing.T) {
	internal := newHub(t)
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/hub", http.StatusTemporaryRedirect) // 307 keeps the POST
	}))
	t.Cleanup(redirecting.Close)
	topic := "https://veille.example.org/ia.rss"
	err := websub.New([]string{redirecting.URL}, nil, nil, fast).Publish(t.Context(), []string{topic})
	if want := "redirect to " + internal.URL + "/hub refused: loopback address"; err == nil ||
		!strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
	if got := internal.got(); len(got) != 0 {
		t.Errorf("the redirect target got %q, want nothing", got)
	}
	opts := fast
	opts.AllowPrivateNetworks = true
	if err := websub.New([]string{redirecting.URL}, nil, nil, opts).Publish(t.Context(), []string{topic}); err != nil {
		t.Fatalf("with private networks allowed: %v", err)
	}
	if got := internal.got(); !slices.Equal(got, []string{topic}) {
		t.Errorf("with private networks allowed, the redirect target got %q", got)
	}
}
