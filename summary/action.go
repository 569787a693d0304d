package summary

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// continueReading may be followed by the title ("Continue reading Foo →"),
// of at most continueTail runes, which a call to action takes along.
const (
	continueReading = "continue reading"
	continueTail    = 150
)

// callsToAction are the links to the rest of the article that end a
// summary, matched without regard to case, besides continueReading.
var callsToAction = []string{
	"lire la suite", "lire la suite de l'article", "lire la suite de l’article",
	"lire l'article", "lire l’article", "lire l'article complet", "lire l’article complet",
	"lire plus", "read more", "read the full story", "read the full article", "keep reading",
	"(more…)", "(more...)",
}

// callEnds are callsToAction without the marks that may follow a call,
// such as the "…)" of "(more…)": what a text ends with once its own marks
// are set aside.
var callEnds = func() []string {
	ends := make([]string, len(callsToAction))
	for i, call := range callsToAction {
		ends[i] = strings.TrimRightFunc(call, isActionMark)
	}
	return ends
}()

// The parts of the call-to-action pattern: what may come before a call
// (the start of the text or spaces, brackets and quotes), the call, and
// the marks and spaces that may follow it up to the end of the text.
var (
	actionLead  = `[\s(\[«"]`
	actionCalls = quoteAll(callsToAction) + `|` + continueReading + `(?:\s[^.!?]{0,` + strconv.Itoa(continueTail) + `}?)?`
	actionEnd   = `\s*(?:…|\.\.\.|»|›|→|>>?|\]|\))*\s*$`

	// callToAction matches a call to action from where it starts to the
	// end of the text; callToActionStart finds where to try it.
	callToAction = regexp.MustCompile(`(?i)^` + actionLead + `*(?:` + actionCalls + `)` + actionEnd)
)

// callToActionStart returns the index in t where the call to action that
// ends it starts, with the spaces and brackets before it, or -1 if t ends
// with none.
//
// Go's regexp has no end-anchored search: a pattern ending in $ is tried
// from every position of the text, and that took a third of a first pass's
// CPU. So the few places where a call can start are found first, from the
// end, and callToAction is only tried there.
func callToActionStart(t string) int {
	start := -1
	for _, k := range actionCandidates(t) {
		j := len(strings.TrimRightFunc(t[:k], isActionLead))
		if j == k && k > 0 {
			continue // a call must start the text or follow a space or bracket
		}
		if (start < 0 || j < start) && callToAction.MatchString(t[j:]) {
			start = j
		}
	}
	return start
}

// actionCandidates returns the indexes in t where a call to action ending t
// could begin: once the marks that may follow a call are set aside, where
// one of callsToAction ends it, and where continueReading starts its last
// clause.
func actionCandidates(t string) []int {
	var at []int
	s := strings.TrimRightFunc(t, isActionMark)
	for _, call := range callEnds {
		if tail := tailRunes(s, utf8.RuneCountInString(call)); strings.EqualFold(tail, call) {
			at = append(at, len(s)-len(tail))
		}
	}
	// What follows "continue reading" holds no sentence end, and at most
	// continueTail runes.
	from := strings.LastIndexAny(s, ".!?") + 1
	clause := tailRunes(s[from:], utf8.RuneCountInString(continueReading)+1+continueTail)
	from = len(s) - len(clause)
	for i := 0; ; i++ {
		n := strings.IndexAny(clause[i:], "cC")
		if n < 0 {
			return at
		}
		i += n
		if hasPrefixFold(clause[i:], continueReading) {
			at = append(at, from+i)
		}
	}
}

// isActionMark reports whether r may follow a call to action, as a space
// or in one of the marks allowed after it.
func isActionMark(r rune) bool {
	return strings.ContainsRune(reSpace+"….»›→>])", r)
}

// isActionLead reports whether r may come right before a call to action.
func isActionLead(r rune) bool {
	return strings.ContainsRune(reSpace+`([«"`, r)
}

// quoteAll returns a regexp alternation of the literal strings ss.
func quoteAll(ss []string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = regexp.QuoteMeta(s)
	}
	return strings.Join(quoted, "|")
}
