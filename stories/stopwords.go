package stories

// stopWords are the words that say nothing about which story a text tells:
// French and English function words, the most common verbs, relative dates
// and the bylines of news agencies (every dispatch of an agency names it). They are written as
// [tokenize] normalizes them: lowercase, without accents.
var stopWords = setOf(
	// French.
	"a", "afin", "ai", "ainsi", "alors", "apres", "au", "aucun", "aucune", "aujourd", "aupres", "aussi", "autre",
	"autres", "aux", "avait", "avant", "avec", "avoir", "ca", "car", "ce", "ceci", "cela", "celle", "celles", "celui",
	"cependant", "ces", "cet", "cette", "ceux", "chaque", "chez", "comme", "comment", "contre", "d", "dans", "de",
	"depuis", "des", "doit", "donc", "dont", "du", "elle", "elles", "en", "encore", "entre", "est", "et",
	"etaient", "etait", "ete", "etre", "eu", "fait", "faire", "fois", "font", "hui", "il", "ils", "j", "je", "jusqu",
	"l", "la", "le", "les", "leur", "leurs", "lors", "lui", "m", "mais", "me", "meme", "mes", "moins", "mon", "n",
	"ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par", "parce", "pas", "peu", "peut", "plus", "pour",
	"pourquoi", "qu", "quand", "que", "quel", "quelle", "quelles", "quels", "qui", "s", "sa", "sans", "se", "selon",
	"ses", "si", "son", "sont", "sous", "sur", "t", "ta", "tandis", "tous", "tout", "toute", "toutes", "tres", "un",
	"une", "va", "vers", "via", "vont", "vos", "votre", "vous", "y",
	// English.
	"about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
	"being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "for", "from",
	"had", "has", "have", "he", "her", "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
	"may", "more", "most", "much", "new", "no", "not", "now", "of", "off", "on", "one", "only", "or", "other", "our",
	"out", "over", "s", "said", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
	"them", "then", "there", "these", "they", "this", "those", "through", "to", "under", "up", "us", "very",
	"was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would", "you",
	"your",
	// Relative dates, which copies of one story written a day apart disagree on.
	"today", "yesterday", "tomorrow", "tonight", "week", "semaine", "hier", "demain", "soir", "matin", "annee",
	"year",
	// Bylines.
	"afp", "reuters",
	// "%" is no word: "2 %" and "two percent" say the same.
	"percent", "pourcent",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// calendar maps the names of days and months, French and English, to one
// spelling, so that "mardi 9 avril" and "Tuesday, April 9" state the same
// facts. The day an event happened is as telling as a number: two copies
// of one story say "on Friday" alike, a story and its follow-up do not.
// "May", an English verb too, is left out; "march" and "mars" are months
// only when written as months are in their language.
var calendar = map[string]string{
	"lundi": "mon", "mardi": "tue", "mercredi": "wed", "jeudi": "thu", "vendredi": "fri", "samedi": "sat",
	"dimanche": "sun", "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
	"friday": "fri", "saturday": "sat", "sunday": "sun",
	"janvier": "jan", "fevrier": "feb", "mars": "mar", "avril": "apr", "mai": "may", "juin": "jun",
	"juillet": "jul", "aout": "aug", "septembre": "sep", "octobre": "oct", "novembre": "nov", "decembre": "dec",
	"january": "jan", "february": "feb", "march": "mar", "april": "apr", "june": "jun", "july": "jul",
	"august": "aug", "september": "sep", "october": "oct", "november": "nov", "december": "dec",
}

// isDay reports whether a canonical calendar name is a day of the week.
func isDay(c string) bool {
	switch c {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
		return true
	}
	return false
}

// calendarFact returns the canonical name of t if t names a day or a month.
func calendarFact(t token) (string, bool) {
	c, ok := calendar[t.text]
	switch {
	case !ok:
		return "", false
	case t.text == "march" && !t.capital, t.text == "mars" && t.capital:
		return "", false // a protest march; the planet or the company
	}
	return c, true
}

// numberWords are the numbers written in words, French and English, which a
// copy of a story may write in digits: "Twenty-eight countries", "28
// nations". "One", "un" and "une" are left out, being mostly articles and
// pronouns, and so is "neuf", also "new"; a ten followed by a unit
// ("twenty-eight", "dix-sept", "soixante-dix") adds up. Ordinals are their
// number, since "3e", "third" and "troisième" say one thing ("first" and
// "premier", mostly "new" or "prime", are left out).
var numberWords = map[string]int{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "dix": 10, "onze": 11, "douze": 12,
	"treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
	"cinquante": 50, "soixante": 60,
	"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
	"tenth": 10, "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6,
	"septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
}
