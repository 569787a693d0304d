package stories

// concepts maps the stems of the commonest words of news (see stem) to one
// stem per meaning, in French and English alike, so that a French and an
// English report, or two rewordings, share the words they say one thing
// with: "licenciements", "suppressions", "layoffs" and "cuts" are one word
// here. Only words whose meaning hardly depends on their context are
// listed; a stem that two meanings share ("vol", a flight or a theft) is
// not.
var concepts = map[string]string{
	// Jobs and cuts.
	"licenc": "cut", "suppre": "cut", "suppri": "cut", "layoff": "cut", "slash": "cut", "lay": "cut",
	"emploi": "job", "poste": "job", "role": "job", "salari": "employ", "employ": "employ", "effect": "employ",
	// Money.
	"millia": "billion", "billio": "billion", "bn": "billion", "amende": "fine", "penalt": "fine",
	"sancti": "fine", "chiffr": "revenu", "revenu": "revenu", "benefi": "profit", "levee": "raise",
	"leve": "raise", "raise": "raise", "rachat": "acquir", "rachet": "acquir", "acquis": "acquir",
	"acquir": "acquir", "buy": "acquir", "valori": "valuat", "valuat": "valuat", "prix": "price",
	"price": "price", "tarif": "price", "hausse": "rise", "augmen": "rise", "rise": "rise", "baisse": "fall",
	"accord": "deal", "deal": "deal", "invest": "invest", "actionn": "shareh", "shareh": "shareh",
	// Announcing and launching.
	"annonc": "announ", "announ": "announ", "devoil": "unveil", "unveil": "unveil", "lance": "launch",
	"lancer": "launch", "launch": "launch", "presen": "unveil", "releas": "launch",
	// Justice and rules.
	"enquet": "probe", "probe": "probe", "juge": "judge", "judge": "judge",
	"tribun": "court", "court": "court", "plaint": "lawsui", "lawsui": "lawsui", "poursu": "sue",
	"sue": "sue", "interd": "ban", "ban": "ban", "loi": "law", "law": "law", "regle": "rule",
	"rule": "rule", "depute": "lawmak", "lawmak": "lawmak", "gouver": "govern", "govern": "govern",
	"minist": "minist", "condam": "fine",
	// Technology and incidents.
	"donnee": "data", "data": "data", "fuite": "leak", "leak": "leak", "breach": "leak", "panne": "outage",
	"outage": "outage", "pirata": "hack", "hack": "hack", "hacker": "hack", "cybera": "cybera",
	"modele": "model", "model": "model", "puce": "chip", "chip": "chip", "utilis": "user", "user": "user",
	"abonne": "subscr", "subscr": "subscr", "centre": "center", "center": "center", "reseau": "networ",
	"networ": "networ", "social": "social", "sociau": "social", "intell": "intell", "artifi": "artifi",
	"entrep": "compan", "compan": "compan", "societ": "compan", "startu": "startu", "start": "startu",
	"electr": "electr", "vente": "sale", "sale": "sale", "etude": "study", "study": "study",
	"rappor": "report", "report": "report", "attaqu": "attack", "attack": "attack",
}

// concept returns the stem that words meaning what s means are compared
// by: s itself unless concepts lists it.
func concept(s string) string {
	if c, ok := concepts[s]; ok {
		return c
	}
	return s
}
