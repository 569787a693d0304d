package stories_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille/stories"
)

// benchDocs returns n docs spread over a week, as a feed of that size
// would have them: about two thirds of the stories told once, the others by
// two or three outlets, each copy rewording a third of the text. Words are
// drawn from a made-up vocabulary, so that different stories share about as
// many words as different news items do.
func benchDocs(n int) []stories.Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	vocabulary := make([]string, 5000)
	for i := range vocabulary {
		var b strings.Builder
		for range 4 + rng.IntN(6) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
		vocabulary[i] = b.String()
	}
	// Zipf-like: a few words are in most texts, most words in few.
	word := func() string { return vocabulary[int(float64(len(vocabulary))*math.Pow(rng.Float64(), 3))] }
	text := func(words int) []string {
		ws := make([]string, words)
		for i := range ws {
			switch r := rng.IntN(20); {
			case r == 0:
				ws[i] = strconv.Itoa(rng.IntN(1000))
			case r < 3:
				w := word()
				ws[i] = strings.ToUpper(w[:1]) + w[1:]
			default:
				ws[i] = word()
			}
		}
		return ws
	}
	reword := func(ws []string) string {
		out := slices.Clone(ws)
		for i := range out {
			if rng.IntN(3) == 0 {
				out[i] = word()
			}
		}
		return strings.Join(out, " ")
	}
	start := time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)
	docs := make([]stories.Doc, 0, n)
	for len(docs) < n {
		title, summary := text(10), text(50)
		at := start.Add(time.Duration(rng.Int64N(int64(7 * 24 * time.Hour))))
		copies := 1
		if rng.IntN(3) == 0 {
			copies = 2 + rng.IntN(2)
		}
		for c := 0; c < copies && len(docs) < n; c++ {
			docs = append(docs, stories.Doc{
				Title:     reword(title) + ".",
				Summary:   reword(summary) + ".",
				Published: at.Add(time.Duration(rng.Int64N(int64(12 * time.Hour)))),
			})
		}
	}
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs
}

func BenchmarkIndex(b *testing.B) {
	docs := benchDocs(300)
	b.ReportAllocs()
	for b.Loop() {
		storiesOf(docs, stories.Options{})
	}
}

func BenchmarkSimilarity(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		stories.Similarity(afpMonde, afpFigaro)
	}
}

// TestIndexInvariants checks, on the benchmark's docs, what an Index
// promises of any input: every item in one story, each story within the
// window, led by its earliest item.
func TestIndexInvariants(t *testing.T) {
	docs := benchDocs(300)
	// Undated items and shuffled positions.
	for i := range docs {
		if i%7 == 0 {
			docs[i].Published = time.Time{}
		}
		if j := (i * 31) % len(docs); j != i {
			docs[i], docs[j] = docs[j], docs[i]
		}
	}
	opts := stories.Options{Window: 24 * time.Hour}
	groups := storiesOf(docs, opts)
	seen := make([]bool, len(docs))
	merged := 0
	for k, g := range groups {
		if k > 0 && groups[k-1][0] >= g[0] {
			t.Errorf("group %d: representative %d after %d", k, g[0], groups[k-1][0])
		}
		var lo, hi time.Time
		for _, i := range g {
			if seen[i] {
				t.Fatalf("index %d in two groups", i)
			}
			seen[i] = true
			p := docs[i].Published
			if p.IsZero() {
				continue
			}
			if lo.IsZero() || p.Before(lo) {
				lo = p
			}
			if p.After(hi) {
				hi = p
			}
			if rep := docs[g[0]].Published; rep.IsZero() || p.Before(rep) {
				t.Errorf("group %v: %d published before its representative", g, i)
			}
		}
		if hi.Sub(lo) > opts.Window {
			t.Errorf("group %v spans %v", g, hi.Sub(lo))
		}
		if len(g) > 1 {
			merged++
		}
	}
	for i, ok := range seen {
		if !ok {
			t.Errorf("index %d in no group", i)
		}
	}
	if merged == 0 {
		t.Error("no group has more than one item")
	}
}
