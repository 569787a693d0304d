package stories

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// An Index places news items into stories one at a time, as they arrive,
// so that the cost of an item grows with the few items it could be a copy
// of, not with every item of the window. It links each new item to the
// indexed item most like it, and finds the candidates through the terms
// they share: an item is compared only with items that
// share at least minShared of its words, names or figures, none of them a
// term so common in the index (more than maxPostings items) that sharing it
// says nothing. Two items that share fewer terms than that score far under
// any useful threshold, since every signal of Similarity is an overlap of
// those terms.
//
// Each item joins the story of its best link whose similarity reaches the
// threshold (from soonThreshold to nearThreshold for items published
// within a day of each other, see link) and whose dates, with the
// story's, stay within the window; else it starts a story of its own. A
// later item never merges two stories already formed: a story, once
// published, keeps its members. Terms weigh by how rare they are among the
// indexed items (see rarityBeside).
//
// Two items of one source are linked only when they are one article posted
// twice (see sameText): a source's series, columns, podcast episodes and
// live updates share their wording and their subject, yet each is an item
// its readers want. With Options.Boilerplate, what a source repeats across
// its items is left out of what the Index compares.
//
// The zero Index is not usable: call NewIndex. An Index is not safe for
// concurrent use.
type Index struct {
	opts     Options
	docs     []indexed
	byKey    map[int64]int32      // key → position in docs
	postings map[uint64][]int32   // term → positions in docs
	stories  map[int64]*storySpan // story key → its span and lead
	shared   []int32              // scratch: shared terms by position
	sources  map[string]int32     // Doc.Source → its number in indexed.source
	// rarities caches rarityOf by number of items, for an Index of
	// raritySize items; 0 where not computed yet.
	rarities   []float64
	raritySize int
}

type indexed struct {
	key, story int64
	published  time.Time
	source     int32 // 0: unknown
	f          features
}

// storySpan is what Place needs to know of a story: its earliest and latest
// dates, and its lead, the item that represents it.
type storySpan struct {
	first, last time.Time
	lead        int64
	leadDoc     Doc
	alone       bool // an editor took its item out of a story: nothing joins it
}

// Candidate search bounds: a term in more items than maxPostings is too
// common to point at a copy; an item shares at least minShared terms with
// its copies; at most maxCandidates items, those sharing the most terms,
// are compared with each new item.
const (
	maxPostings   = 256
	minShared     = 2
	maxCandidates = 64
)

// Placement is where Place put an item.
type Placement struct {
	// Story is the key of the story's first item, the item's own key when
	// it starts a story.
	Story int64
	// Link is the key of the indexed item it is most like, 0 when it starts
	// a story; Score is their Similarity.
	Link  int64
	Score float64
	// Lead reports that the item now represents its story (the story's
	// earliest report); Former is the lead it replaces, 0 if none.
	Lead   bool
	Former int64
	// Evidence is what the item shares with Link, in its own words: the
	// reasons of the merge, to show an editor.
	Evidence Evidence
}

// Evidence is what two items share that made them one story: words (as
// one of them writes them), names and figures, each once. Boilerplate is
// not evidence and is not listed.
type Evidence struct {
	Words   []string `json:"words,omitempty"`
	Names   []string `json:"names,omitempty"`
	Figures []string `json:"figures,omitempty"`
}

// NewIndex returns an empty Index; zero Options pick the defaults.
func NewIndex(opts Options) *Index {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	return &Index{opts: opts, byKey: map[int64]int32{}, postings: map[uint64][]int32{},
		stories: map[int64]*storySpan{}, sources: map[string]int32{}}
}

// Add indexes an item already placed in story, with its key: the items
// stored by earlier passes. An item whose key is indexed already is
// ignored. lead says whether it represents its story.
func (x *Index) Add(key, story int64, d Doc, lead bool) {
	if _, ok := x.byKey[key]; ok {
		return
	}
	if story == 0 {
		story = key
	}
	x.insert(key, story, d)
	s := x.span(story, d)
	if lead {
		s.lead, s.leadDoc = key, d
	}
}

// Alone indexes a new item d under key as a story of its own that no later
// item joins: an editor said it is not the story it was merged into, and a
// computation of the stories again must not merge it back, nor merge that
// story into it.
func (x *Index) Alone(key int64, d Doc) {
	if _, ok := x.byKey[key]; ok {
		return
	}
	x.insert(key, key, d)
	x.stories[key] = &storySpan{first: d.Published, last: d.Published, lead: key, leadDoc: d, alone: true}
}

// Attach indexes a new item d under key in a story it is known to belong
// to, whatever its text says (another outlet's item with the same link): it
// neither leads the story nor changes its lead. lead and leadTime name the
// story's lead, in case the Index does not hold the story yet.
func (x *Index) Attach(key, story int64, d Doc, lead int64, leadTime time.Time) {
	if _, ok := x.byKey[key]; ok {
		return
	}
	s, known := x.stories[story]
	if !known {
		s = &storySpan{first: leadTime, last: leadTime, lead: lead, leadDoc: Doc{Published: leadTime}}
		x.stories[story] = s
	}
	x.insert(key, story, d)
	s.first, s.last = earliest(s.first, d.Published), latest(s.last, d.Published)
}

// Place finds the story of a new item d, indexes it under key and says
// where it went. Keys are the caller's, non-zero and unique.
func (x *Index) Place(key int64, d Doc) Placement {
	if _, ok := x.byKey[key]; ok {
		pos := x.byKey[key]
		return Placement{Story: x.docs[pos].story}
	}
	text := x.opts.Boilerplate.strip(d)
	f := featuresOf(text)
	source := x.source(d.Source)
	p := Placement{Story: key}
	if best, score, ok := x.best(&f, d.Published, source); ok {
		link := &x.docs[best]
		p.Story, p.Link, p.Score = link.story, link.key, score
		p.Evidence = evidence(text, &link.f)
	}
	x.insertFeatures(key, p.Story, d.Published, source, f)
	s := x.span(p.Story, d)
	if s.lead == 0 || before(d, s.leadDoc) {
		p.Lead, p.Former = true, s.lead
		s.lead, s.leadDoc = key, Doc{Summary: d.Summary, Published: d.Published}
	}
	return p
}

// best returns the position of the indexed item most like f, of source,
// that it could join, their similarity, and whether one reaches the
// threshold.
func (x *Index) best(f *features, published time.Time, source int32) (int32, float64, bool) {
	candidates := x.candidates(f)
	bestPos, bestScore := int32(-1), 0.0
	for _, pos := range candidates {
		doc := &x.docs[pos]
		if !within(published, doc.published, x.opts.Window) {
			continue
		}
		if source != 0 && doc.source == source && !sameText(f, &doc.f) {
			continue
		}
		s := x.stories[doc.story]
		if s.alone {
			continue
		}
		if !within(earliest(s.first, published), latest(s.last, published), x.opts.Window) {
			continue
		}
		if score, ok := x.link(f, published, doc); ok && score > bestScore {
			bestPos, bestScore = pos, score
		}
	}
	return bestPos, bestScore, bestPos >= 0
}

// candidates returns the positions of the indexed items that share at
// least minShared uncommon terms with f, those sharing the most first, at
// most maxCandidates of them.
func (x *Index) candidates(f *features) []int32 {
	if cap(x.shared) < len(x.docs) {
		x.shared = make([]int32, len(x.docs), 2*len(x.docs)+16)
	}
	x.shared = x.shared[:len(x.docs)]
	var touched []int32
	for _, term := range f.terms() {
		list := x.postings[term]
		if len(list) > maxPostings {
			continue
		}
		for _, pos := range list {
			if x.shared[pos] == 0 {
				touched = append(touched, pos)
			}
			x.shared[pos]++
		}
	}
	var out []int32
	for _, pos := range touched {
		if x.shared[pos] >= minShared {
			out = append(out, pos)
		}
	}
	slices.SortFunc(out, func(a, b int32) int {
		return cmp.Or(cmp.Compare(x.shared[b], x.shared[a]), cmp.Compare(a, b))
	})
	// Every count touched goes back to zero for the next item: a count
	// left over would make a stranger look like a copy.
	for _, pos := range touched {
		x.shared[pos] = 0
	}
	return out[:min(len(out), maxCandidates)]
}

func (x *Index) insert(key, story int64, d Doc) {
	x.insertFeatures(key, story, d.Published, x.source(d.Source), featuresOf(x.opts.Boilerplate.strip(d)))
}

func (x *Index) insertFeatures(key, story int64, published time.Time, source int32, f features) {
	pos := int32(len(x.docs))
	// Pairs and days are compared but never looked up: the candidates come
	// from the other sets, so only those are kept in the postings.
	x.docs = append(x.docs, indexed{key: key, story: story, published: published, source: source, f: f.packed()})
	x.byKey[key] = pos
	for _, term := range f.terms() {
		x.postings[term] = append(x.postings[term], pos)
	}
}

// Items published within nearWindow of each other are linked from
// nearThreshold (from less the closer they are, from more a day apart, see
// soonThreshold), their titles and their names counting more: two outlets
// report one event within hours, in words of their own but under
// headlines naming the same people and things, while two stories of one
// day that share a name (a concession speech and the election result, the
// women's and the men's Ballon d'Or) share little else. Further apart, a
// headline like "Apple announces…" is shared by different stories, and
// the text alone decides, from Options.Threshold. Chosen on the two dated
// development sets and the benchmark farm (see pairs_test.go): round
// values of a plateau where neither set merged a pair of different
// stories.
//
// The rule trusts shared names, and only the window tells which names are
// common ("OpenAI" in a feed about AI): an Index holding fewer than
// nearMinItems items does not apply it, lest two stories of one company on
// one day merge.
const (
	nearWindow      = 24 * time.Hour
	nearThreshold   = 0.34
	nearTitleWeight = 1.0
	nearNamesWeight = 0.9
	nearMinItems    = 50
)

// Outlets reword one event within hours of it; a follow-up (the
// reaction, the next stage, the market's answer) and the other stories of
// the same people come later, often the next day. So the threshold of
// items near in time rises with the time between them: from
// soonThreshold for items published together to nearThreshold for items
// soonWindow apart, and again from followUpAfter to the threshold of
// texts alone for items a day apart. Two headlines that both name someone
// or something, and nothing in common ("Keys beats Sabalenka", "Sinner
// beats Zverev"; a heatwave "in Annecy" and one "in Grenoble"), are two
// stories however close in time, and are linked from nearThreshold at
// least. Chosen on the dated development sets and the benchmark farm (see
// pairs_test.go): the lowest start and the shortest rise at which every
// set kept a precision of 0.97, on a plateau of their recall, and the
// latest second rise that left no follow-up of the next day merged.
const (
	soonWindow    = 8 * time.Hour
	soonThreshold = 0.22
	followUpAfter = 12 * time.Hour
)

// link returns the similarity of a new item f, published at t, to the
// indexed item c, and whether it links them: from nearLink when the Index
// holds nearMinItems items or more and both dates are known and within
// nearWindow, else from the threshold of the options. The caller checks
// the window.
func (x *Index) link(f *features, t time.Time, c *indexed) (float64, bool) {
	r := x.rarityBeside(&c.f)
	if len(x.docs) >= nearMinItems && !t.IsZero() && !c.published.IsZero() && within(t, c.published, nearWindow) {
		s := similarity(f, &c.f, r, true)
		return s, s >= nearLink(f, &c.f, t.Sub(c.published), x.opts.Threshold)
	}
	s := similarity(f, &c.f, r, false)
	return s, s >= x.opts.Threshold
}

// nearLink returns the similarity from which a and b, published apart by
// apart (within nearWindow), are linked, far being the threshold of items
// further apart: soonThreshold rising linearly to nearThreshold over
// soonWindow (or nearThreshold at once when their headlines name
// different people or things and none in common), then nearThreshold
// rising linearly from followUpAfter to far at nearWindow.
func nearLink(a, b *features, apart time.Duration, far float64) float64 {
	apart = apart.Abs()
	switch {
	case apart > followUpAfter:
		rise := float64(apart-followUpAfter) / float64(nearWindow-followUpAfter)
		return nearThreshold + max(far-nearThreshold, 0)*rise
	case apart >= soonWindow || disjoint(a.titleNames, b.titleNames):
		return nearThreshold
	}
	return soonThreshold + (nearThreshold-soonThreshold)*float64(apart)/float64(soonWindow)
}

// rarityPower sharpens rarity: in a window of 2,500 items, a term a
// twentieth of them hold weighs 0.06, one five of them hold (the copies
// of one story) 0.46. Chosen on the benchmark farm, whose distinct items
// share sentence templates and a few dozen subjects and places, and the
// dated development sets.
const rarityPower = 3

// rarityBeside returns the weights of terms compared with the indexed
// item c: by how few of the other indexed items hold them, as an inverse
// document frequency normalized to [0, 1] and raised to rarityPower; 1
// for a term no other item holds. Text a whole window repeats (a topic's
// own vocabulary, "IA", "OpenAI"; the templates of sources) then says
// little, and a name only one story's items write says much. With no
// other item indexed, every term weighs 1, as in Similarity.
func (x *Index) rarityBeside(c *features) rarity {
	return func(h uint64, inC bool) float64 {
		n := len(x.postings[h])
		if inC || c.holds(h) {
			n-- // c is not one of the others
		}
		return x.rarityOf(n)
	}
}

// rarityOf returns the weight of a term n indexed items other than the
// two compared hold, computing it once per size of the Index.
func (x *Index) rarityOf(n int) float64 {
	if n <= 0 {
		return 1
	}
	if x.raritySize != len(x.docs) {
		x.raritySize, x.rarities = len(x.docs), x.rarities[:0]
	}
	if n >= len(x.rarities) {
		x.rarities = append(x.rarities, make([]float64, n+1-len(x.rarities))...)
	}
	if w := x.rarities[n]; w > 0 {
		return w
	}
	others := float64(len(x.docs) - 1)
	w := math.Pow(math.Log((others+2)/float64(n+1))/math.Log(others+2), rarityPower)
	x.rarities[n] = w
	return w
}

// holds reports whether h is one of the terms of f an Index looks up.
func (f *features) holds(h uint64) bool {
	for _, set := range [][]uint64{f.words, f.names, f.facts} {
		if _, ok := slices.BinarySearch(set, h); ok {
			return true
		}
	}
	return false
}

// source returns the number of the source named name, 0 for "".
func (x *Index) source(name string) int32 {
	if name == "" {
		return 0
	}
	n, ok := x.sources[name]
	if !ok {
		n = int32(len(x.sources) + 1)
		x.sources[name] = n
	}
	return n
}

// packed returns f in one array, without the spare capacity its sets were
// built with: an Index keeps the features of every item of its window.
func (f features) packed() features {
	// nearNames is names itself unless the title starts with a name of
	// its own, and is kept so.
	lead := len(f.nearNames) > len(f.names)
	size := len(f.words) + len(f.names) + len(f.facts) + len(f.figures) + len(f.days) + len(f.title) + len(f.titleNames)
	if lead {
		size += len(f.nearNames)
	}
	all := make([]uint64, 0, size)
	take := func(set []uint64) []uint64 {
		start := len(all)
		all = append(all, set...)
		return all[start:len(all):len(all)]
	}
	p := features{words: take(f.words), names: take(f.names), facts: take(f.facts), figures: take(f.figures),
		days: take(f.days), title: take(f.title), titleNames: take(f.titleNames), lang: f.lang}
	p.nearNames = p.names
	if lead {
		p.nearNames = take(f.nearNames)
	}
	return p
}

// terms returns the terms an item is looked up by: its words, names and
// figures, each once (a short name is also a word), sorted.
func (f *features) terms() []uint64 {
	all := make([]uint64, 0, len(f.words)+len(f.names)+len(f.facts))
	all = append(append(append(all, f.words...), f.names...), f.facts...)
	slices.Sort(all)
	return slices.Compact(all)
}

// span returns the span of story, widened to d's date.
func (x *Index) span(story int64, d Doc) *storySpan {
	s, ok := x.stories[story]
	if !ok {
		s = &storySpan{first: d.Published, last: d.Published}
		x.stories[story] = s
		return s
	}
	s.first, s.last = earliest(s.first, d.Published), latest(s.last, d.Published)
	return s
}

// Two items of one source are one article posted twice (under a new link,
// or fetched from a new GUID) only when they have enough text of their own
// to tell, say nearly all of it alike, titles included, and state the same
// figures: a series ("L'IA et la presse", "L'IA et l'école"), numbered
// episodes or the updates of a live page differ in their titles or their
// figures.
const (
	sameTextWords = 8
	sameTextBody  = 0.9
	sameTextTitle = 0.8
)

// sameText reports whether a and b, of one source, are one article.
func sameText(a, b *features) bool {
	if len(a.words) < sameTextWords || len(b.words) < sameTextWords || len(a.title) == 0 || len(b.title) == 0 {
		return false
	}
	return cosine(common(a.words, b.words), len(a.words), len(b.words)) >= sameTextBody &&
		cosine(common(a.title, b.title), len(a.title), len(b.title)) >= sameTextTitle &&
		slices.Equal(a.facts, b.facts)
}

// evidence returns what d, whose features are compared, shares with other.
func evidence(d Doc, other *features) Evidence {
	var e Evidence
	listed := map[uint64]bool{}
	names := map[string]bool{}
	walk(d, func(kind termKind, h uint64, surface string) {
		var in []uint64
		var list *[]string
		switch kind {
		case nameTerm:
			in, list = other.names, &e.Names
			names[surface] = true
		case factTerm:
			in, list = other.facts, &e.Figures
		case wordTerm:
			if names[surface] {
				return // listed as a name
			}
			in, list = other.words, &e.Words
		default:
			return
		}
		key := h ^ uint64(kind)<<56
		if _, found := slices.BinarySearch(in, h); found && !listed[key] {
			listed[key] = true
			*list = append(*list, surface)
		}
	})
	return e
}
