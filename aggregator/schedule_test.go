package aggregator

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"120":                           2 * time.Minute,
		" 0 ":                           0,
		"-5":                            0,
		"99999999":                      maxRetry,
		"Thu, 26 Nov 2026 12:30:00 GMT": 30 * time.Minute,
		"Thu, 26 Nov 2026 11:00:00 GMT": 0, // in the past
		"soon":                          0,
		"":                              0,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"max-age=300", 5 * time.Minute, true},
		{"public, MAX-AGE=60, must-revalidate", time.Minute, true},
		{"no-cache", 0, true},
		{"max-age=31536000", maxLifetime, true},
		{"private", 0, false},
		{"max-age=abc", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		if got, ok := maxAge(c.in); got != c.want || ok != c.ok {
			t.Errorf("maxAge(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	a := New(nil, nil, Options{BackoffBase: time.Minute})
	prevMax := time.Duration(0)
	for failures := 1; failures <= 30; failures++ {
		d := a.backoff(failures)
		nominal := min(time.Minute<<min(failures-1, 20), maxBackoff)
		if d < nominal*8/10 || d > nominal*12/10 {
			t.Fatalf("backoff(%d) = %v, want %v ± 20%%", failures, d, nominal)
		}
		if nominal < prevMax {
			t.Fatalf("backoff shrank at %d failures", failures)
		}
		prevMax = nominal
	}
}

func TestNextCheckFromResponse(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    time.Duration // 0: due at the next pass
	}{
		{"plain", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tinyFeed) }, 0},
		{"max-age", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "max-age=600")
			io.WriteString(w, tinyFeed)
		}, 10 * time.Minute},
		{"rss ttl", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `<rss version="2.0"><channel><title>t</title><ttl>30</ttl></channel></rss>`)
		}, 30 * time.Minute},
		{"503 retry-after beyond backoff", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7200")
			w.WriteHeader(http.StatusServiceUnavailable)
		}, 2 * time.Hour},
		{"429 retry-after", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}, time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := openStore(t)
			runOnce(t, store, c.handler, Options{Now: func() time.Time { return now }, BackoffBase: time.Second})
			sources, _ := store.Sources(t.Context())
			got := sources[0].NextCheck
			if c.want == 0 && !got.IsZero() || c.want != 0 && !got.Equal(now.Add(c.want)) {
				t.Errorf("next check = %v, want now + %v", got, c.want)
			}
		})
	}
}

func TestFailuresBackOff(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	store := openStore(t)
	fail := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(fail)
	defer srv.Close()
	a := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		Options{Now: func() time.Time { return now }, BackoffBase: time.Minute})
	var waits []time.Duration
	for range 4 {
		src, err := store.EnsureSource(t.Context(), "down", srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Run(t.Context(), []storage.Source{src}); err != nil {
			t.Fatal(err)
		}
		sources, _ := store.Sources(t.Context())
		waits = append(waits, sources[0].NextCheck.Sub(now))
		if sources[0].Status != storage.StatusError {
			t.Fatalf("status %q", sources[0].Status)
		}
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] <= waits[i-1] {
			t.Errorf("waits after consecutive failures = %v, want growing", waits)
		}
	}
}

func TestRSSTTL(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`<rss version="2.0"><channel><title>t</title><ttl> 30 </ttl><item><title>a</title></item></channel></rss>`, "30"},
		{`<rss version="2.0"><channel><title>t</title><item><description>&lt;ttl&gt;5</description><ttl>5</ttl></item></channel></rss>`, ""},
		{`<rss version="2.0"><channel><title>t</title><ttl>30</channel></rss>`, ""},
		{`<rss version="2.0"><channel><title>t</title></channel></rss>`, ""},
	} {
		if got := rssTTL([]byte(c.body)); got != c.want {
			t.Errorf("rssTTL(%s) = %q, want %q", c.body, got, c.want)
		}
	}
}
