// Package stories tells which news items report the same story, so that a
// feed publishes each story once.
//
// Outlets carry the same story in two ways: the same agency dispatch
// reprinted with small edits (a new headline, a trimmed last paragraph), and
// their own wording of one announcement. Both must be recognized; two
// different stories on one topic (two announcements of one company, a story
// and its follow-up with new facts, a weekly column under the same title)
// must not be.
//
// # Technique
//
// Each [Doc] is reduced once to sets of terms. The text is decomposed
// (Unicode NFKD) with its accents removed, lowercased and split into words
// on every character that is not a letter or a digit, and between letters
// and digits ("GPT5" is "gpt" and "5"); "U.S." is one word, "us"; a
// currency sign is the word for its currency ("$3.3bn" says "dollars").
// French and English stop words are dropped: function words, the commonest
// verbs, relative dates ("hier", "today") and agency bylines ("AFP").
// Words are stemmed by dropping a plural s and cutting them to six letters,
// which serves both languages: "announced" and "announcement" are
// "announ". The commonest words of news (some six hundred stems of 240
// meanings) are then
// written one way in both languages ("licenciements", "suppressions",
// "layoffs" and "cuts" are one word; "séisme" and "earthquake"; "élu" and
// "elected"), and so are countries and their peoples ("Allemagne",
// "allemand", "Germany", "German"), the acronyms of institutions ("BCE"
// and "ECB", "ONU" and "UN") and countries of two words ("États-Unis",
// "United States"), since a French and an English report of one story
// share almost no words otherwise (see concepts). The sets are:
//
//   - words: the stems of the title and summary, each weighing by how
//     rare it is in news: one of some seven hundred of the commonest words
//     of news in either language ("gouvernement", "pays", "people",
//     "announced") weighs 0.6, any other ("Lagarde", "séisme", "Alstom")
//     1, as an inverse document frequency would weigh them (see
//     commonWords);
//   - names: the words written with a capital other than at the start of a
//     sentence, and acronyms ("OpenAI", "CNIL"): people, companies, places.
//     The capitals of a Title Case headline (four in five of its longer
//     words capitalized) say nothing and are ignored, unless the text
//     writes the word with a capital elsewhere too
//     ("Amazon to cut… Amazon said"); a word of the bilingual table
//     ("French", "CEO") is a common word, never a name. For items near in
//     time, a word that starts the headline or a clause of it capitalized
//     and is no common word counts as a name too ("Truss quits…"):
//     headlines start with whom they are about;
//   - facts: numbers other than years (the context of most stories of a
//     week), days of the week and months. Numbers are written one
//     way whatever the language ("1,5" and "1.5"; "10 000" and "10,000";
//     "twenty-eight", "28"; "troisième", "third", "3e"), and so are days
//     and months ("mardi 9 avril", "Tuesday, April 9"), since a French and
//     an English copy, or two rewordings, state the same facts in
//     different words;
//   - figures: the numbers of the facts other than a single digit
//     ("340 000", "7,7 %"), which two different stories share far less
//     often than a "2" or a "5-0": a figure weighs by how rare it is.
//
// [Similarity] measures the overlap of each set in one of two ways. Facts
// and figures use the cosine |A∩B|/√(|A|·|B|), which counts what either
// item says alone against them: the new facts of a follow-up lower it.
// Words and names use the containment |A∩B|/min(|A|,|B|), which forgives
// what the shorter item leaves out: a trimmed copy of a dispatch, a
// rewording in fewer words, a rewrite naming fewer people; for words, each
// counts its weight. A French and an English report of one story share
// fewer words than two rewordings in one language, even through the
// bilingual table: when the function words of the two items tell
// different languages, their words' overlap counts 1.6 times, at most 1.
//
// The score is the weighted mean of the four overlaps: 0.9 for words, 0.5
// for figures, 0.2 for facts and 0.2 for names, which different stories
// about one company or person share too. Each weight is scaled by
// m/(m+6), m being the size of the smaller of the two sets: a set one item
// lacks (a summary without numbers) does not count, and one shared figure
// of one counts for little against twenty shared words.
//
// Agreement never proves one story, but a contradiction is good evidence of
// two: when both items name different days of the week the score is
// halved, and when both state facts and share none it is cut by 30 % (two
// rewordings of one story may each pick different figures of it).
//
// The score ranks pairs; it is not a calibrated probability. The weights
// and [DefaultThreshold] were chosen on 625 labelled French and English
// pairs of four sets (see pairs_test.go), weighing most the latest, written
// as unseen news is, and keeping every set's precision at 0.95 or more,
// since a wrong merge hides a story and a missed one only shows a
// duplicate. At the threshold, 123 of the 313 pairs of one story merge and
// 3 of the 312 pairs of different stories do (development figures: the
// sets' errors were studied). Rewordings that share few words still score
// under it, and so does a story and its follow-up that state the same
// figures (a bid and its rejection).
// What a bag of words cannot tell apart are two launches of versions of one
// product ("Claude 3", "Claude 3.5") told alike; they are usually months
// apart, and an Index's window keeps them apart.
//
// # Stories of a feed
//
// An [Index] places a feed's items into stories as they are stored, each
// item joining the story of the indexed item most like it, within a window
// (72 hours). Two things it knows that Similarity does not change the
// comparison:
//
//   - the window: a term weighs by how rare it is among the indexed items
//     (an inverse document frequency, normalized and cubed), in the words,
//     names and title signals and in how much each signal counts. A
//     topic's own vocabulary ("IA", "OpenAI" in a feed about AI) and the
//     templates sources repeat say little; a name only one story's items
//     write ("Pelicot", "Gelsinger") says much;
//   - closeness in time: two items published within a day of each other
//     are linked from 0.34 instead of DefaultThreshold, their titles
//     counting as a fifth signal (weight 1) and their names 0.9 instead of
//     0.2, since two outlets report one event within hours, under
//     headlines naming the same people and things, in words of their own;
//     and from less the closer they are, since the follow-ups of a story
//     come later, often the next day: from 0.22 for items published
//     together, rising to 0.34 for items eight hours apart (at once for
//     headlines naming different people or things and none in common),
//     and from twelve hours apart to DefaultThreshold for items a day
//     apart.
//
// Measured as a pass places them (each pair among the other items of its
// set), the seven dated development sets merge 403 of 560 pairs of one
// story and 5 of 560 pairs of different stories (precision 0.988); two
// sets written blind afterwards, 99 of 160 and 2 of 160 (precision 0.980,
// recall 0.619); see pairs_test.go.
//
// Similarity is a pure function of its arguments, safe for concurrent use.
package stories

import (
	"time"
	"unicode/utf8"
)

// Doc is the text of one news item.
type Doc struct {
	Title, Summary string
	// Published is the publication time, zero if unknown.
	Published time.Time
	// Source names the feed the item comes from, "" if unknown. Similarity
	// ignores it; an Index merges two items of one source only when they
	// are the same text (see Index), and learns each source's boilerplate.
	Source string
}

// The weights of the four signals in the score; see the package
// documentation. What a story says (its words) weighs most; its figures
// weigh more than its names, which different stories about one company or
// person share too. They were chosen on the four labelled sets (see
// pairs_test.go), weighing most the set written like unseen news, and are
// round values of a plateau, not the best of one set.
const (
	wordsWeight   = 0.9
	namesWeight   = 0.2
	factsWeight   = 0.2
	figuresWeight = 0.5
)

// signalSize is how many elements a signal needs to count for half its
// weight: a signal of m elements (in the smaller of the two sets) counts
// m/(m+signalSize), so that one shared name or figure of one is weak
// evidence and twenty shared words strong.
const signalSize = 6

// commonWeight is the weight of a common word of news (see commonWords)
// in the words signal, any other word weighing 1.
const commonWeight = 0.6

// crossLanguage is the factor applied to the words overlap of a French and
// an English item, at most 1: even through the bilingual table, a
// translation shares fewer words than a rewording in one language.
const crossLanguage = 1.6

// The factors applied to the score of items that contradict each other:
// naming different days of the week for what happened, or both stating
// facts and sharing none (two rewordings may each pick different figures
// of one story, so this counts less).
const (
	dayContradiction  = 0.5
	factContradiction = 0.7
)

// Similarity returns how likely a and b report the same story, in [0, 1]. It
// compares texts only, not dates. It is symmetric, 1 for equal texts and 0
// when either has no words. Comparing many items, an Index computes what it
// needs of each item once.
func Similarity(a, b Doc) float64 {
	fa, fb := featuresOf(a), featuresOf(b)
	return similarity(&fa, &fb, nil, false)
}

// similarity is Similarity of the features of two items, each term
// weighing by r (nil: every term weighs 1). Of items published near each
// other in time, it counts their titles and names more (see link).
func similarity(a, b *features, r rarity, near bool) float64 {
	if len(a.words) == 0 || len(b.words) == 0 {
		return 0
	}
	factsShared := common(a.facts, b.facts)
	words, wordsSize := weightedContainment(a.words, b.words, wordWeight, r)
	if a.lang != b.lang && a.lang != unknownLanguage && b.lang != unknownLanguage {
		words = min(1, words*crossLanguage)
	}
	// Near in time, names count more, the capitalized first words of
	// headlines among them (see features.nearNames), and the titles are a
	// signal of their own.
	aNames, bNames, namesW, titlesW := a.names, b.names, namesWeight, 0.0
	var titles, titlesSize float64
	if near {
		aNames, bNames, namesW, titlesW = a.nearNames, b.nearNames, nearNamesWeight, nearTitleWeight
		titles, titlesSize = weightedContainment(a.title, b.title, wordWeight, r)
	}
	names, namesSize := weightedContainment(aNames, bNames, nil, r)
	signals := [...]struct {
		weight, overlap, size float64
	}{
		{factsWeight, cosine(factsShared, len(a.facts), len(b.facts)), float64(min(len(a.facts), len(b.facts)))},
		{wordsWeight, words, wordsSize},
		{namesW, names, namesSize},
		{figuresWeight, cosine(common(a.figures, b.figures), len(a.figures), len(b.figures)), float64(min(len(a.figures), len(b.figures)))},
		{titlesW, titles, titlesSize},
	}
	var sum, weights float64
	for _, s := range signals {
		// A signal counts by how many elements it rests on: one shared
		// number of one is weak evidence, five of five strong, and a
		// signal one of the texts lacks does not count at all. A term
		// many items of the window hold counts for less (see rarity).
		m := s.size
		if m == 0 || s.weight == 0 {
			continue
		}
		w := s.weight * m / (m + signalSize)
		sum += w * s.overlap
		weights += w
	}
	score := min(sum/weights, 1) // weights > 0: both have words, and every term weighs more than 0
	// Agreement never proves one story, but a contradiction is good
	// evidence of two: items that both state facts and share none, or that
	// name different days of the week for what happened, report different
	// events, however alike their words.
	if disjoint(a.days, b.days) {
		score *= dayContradiction
	} else if len(a.facts) > 0 && len(b.facts) > 0 && factsShared == 0 {
		score *= factContradiction
	}
	return score
}

// disjoint reports whether a and b both have elements but none in common.
func disjoint(a, b []uint64) bool {
	return len(a) > 0 && len(b) > 0 && common(a, b) == 0
}

// DefaultThreshold is the similarity from which an Index puts two items
// published more than a day apart in one story, unless Options say
// otherwise. It was chosen on labelled pairs, for
// a precision of 0.97 (see the package documentation).
const DefaultThreshold = 0.48

// DefaultWindow is the longest time between the items of one story, unless
// Options say otherwise.
const DefaultWindow = 72 * time.Hour

// Options tune an Index. The zero value uses the defaults.
type Options struct {
	// Threshold is the similarity two items published more than a day
	// apart (or one of them undated) need to be linked; DefaultThreshold
	// if zero or less.
	Threshold float64
	// Window is the longest time between the earliest and the latest item of
	// a story; DefaultWindow if zero or less. Items whose date is unknown are
	// taken to be within the window of any other.
	Window time.Duration
	// Boilerplate, if not nil, tells an Index what each source repeats
	// across its items, which it then leaves out.
	Boilerplate *Boilerplate
}

// before reports whether a makes a better representative than b: published
// earlier, or at the same time with a longer summary.
func before(a, b Doc) bool {
	switch {
	case a.Published.IsZero() != b.Published.IsZero():
		return b.Published.IsZero()
	case !a.Published.Equal(b.Published):
		return a.Published.Before(b.Published)
	}
	return utf8.RuneCountInString(a.Summary) > utf8.RuneCountInString(b.Summary)
}

// within reports whether a and b are at most w apart; an unknown time is
// within any window.
func within(a, b time.Time, w time.Duration) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	d := a.Sub(b)
	return -w <= d && d <= w
}

// earliest and latest return the earlier and later of two times, ignoring
// an unknown one.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.After(a) {
		return b
	}
	return a
}
