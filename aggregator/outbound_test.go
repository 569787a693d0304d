package aggregator

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

// recorder is a loopback server that records the paths it is asked for.
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.paths = append(r.paths, req.URL.Path)
		r.mu.Unlock()
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

// take returns the paths asked for since the last call.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.paths
	r.paths = nil
	return p
}

func serveFeed(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, tinyFeed) }

// runSource runs one pass over the source named name with the URL given,
// due or not, and returns its result and its stored state.
func runSource(t *testing.T, store *storage.Store, opts Options, name, url string) (Result, storage.Source) {
	t.Helper()
	src, err := store.EnsureSource(t.Context(), name, url)
	if err != nil {
		t.Fatal(err)
	}
	a := New(store, slog.New(slog.DiscardHandler), opts)
	report, err := a.Run(t.Context(), []storage.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	sources, err := store.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sources {
		if s.Name == name {
			return report.Results[0], s
		}
	}
	t.Fatalf("source %q not stored", name)
	return Result{}, storage.Source{}
}

// TestRedirectToInternalAddressRefused has a configured source on loopback
// (trusted as written) answer 301 to another loopback server: the redirect
// is refused before anything reaches it, on every pass, the refusal is the
// source's error, and no move is recorded.
func TestRedirectToInternalAddressRefused(t *testing.T) {
	internal := newRecorder(t, serveFeed)
	target := internal.URL + "/internal.rss"
	source := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	store := openStore(t)
	want := "redirect to " + target + " refused: loopback address"
	for pass := range 2 {
		res, src := runSource(t, store, Options{}, "src", source.URL+"/feed")
		if res.Status != storage.StatusError || res.Err == nil || res.Err.Error() != want {
			t.Errorf("pass %d: result %+v, want the error %q", pass, res, want)
		}
		if src.Error != want || src.MovedTo != "" || src.Entries != 0 {
			t.Errorf("pass %d: stored error %q, moved to %q, %d entries; want %q, no move, no entry",
				pass, src.Error, src.MovedTo, src.Entries, want)
		}
		if got := source.take(); !slices.Equal(got, []string{"/feed"}) {
			t.Errorf("pass %d: source asked for %q, want its configured /feed", pass, got)
		}
	}
	if got := internal.take(); len(got) != 0 {
		t.Errorf("the internal server was asked for %q, want nothing", got)
	}

	// With private networks allowed, the redirect is followed; the move
	// to another host is recorded but not followed by later passes.
	for pass := range 2 {
		res, src := runSource(t, store, Options{AllowPrivateNetworks: true}, "src", source.URL+"/feed")
		if res.Status != storage.StatusOK || src.MovedTo != target {
			t.Errorf("allowed, pass %d: result %+v, moved to %q; want ok, moved to %s", pass, res, src.MovedTo, target)
		}
		if got := source.take(); !slices.Equal(got, []string{"/feed"}) {
			t.Errorf("allowed, pass %d: source asked for %q, want its configured /feed", pass, got)
		}
	}
	if got := internal.take(); len(got) != 2 {
		t.Errorf("allowed: the internal server was asked for %q, want one request a pass", got)
	}
}

// TestFollowMoves checks which URL the pass after a permanent move fetches,
// under each value of Options.FollowMoves.
func TestFollowMoves(t *testing.T) {
	other := newRecorder(t, serveFeed)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/other":
			http.Redirect(w, r, other.URL+"/new", http.StatusPermanentRedirect)
		default:
			serveFeed(w, r)
		}
	})
	tests := []struct {
		follow           string
		sameNext, others []string // what the second pass asks of srv for the two sources, and of other
	}{
		{"", []string{"/new", "/other"}, []string{"/new"}},
		{FollowSameHost, []string{"/new", "/other"}, []string{"/new"}},
		{FollowAny, []string{"/new"}, []string{"/new"}},
		{FollowNever, []string{"/same", "/new", "/other"}, []string{"/new"}},
	}
	for _, tt := range tests {
		t.Run(tt.follow, func(t *testing.T) {
			store := openStore(t)
			opts := Options{AllowPrivateNetworks: true, FollowMoves: tt.follow}
			for pass := range 2 {
				_, same := runSource(t, store, opts, "same", srv.URL+"/same")
				_, moved := runSource(t, store, opts, "other", srv.URL+"/other")
				if same.MovedTo != srv.URL+"/new" || moved.MovedTo != other.URL+"/new" {
					t.Errorf("pass %d: moves %q and %q", pass, same.MovedTo, moved.MovedTo)
				}
				if same.Status != storage.StatusOK || moved.Status != storage.StatusOK {
					t.Errorf("pass %d: statuses %q (%s) and %q (%s)", pass, same.Status, same.Error, moved.Status, moved.Error)
				}
				got, gotOther := srv.take(), other.take()
				if pass == 0 {
					continue
				}
				slices.Sort(got)
				want := slices.Sorted(slices.Values(tt.sameNext))
				if !slices.Equal(got, want) || !slices.Equal(gotOther, tt.others) {
					t.Errorf("second pass asked %q of the source's host and %q of the other, want %q and %q",
						got, gotOther, want, tt.others)
				}
			}
		})
	}
}

// TestMoveForgottenWhenUndone: a source fetched at its configured URL that
// no longer redirects has no move any more.
func TestMoveForgottenWhenUndone(t *testing.T) {
	var mu sync.Mutex
	moved := true
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if moved && r.URL.Path == "/feed" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		serveFeed(w, r)
	})
	store := openStore(t)
	opts := Options{FollowMoves: FollowNever}
	if _, src := runSource(t, store, opts, "src", srv.URL+"/feed"); src.MovedTo != srv.URL+"/new" {
		t.Fatalf("moved to %q, want /new", src.MovedTo)
	}
	mu.Lock()
	moved = false
	mu.Unlock()
	if _, src := runSource(t, store, opts, "src", srv.URL+"/feed"); src.MovedTo != "" || src.Status != storage.StatusOK {
		t.Errorf("after the move was undone: %+v, want ok and no move", src)
	}
}

// TestStoredMoveToInternalAddress starts from a database where a source
// moved to an internal address (as versions that followed every move could
// record): by default the configured URL is fetched again, and with
// FollowAny the moved URL is fetched as untrusted, so refused.
func TestStoredMoveToInternalAddress(t *testing.T) {
	internal := newRecorder(t, serveFeed)
	srv := newRecorder(t, serveFeed)
	store := openStore(t)
	src, err := store.EnsureSource(t.Context(), "src", srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	poisoned := storage.Fetch{Time: time.Now(), Status: storage.StatusOK, MovedTo: internal.URL + "/internal.rss"}
	if _, err := store.SaveFetch(t.Context(), src.ID, poisoned, nil); err != nil {
		t.Fatal(err)
	}
	res, _ := runSource(t, store, Options{FollowMoves: FollowAny}, "src", srv.URL+"/feed")
	if res.Err == nil || !strings.Contains(res.Err.Error(), "refused: 127.0.0.1 is a loopback address") {
		t.Errorf("following a stored move to loopback: %+v, want it refused", res)
	}
	if got := internal.take(); len(got) != 0 {
		t.Errorf("the internal server was asked for %q, want nothing", got)
	}
	res, stored := runSource(t, store, Options{}, "src", srv.URL+"/feed")
	if res.Status != storage.StatusOK || res.URL != srv.URL+"/feed" || stored.MovedTo != "" {
		t.Errorf("default policy: %+v, moved to %q; want the configured URL fetched and the move forgotten",
			res, stored.MovedTo)
	}
	if got := srv.take(); !slices.Equal(got, []string{"/feed"}) {
		t.Errorf("source asked for %q", got)
	}
}
