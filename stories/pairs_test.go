package stories_test

import (
	"cmp"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/veille-project/veille/stories"
)

// The labelled pairs of items, in curation/testdata: merge when both report
// one story, keep when they are different stories. pairs.tsv was the
// development set the similarity's first threshold was chosen on;
// heldout_pairs.tsv was written afterwards, in three batches, by writers who
// had seen neither it nor the code, each batch measured once: it stands for
// unseen news only as long as nothing is tuned to its errors.
//
// story_pairs_v4.tsv was written blind after the changes of issue 14
// (boilerplate, one source's series, the bilingual table of news words),
// by a writer who saw neither the code nor the other sets, and measured
// once (precision 0.929, recall 0.173).
//
// story_pairs_v5.tsv was written blind the same way, and measured once
// (precision 1.000, recall 0.050).
//
// All four are now development sets: the weights and the threshold of
// Similarity were chosen on them, weighing v5 most and keeping every set's
// precision at 0.95 or more. Their floors are a little under the
// development figures; only a set written blind afterwards measures unseen
// news.
//
// story_pairs_v6.tsv is that set: written blind after those choices (commit
// c2561cf), with the instructions v5 was written with, and measured once
// there: precision 0.846 (22 of 26 merges right), recall 0.220 (22 of
// 100). Its four wrong merges are pairs of stories months or years apart
// (two ECB meetings, two Champions League finals, an impeachment ruling and
// the election after it, a draft and an award), which texts alone cannot
// tell apart and which the 72-hour window of Group and Index keeps apart.
// Its floors are a little under that measure.
//
// story_pairs_dated_dev.tsv gives each item its publication time, and is
// measured as a pass merges (see placeAmong), so that the 72-hour window,
// the rarity of terms in it and the rule for items published within a day
// of each other count. It was written blind (160 pairs) as a development
// set for a rule of closeness in time. A first rule, a lower threshold for
// items published within 12 hours of each other (0.35), was rejected: the
// benchmark farm, whose distinct items share title and sentence templates
// and are published within hours, then merged 1,930 of its 2,500 distinct
// AI items.
//
// story_pairs_v7.tsv was then written blind with the same instructions
// (160 dated pairs, 40 % French–French, 30 % English–English, 30 %
// French–English), and measured once at commit 93aaf06, each pair alone
// in an Index: precision 1.000 (25/25), recall 0.312 (25/80). Both dated
// sets then became the development sets of the rule an Index now follows
// (terms weighing by their rarity in the window; items published within a
// day linked from 0.34, titles and names counting more, once the Index
// holds 50 items): precision 1.000 and recall 0.688 (55/80) on each, with
// the farm merging 1 of its 2,500 distinct AI items. Measured with the
// other items of the set keeping their sources, dated_dev's recall is
// 0.500: its writer reused events across pairs, and one outlet's items on
// one event are never one story, so the pair's items may join two of them.
//
// story_pairs_v8.tsv was written blind after that rule (commit 4feb696),
// with the instructions of v7 asking for harder pairs of different stories
// (38 of 80 within 72 hours) and no event in two pairs, and measured once
// there, as a pass merges: precision 0.976 (41/42), recall 0.512 (41/80);
// 0.976 and 0.500 with the other items keeping their sources. Its one
// wrong merge is the Palme d'or of Justine Triet and the minister's
// reaction to her speech the next day.
//
// story_pairs_v9.tsv was written blind by another writer with the same
// instructions, asking also for less famous events, and measured once at
// commit fb4b0ae (the rule of 4feb696, made faster): precision 1.000
// (41/41), recall 0.512 (41/80); 0.977 and 0.525 with the other items
// keeping their sources.
//
// story_pairs_v10.tsv was written blind by a third writer with the same
// instructions (2022–2026, health and environment added), after variants
// tried on the four sets above were left out, and measured once at commit
// 1277791 (the same rule): precision 0.971 (33/34), recall 0.412 (33/80);
// 0.969 and 0.388 with the other items keeping their sources. Its wrong
// merge: LVMH's quarterly sales and Hermès overtaking LVMH's value.
//
// The five dated sets were then the development sets of a lower threshold
// for items published within hours of each other (see soonThreshold): on
// them, the pairs of different stories scoring near the threshold of the
// 24-hour rule are follow-ups published 11 to 24 hours later, the pairs of
// one story rewordings published within four hours. Their floors below
// are a little under what that rule measures.
//
// story_pairs_v11.tsv was written blind after that rule (commit f53bc6e),
// by a fourth writer with the instructions of v10, and measured once at
// 860a9ed: precision 0.945 (52/55), recall 0.650 (52/80); the rule before
// it, at dbeec96, 0.949 and 0.463 on the same pairs. Its wrong merges: the
// launch of Threads and Twitter's legal threat 24 hours later, a moon
// landing and the lander found tipped over 23 hours later (both over 0.34,
// merged by the 24-hour rule before too), and the rebels' capture of two
// Syrian cities two days apart, joined through items of other pairs.
// With v11 as a development set too, the threshold of the 24-hour rule
// rises again from 12 hours apart, to DefaultThreshold a day apart (see
// followUpAfter): the follow-ups of the next day in v8, v10 and v11 are
// no longer merged, and one pair of one story of v8 is missed.
//
// story_pairs_v12.tsv was written blind after that (commit 6f06974), by a
// fifth writer with the same instructions, and measured once at 2ce8fa7:
// precision 0.977 (42/43), recall 0.525 (42/80); the rule before this
// round, at dbeec96, 1.000 and 0.350 on the same pairs. Its wrong merge:
// the naming of Lecornu's government and his resignation 14 hours later.
// With v12 as a development set too, the word that starts a headline
// capitalized, when no common word, counts as a name for items near in
// time (see features.nearNames): "Truss quits…" names Truss.
//
// story_pairs_v13.tsv was written blind by a sixth writer with the same
// instructions, while that last change was made, and measured once after
// it, at 652c9ce: precision 0.982 (56/57), recall 0.700 (56/80); the rule
// before this round, at dbeec96, 0.925 and 0.463 on the same pairs. Its
// wrong merge: the Palme d'or of Justine Triet and the minister's
// reaction to her speech, published four hours apart (0.314).
//
// story_pairs_v14.tsv was written blind by a seventh writer with the same
// instructions, after that change, and measured once at b87ceb0 (the same
// rule): precision 0.977 (43/44), recall 0.537 (43/80); the rule before
// this round, 0.971 and 0.412. Its wrong merge: the launch of Threads and
// Twitter's legal threat 19 hours later (0.521), as in v11. Over v13 and
// v14, the two sets measured with the rule as it stands: precision 0.980
// (99/101), recall 0.619 (99/160).
const (
	pairsFile        = "../curation/testdata/pairs.tsv"
	heldoutPairsFile = "../curation/testdata/heldout_pairs.tsv"
	v4PairsFile      = "../curation/testdata/story_pairs_v4.tsv"
	v5PairsFile      = "../curation/testdata/story_pairs_v5.tsv"
	v6PairsFile      = "../curation/testdata/story_pairs_v6.tsv"
	datedPairsFile   = "../curation/testdata/story_pairs_dated_dev.tsv"
	v7PairsFile      = "../curation/testdata/story_pairs_v7.tsv"
	v8PairsFile      = "../curation/testdata/story_pairs_v8.tsv"
	v9PairsFile      = "../curation/testdata/story_pairs_v9.tsv"
	v10PairsFile     = "../curation/testdata/story_pairs_v10.tsv"
	v11PairsFile     = "../curation/testdata/story_pairs_v11.tsv"
	v12PairsFile     = "../curation/testdata/story_pairs_v12.tsv"
	v13PairsFile     = "../curation/testdata/story_pairs_v13.tsv"
	v14PairsFile     = "../curation/testdata/story_pairs_v14.tsv"
)

type pair struct {
	id, label, note string
	a, b            stories.Doc
	score           float64
	// merged is what veille does with the pair: with both dates known,
	// whether a pass places a and b in one story (see placeAmong); else a
	// score at DefaultThreshold or more.
	merged bool
}

func readPairs(t *testing.T, pairsFile string) []pair {
	t.Helper()
	f, err := os.Open(pairsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", pairsFile, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no pairs", pairsFile)
	}
	col := make(map[string]int)
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"id", "label", "a_title", "a_summary", "b_title", "b_summary"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("%s: no column %q", pairsFile, name)
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	var pairs []pair
	for n, row := range rows[1:] {
		p := pair{
			id:    get(row, "id"),
			label: get(row, "label"),
			note:  get(row, "note"),
			a:     stories.Doc{Title: get(row, "a_title"), Summary: get(row, "a_summary"), Source: get(row, "a_source")},
			b:     stories.Doc{Title: get(row, "b_title"), Summary: get(row, "b_summary"), Source: get(row, "b_source")},
		}
		if p.label != "merge" && p.label != "keep" {
			t.Fatalf("%s:%d: label %q, want merge or keep", pairsFile, n+2, p.label)
		}
		for _, d := range []struct {
			column string
			into   *time.Time
		}{{"a_published", &p.a.Published}, {"b_published", &p.b.Published}} {
			if v := get(row, d.column); v != "" {
				var err error
				if *d.into, err = time.Parse(time.RFC3339, v); err != nil {
					t.Fatalf("%s:%d: %s: %v", pairsFile, n+2, d.column, err)
				}
			}
		}
		p.score = stories.Similarity(p.a, p.b)
		p.merged = p.score >= stories.DefaultThreshold
		pairs = append(pairs, p)
	}
	for i := range pairs {
		if p := &pairs[i]; !p.a.Published.IsZero() && !p.b.Published.IsZero() {
			p.score, p.merged = placeAmong(pairs, i)
		}
	}
	return pairs
}

// placeAmong places the items of pairs[i] as a pass does, in an Index
// holding every other item of the set, and returns the score of the second
// item's link and whether it joined the first one's story. The other
// items, dated an hour before the first, stand for the window of a feed:
// some three hundred items of many stories, among which a term many of
// them hold weighs less. They are placed too, so that the items of one
// event in two pairs of the set form one story, as they would in a feed;
// each is taken to come from a source of its own, since the writers of
// the sets reused a few outlets for unrelated pairs, and an outlet's two
// items are never one story (see TestIndexSameSource).
func placeAmong(pairs []pair, i int) (score float64, merged bool) {
	p := pairs[i]
	x := stories.NewIndex(stories.Options{})
	key := int64(10)
	for j, q := range pairs {
		if j == i {
			continue
		}
		for _, d := range []stories.Doc{q.a, q.b} {
			d.Published, d.Source = p.a.Published.Add(-time.Hour), ""
			key++
			x.Place(key, d)
		}
	}
	a := x.Place(1, p.a)
	b := x.Place(2, p.b)
	return b.Score, b.Story == a.Story
}

// TestMergePairs measures Similarity at DefaultThreshold on the labelled
// pairs. Precision matters most: a wrong merge hides a story, a missed one
// only shows a duplicate.
func TestMergePairs(t *testing.T) {
	for _, set := range []struct {
		file              string
		precision, recall float64 // floors a little under what README reports
	}{
		{pairsFile, 0.95, 0.95},
		{heldoutPairsFile, 0.95, 0.37},
		{v4PairsFile, 0.95, 0.28},
		{v5PairsFile, 0.95, 0.25},
		{v6PairsFile, 0.84, 0.21},
		{datedPairsFile, 0.97, 0.88},
		{v7PairsFile, 0.97, 0.86},
		{v8PairsFile, 0.97, 0.65},
		{v9PairsFile, 0.97, 0.77},
		{v10PairsFile, 0.97, 0.56},
		{v11PairsFile, 0.97, 0.68},
		{v12PairsFile, 0.97, 0.52},
		{v13PairsFile, 0.97, 0.68},
		{v14PairsFile, 0.97, 0.52},
	} {
		t.Run(filepath.Base(set.file), func(t *testing.T) {
			pairs := readPairs(t, set.file)
			precision, recall := measurePairs(t, pairs)
			if precision < set.precision || recall < set.recall {
				t.Errorf("precision %.3f, recall %.3f: below %.2f / %.2f", precision, recall, set.precision, set.recall)
			}
			if testing.Verbose() {
				// The score distribution, to choose the threshold by.
				slices.SortFunc(pairs, func(x, y pair) int { return cmp.Compare(y.score, x.score) })
				for _, p := range pairs {
					t.Logf("%.3f %-5s %-6s %s", p.score, p.label, p.id, p.note)
				}
			}
		})
	}
}

// measurePairs logs the pairs merged or kept apart wrongly at the default
// threshold, and returns the precision and recall of merging.
func measurePairs(t *testing.T, pairs []pair) (precision, recall float64) {
	var truePos, falsePos, falseNeg, trueNeg int
	for _, p := range pairs {
		merged := p.merged
		switch {
		case merged && p.label == "merge":
			truePos++
		case merged:
			falsePos++
			t.Logf("wrong merge %s (%.3f): %q / %q — %s", p.id, p.score, p.a.Title, p.b.Title, p.note)
		case p.label == "merge":
			falseNeg++
			t.Logf("missed merge %s (%.3f): %q / %q — %s", p.id, p.score, p.a.Title, p.b.Title, p.note)
		default:
			trueNeg++
		}
	}
	precision = float64(truePos) / float64(max(truePos+falsePos, 1))
	recall = float64(truePos) / float64(max(truePos+falseNeg, 1))
	t.Logf("%d pairs at threshold %.2f: %d merged rightly, %d wrongly, %d missed, %d kept apart rightly",
		len(pairs), stories.DefaultThreshold, truePos, falsePos, falseNeg, trueNeg)
	t.Logf("precision %.3f, recall %.3f", precision, recall)
	return precision, recall
}
