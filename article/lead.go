package article

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/summary"
)

// minLeadParagraph is the length, in runes, under which a paragraph before
// the lead is taken for a caption, a kicker or a heading rather than prose.
const minLeadParagraph = 60

// maxBoilerplate is the length, in runes, over which a paragraph is prose
// whatever words it contains: an article about cookies may say so.
const maxBoilerplate = 200

// Lead returns the lead of an article, a summary of at most max runes
// (no limit if max <= 0): the sentences of its first paragraphs of prose,
// cut with summary.Truncate after a whole sentence (or, if the first
// sentence is longer than max, after a word, with "…").
//
// Paragraphs before the lead that are not prose are skipped: bylines ("Par
// X", "By X"), dates ("Publié le …", "Updated …"), reading times, photo
// credits and captions, "Lire aussi" and "Read more" links, newsletter,
// subscription, cookie and sharing prompts, the title again, and any line
// shorter than about 60 characters. Paragraphs that do not end as a
// sentence does (headings, list items, a line introducing a quotation) are
// skipped too; past the first paragraph of the lead, short paragraphs that
// do are kept. The result ends with a sentence's final punctuation or "…";
// it is "" when the article has no prose.
func Lead(a *Article, max int) string {
	if a == nil {
		return ""
	}
	title := summary.Normalize(a.Title)
	var (
		kept  []string
		runes int
	)
	for para := range strings.SplitSeq(a.Text, "\n\n") {
		p := prose(para, title, len(kept) == 0)
		if p == "" {
			continue
		}
		kept = append(kept, p)
		if runes += utf8.RuneCountInString(p) + 1; max > 0 && runes > max {
			break
		}
	}
	// Every kept paragraph ends as a sentence does, so what Truncate keeps
	// does too, unless it has to cut the first sentence and says so.
	return summary.Truncate(strings.Join(kept, " "), max)
}

// prose returns the prose of paragraph para: its lines that are neither
// boilerplate nor the title, joined, if they end as a sentence does; else
// "". first is set while no paragraph of the lead has been kept: then a
// paragraph shorter than minLeadParagraph is not prose either.
func prose(para, title string, first bool) string {
	var kept []string
	for line := range strings.SplitSeq(para, "\n") {
		line = summary.Squeeze(withoutAsides(line))
		if line == "" || boilerplate(line) || title != "" && summary.Normalize(line) == title {
			continue
		}
		kept = append(kept, line)
	}
	p := strings.Join(kept, " ")
	if p == "" {
		return ""
	}
	p = endFormula(p)
	if first && (utf8.RuneCountInString(p) < minLeadParagraph || !text.EndsSentence(p)) {
		return ""
	}
	if !first && !text.EndsSentence(p) {
		return ""
	}
	// A paragraph may start with a dateline sentence: "Publié le 3 mars
	// 2025. Le gouvernement a…".
	sentences := text.Sentences(p)
	i := 0
	for i < len(sentences)-1 && boilerplate(sentences[i]) {
		i++
	}
	return strings.Join(sentences[i:], " ")
}

// withoutAsides returns line without the footnote markers of reference
// works ("[2]", "[citation needed]"), which glue to the sentence they
// follow and hide its end, and without the bracketed promotions newsrooms
// set inside a paragraph ("[What you need to know to start the day:
// Subscribe…]").
func withoutAsides(line string) string {
	if !strings.Contains(line, "[") {
		return line
	}
	line = footnote.ReplaceAllString(line, "")
	return bracketed.ReplaceAllStringFunc(line, func(b string) string {
		lower := strings.ToLower(b)
		if strings.Contains(b, ":") || containsAny(lower, prompts) || prompt.MatchString(lower) {
			return ""
		}
		return b
	})
}

// endFormula returns p, a paragraph that may end with a formula ("… by the
// formula E = mc2"), as prose: a formula is set apart from the text, so the
// sentence it ends has no period of its own, and is given one.
func endFormula(p string) string {
	if text.EndsSentence(p) {
		return p
	}
	last := 0
	for end := range text.SentenceEnds(p) {
		last = end
	}
	if !strings.ContainsAny(p[last:], formulaSigns) {
		return p
	}
	return p + "."
}

// formulaSigns are the signs of a formula in text.
const formulaSigns = "=≈≠≤≥<>±×÷√∑∏∫∂∞²³"

// boilerplate reports whether line, a paragraph or a line of one, is page
// furniture rather than article prose.
func boilerplate(line string) bool {
	n := utf8.RuneCountInString(line)
	if n > maxBoilerplate*2 {
		return false
	}
	lower := strings.ToLower(line)
	if containsAny(lower, notices) || hasPrefixAny(lower, relatedPrefixes) {
		return true
	}
	if n > maxBoilerplate {
		return false
	}
	// The cheap tests first: this runs on every line of the lead's
	// paragraphs and the regular expressions dominate Lead's cost.
	switch {
	case byline.MatchString(line) && !text.EndsSentence(line),
		dateline.MatchString(line),
		n <= 60 && strings.ContainsAny(line, "0123456789") && onlyDate.MatchString(line),
		credit.MatchString(line),
		strings.HasSuffix(strings.TrimRight(line, ". "), ")") && captionCredit.MatchString(line),
		related.MatchString(line),
		n <= 120 && (containsAny(lower, prompts) || prompt.MatchString(lower)):
		return true
	}
	return false
}

// containsAny reports whether s contains one of substrings.
func containsAny(s string, substrings []string) bool {
	for _, sub := range substrings {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// hasPrefixAny reports whether s starts with one of prefixes.
func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// notices are phrases, lowercase, that no article paragraph contains:
// cookie notices.
var notices = []string{
	"nous utilisons des cookies", "ce site utilise des cookies", "we use cookies",
	"this site uses cookies", "this website uses cookies", "en poursuivant votre navigation",
	"by continuing to use", "by continuing to browse",
}

// relatedPrefixes start, lowercase, the links to other articles that sites
// set inside a paragraph, whatever its length.
var relatedPrefixes = []string{
	"lire aussi :", "lire aussi |", "lire aussi:", "à lire aussi :", "à lire aussi |",
	"a lire aussi :", "read more:", "read more :", "related:",
}

// prompts are phrases, lowercase, of calls to subscribe, share, comment or
// accept cookies; only short lines are tested.
var prompts = []string{
	"newsletter", "abonnez", "s'abonner", "s’abonner", "je m'abonne", "je m’abonne",
	"inscrivez-vous", "subscribe", "sign up", "sign in", "log in", "se connecter",
	"connectez-vous", "partagez", "tweet this", "copier le lien", "copy link",
	"laisser un commentaire", "leave a comment", "leave a reply", "voir les commentaires",
	"view comments", "cookies", "consentement", "tout accepter", "accept all",
	"tous droits réservés", "all rights reserved", "soutenez", "support us", "faire un don",
	"téléchargez l'app", "téléchargez l’app", "download the app", "download our app",
	"offrir cet article", "offrir l'article", "offrir l’article", "gift this article",
	"gift article", "save this story", "ajouter à mes favoris", "suivez-nous", "follow us",
}

var (
	// footnote matches the footnote markers of reference works.
	footnote = regexp.MustCompile(`\s?\[(?:\d{1,3}|[a-z]|note \d{1,3}|n \d{1,3}|citation needed|réf\. (?:nécessaire|souhaitée)|source insuffisante)\]`)

	// bracketed matches a bracketed aside of some length in a paragraph.
	bracketed = regexp.MustCompile(`\s?\[[^\[\]]{12,300}\]`)

	// byline matches "Par Jean Dupont", "By Tom Warren", "Propos recueillis
	// par…": a capitalized name must follow, so that "Par ailleurs, …" and
	// "By 2030, …" stay prose (the latter is also too long and ends with a
	// period).
	byline = regexp.MustCompile(`^(?:(?:[Pp]ar|By|BY|PAR|Propos recueillis par|Texte|Written by|Words by|Story by|Reporting by|Posted by|Posté par|Édité par|De notre (?:envoyée?|correspondante?)(?: spéciale?)?(?: à \p{Lu}[\p{L}-]+)?,?))\s+\p{Lu}`)

	// dateline matches the date and update notices of article headers.
	dateline = regexp.MustCompile(`(?i)^(?:publié|publiée|mis à jour|mise à jour|modifié|modifiée|actualisé|actualisée|posté|postée|première publication|màj|maj|updated|published|posted|last updated|first published|last modified)\s*(?:le\b|on\b|:|à\b|at\b|il y a|\d|\p{L}+\.?\s+\d)|^il y a \d|^\d+ (?:hours?|minutes?|days?|heures?|jours?) ago`)

	// onlyDate matches a line that is a date and time, with at most a few
	// words around it: "mercredi 12 février 2025 à 07h00", "Feb 12, 2025,
	// 9:00 AM EST", "Wed 12 Feb 2025 07.00 GMT", "12/02/2025 06:58".
	onlyDate = regexp.MustCompile(`(?i)^(?:[\p{L}.,]+\s+){0,2}(?:\d{1,2}(?:er)?\s+\p{L}+\.?,?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})(?:[\s,]+(?:à|at|-|–|—|\|)?\s*\d{1,2}(?:[:h.]\s?\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4}|UTC[+-]?\d*|GMT[+-]?\d*)?)*\.?$`)

	// credit matches photo credits and the like.
	credit = regexp.MustCompile(`(?i)^(?:photo|photos|crédits?|credits?|image|images|illustration|illustr\.|©|\(c\)|photograph|photographie|source\s*:|getty images|ap photo|listing image|image credits?)\b|©|\b(?:photograph|photo|image|credit|crédit|illustration)\s*:`)

	// captionCredit matches a caption ending with its photographer and
	// agency: "… le 3 mars 2025. (LUDOVIC MARIN / AFP)".
	captionCredit = regexp.MustCompile(`\((?:[^()]*(?:/|AFP|Reuters|REUTERS|AP|Getty|MAXPPP|SIPA|Hans Lucas|Photo|PHOTO|Crédit|Credit|Illustration|ILLUSTRATION|Capture|CAPTURE|DR\b))[^()]*\)\s*\.?$`)

	// related matches links to other articles and other non-prose openers.
	related = regexp.MustCompile(`(?i)^(?:lire aussi|à lire aussi|a lire aussi|lire également|à lire également|voir aussi|à voir aussi|sur le même sujet|lire la suite|lire plus tard|en savoir plus|notre dossier|retrouvez|read more|read also|also read|see also|related\b|more on this|more from|more:|watch:|listen:|recommended|suggested|further reading|écouter (?:cet|l['’])article|listen to (?:this )?article|temps de lecture|lecture\s*:|durée de lecture|\d+\s*min(?:utes?)?\s+(?:de lecture|read|reading)|article réservé|réservé aux abonnés|cet article (?:est réservé|vous est offert)|abonnés?\b|exclusif abonnés|advertisement|publicité|sponsored|contenu sponsorisé|editor['’]s note|note de la rédaction|mise à jour\s*:|update\s*:|correction\s*:|en direct\s*[:|–-]|live\s*[:|–-]|podcast\s*:|tags?\s*:|topics?\s*:|mots-clés|thèmes?\s*:)`)

	// prompt matches the calls to action that prompts does not list, in
	// lowercase text.
	prompt = regexp.MustCompile(`\bpartager\b|\bshare (?:this|on|via|article|story)\b|^share\b|^imprimer|^print\b|\d+\s+(?:commentaires?|comments?|réactions?)\b|^réagir|^commenter|\bconsent\b|\bdonate\b`)
)
