package bench

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// article is one generated news item, as one source publishes it.
type article struct {
	title      string // plain text
	link       string
	guid       string
	permalink  bool // the guid is the link
	published  time.Time
	author     string
	categories []string
	html       string // the description: about 1 KB of HTML, entities included
	ai         bool   // about artificial intelligence: the shipped "ia" feed selects it
}

// report is what an article says, before a source writes it up: a story
// of its own, with its own people, places and figures, as real news has.
// A copy republishes another source's report.
type report struct {
	title      string
	sentences  []string
	categories []string
	slug       string
	ai         bool
}

// language holds the words of the generated news in one language. No word
// or phrase outside aiTitles and aiSentences is a term of the "ia" feed of
// config.yaml (nor a name its guards look for: no Claude, Mistral, Gemini…),
// so an item is selected exactly when it is an AI item, whose title always
// holds a term.
type language struct {
	french                                 bool
	subjects, verbs, objects, complements  []string
	quotes, roles, categories, authors     []string
	first, last, places, orgKinds, weekday []string
	months                                 []string
	titles, aiTitles                       []func(f *facts) string
	sentences, aiSentences                 []func(f *facts) string
	aiCategory, more, copyPrefix           string
}

// Syllables of the made-up company names, none an AI term: 20 × 20 × 21
// names, each as unlikely in another story as a real company's.
var (
	orgHeads = []string{"Val", "Mar", "Bel", "Cor", "Ter", "Lor", "Sav", "Mon", "Bre", "Dor", "Fal", "Gar", "Kel",
		"Lum", "Nor", "Ost", "Pra", "Riv", "Sol", "Ver"}
	orgMids  = []string{"ti", "mon", "ra", "da", "no", "va", "ze", "que", "ber", "ly", "mi", "go", "to", "sa", "pe", "ri", "fo", "vi", "ne", "di"}
	orgTails = []string{"s", "x", "ne", "ris", "lia", "tec", "gis", "vo", "rel", "dis", "nor", "ral", "tis", "mex", "pa", "lor", "bis", "rac", "dan", "sel", ""}
)

// facts are the particulars of one report: who, where, how much, when.
type facts struct {
	lang                  *language
	object, subject, verb string
	person, person2       string
	role, role2           string
	org, org2             string
	place, place2         string
	amount, amount2       string
	share                 string // a percentage
	count, count2, jobs   string
	weekday, date, month  string
	year, years           int
}

func newFacts(rng *rand.Rand, l *language) *facts {
	f := &facts{lang: l,
		object: pick(rng, l.objects), subject: pick(rng, l.subjects), verb: pick(rng, l.verbs),
		person: pick(rng, l.first) + " " + pick(rng, l.last), person2: pick(rng, l.first) + " " + pick(rng, l.last),
		role: pick(rng, l.roles), role2: pick(rng, l.roles),
		org: orgName(rng, l), org2: orgName(rng, l),
		place: pick(rng, l.places), place2: pick(rng, l.places),
		amount: l.money(20 + rng.IntN(980)), amount2: l.money(2 + rng.IntN(98)),
		share: l.percent(11 + rng.IntN(480)),
		count: l.number(1_000 + rng.IntN(99_000)), count2: l.number(100 + rng.IntN(9_900)),
		jobs:    l.number(20 + rng.IntN(1_980)),
		weekday: pick(rng, l.weekday), month: pick(rng, l.months),
		year: 2027 + rng.IntN(8), years: 2 + rng.IntN(9),
	}
	day := strconv.Itoa(1 + rng.IntN(28))
	if l.french {
		f.date = day + " " + f.month
	} else {
		f.date = f.month + " " + day
	}
	return f
}

func orgName(rng *rand.Rand, l *language) string {
	name := pick(rng, orgHeads) + pick(rng, orgMids) + pick(rng, orgTails)
	if l.french {
		return pick(rng, l.orgKinds) + " " + name
	}
	return name + " " + pick(rng, l.orgKinds)
}

func (l *language) money(n int) string {
	if l.french {
		return strconv.Itoa(n) + " millions d'euros"
	}
	return "$" + strconv.Itoa(n) + " million"
}

func (l *language) percent(tenths int) string {
	if l.french {
		return fmt.Sprintf("%d,%d %%", tenths/10, tenths%10)
	}
	return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
}

// number writes n with groups of thousands, as each language does.
func (l *language) number(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 {
		return s
	}
	sep := ","
	if l.french {
		sep = " "
	}
	return s[:len(s)-3] + sep + s[len(s)-3:]
}

// upper capitalizes the first letter of s.
func upper(s string) string {
	for i := range s {
		if i > 0 {
			return strings.ToUpper(s[:i]) + s[i:]
		}
	}
	return strings.ToUpper(s)
}

var french = &language{
	french: true,
	subjects: []string{
		"Le gouvernement", "La mairie", "Les syndicats", "Le ministre de l'Économie",
		"Une étude de l'Insee", "La SNCF", "Les agriculteurs", "Le Conseil constitutionnel", "Les députés",
		"La Banque de France", "Les chercheurs du CNRS", "Météo-France", "Les associations de consommateurs",
		"Le préfet", "La région", "Les hôpitaux publics", "Le Sénat", "Les élus écologistes", "La Cour des comptes",
		"Le département", "Les commerçants", "La chambre de commerce", "Les parents d'élèves", "L'agence régionale de santé",
	},
	verbs: []string{
		"a annoncé", "présente", "dévoile", "s'inquiète de", "conteste", "prépare", "a validé", "examine",
		"critique", "défend", "réclame", "a détaillé", "dénonce", "salue", "reporte", "finance", "relance", "suspend",
	},
	objects: []string{
		"un plan de rénovation des écoles", "la réforme des retraites", "une hausse des prix de l'énergie",
		"le budget de l'État", "un nouveau réseau de tramways", "la fermeture de plusieurs lignes ferroviaires",
		"les résultats du baccalauréat", "une vague de chaleur précoce", "la baisse du chômage",
		"le projet de loi sur le logement", "la hausse des loyers", "un accord commercial avec le Canada",
		"la pénurie de médecins généralistes", "le calendrier des travaux du périphérique",
		"les nouvelles règles de l'assurance chômage", "la qualité de l'eau du robinet", "le prix du gazole",
		"la construction d'un hôpital", "la rénovation du port", "un parc éolien en mer", "la réouverture d'une usine",
		"la sécheresse des nappes phréatiques", "un festival de musique", "la fusion de deux communes",
		"le plan vélo", "la fermeture d'une maternité", "un projet de piscine olympique", "la grève des contrôleurs",
	},
	complements: []string{
		"jeudi", "selon un rapport publié mardi", "malgré l'opposition des élus locaux",
		"d'ici à la fin de l'année", "dès le mois prochain", "après des semaines de négociations",
		"dans un entretien au journal régional", "lors d'une conférence de presse", "à la surprise générale",
		"pour la troisième année consécutive", "devant l'Assemblée nationale",
	},
	quotes: []string{
		"Nous n'avons pas le choix", "C'est une étape décisive", "Rien n'est encore joué",
		"Les habitants attendent des réponses concrètes", "Ce n'est qu'un début", "Il faut aller plus vite",
		"Nous resterons vigilants", "Le compte n'y est pas", "C'est un soulagement",
	},
	roles: []string{"porte-parole", "président de la commission", "responsable syndicale", "maire adjoint",
		"directrice générale", "économiste", "cheffe de projet", "délégué régional", "ingénieure", "avocat"},
	categories: []string{"France", "Politique", "Économie", "Société", "Environnement", "Transports",
		"Santé", "Éducation", "Régions", "Sport", "Culture", "Logement"},
	authors: []string{"Claire Martin", "Julien Moreau", "Sophie Lefèvre", "Thomas Girard", "Camille Roux",
		"Nicolas Fournier", "Élodie Bernard", "Rédaction"},
	first: []string{"Camille", "Julien", "Sophie", "Thomas", "Clarisse", "Nicolas", "Élodie", "Mathieu", "Aurélie",
		"Karim", "Nadia", "Pierre", "Hélène", "Antoine", "Louise", "Yannick", "Sandrine", "Olivier", "Léa", "Bruno",
		"Fatima", "Vincent", "Agnès", "Romain", "Inès", "Didier", "Manon", "Sébastien", "Chloé", "Patrick"},
	last: []string{"Martin", "Moreau", "Lefèvre", "Girard", "Roux", "Fournier", "Bernard", "Dubois", "Lambert",
		"Bonnet", "Fontaine", "Chevalier", "Rousseau", "Blanchard", "Garnier", "Perrin", "Morel", "Mercier", "Boyer",
		"Faure", "André", "Gauthier", "Masson", "Lemaire", "Renaud", "Picard", "Aubert", "Carpentier", "Brunet",
		"Leclerc"},
	places: []string{"Lyon", "Marseille", "Toulouse", "Nantes", "Strasbourg", "Rennes", "Lille", "Bordeaux",
		"Montpellier", "Grenoble", "Dijon", "Angers", "Brest", "Limoges", "Clermont-Ferrand", "Tours", "Amiens",
		"Metz", "Besançon", "Perpignan", "Orléans", "Rouen", "Caen", "Nancy", "Poitiers", "La Rochelle", "Pau",
		"Annecy", "Valence", "Chambéry", "Quimper", "Saint-Étienne", "Avignon", "Nîmes", "Colmar", "Troyes"},
	orgKinds: []string{"le groupe", "la société", "la fondation", "l'institut", "la coopérative", "l'agence",
		"le cabinet", "la fédération"},
	weekday: []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
	months: []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre", "octobre",
		"novembre", "décembre"},
	titles: []func(f *facts) string{
		func(f *facts) string {
			return f.place + " : " + strings.ToLower(f.subject[:1]) + f.subject[1:] + " " + f.verb + " " + f.object
		},
		func(f *facts) string {
			return f.subject + " " + f.verb + " " + f.object + ", " + f.count + " personnes concernées"
		},
		func(f *facts) string { return upper(f.org) + " " + f.verb + " " + f.object + " à " + f.place },
		func(f *facts) string { return upper(f.object) + " : " + f.amount + " sur la table à " + f.place },
	},
	// AI titles hold a term of the "ia" feed ("l'IA", "IA générative",
	// "intelligence artificielle", "OpenAI") so that the item is selected.
	aiTitles: []func(f *facts) string{
		func(f *facts) string { return "L'IA générative bouscule " + f.object + " à " + f.place },
		func(f *facts) string { return "Intelligence artificielle : " + f.org + " " + f.verb + " " + f.object },
		func(f *facts) string { return "OpenAI et " + f.org + " : " + f.object },
		func(f *facts) string { return "Comment l'IA change " + f.object + " à " + f.place },
		func(f *facts) string {
			return "L'intelligence artificielle et " + f.object + " : " + f.person + " s'explique"
		},
	},
	sentences: []func(f *facts) string{
		func(f *facts) string {
			return "Le projet, piloté par " + f.org + ", représente " + f.amount + " et concerne " + f.count + " personnes à " + f.place + "."
		},
		func(f *facts) string {
			return "À " + f.place + ", " + f.count2 + " foyers sont touchés, soit une hausse de " + f.share + " en un an."
		},
		func(f *facts) string {
			return f.person + " rappelle que " + f.org + " avait déjà engagé " + f.amount2 + " en " + strconv.Itoa(f.year-3) + "."
		},
		func(f *facts) string {
			return "Les premiers effets sont attendus à " + f.place2 + " dès " + f.month + ", selon " + f.person2 + "."
		},
		func(f *facts) string {
			return "Le texte prévoit " + f.jobs + " embauches et une enveloppe de " + f.amount2 + " sur " + strconv.Itoa(f.years) + " ans."
		},
		func(f *facts) string {
			return upper(f.org2) + " a refusé de commenter ces chiffres."
		},
		func(f *facts) string {
			return "Une réunion publique est prévue le " + f.weekday + " " + f.date + " à " + f.place2 + "."
		},
		func(f *facts) string {
			return "D'après " + f.org2 + ", le coût pourrait atteindre " + f.amount + " d'ici à " + strconv.Itoa(f.year) + "."
		},
		func(f *facts) string {
			return f.person2 + ", " + f.role2 + ", juge le calendrier « trop serré » pour " + f.place + "."
		},
		func(f *facts) string {
			return "Le chantier doit durer " + strconv.Itoa(f.years) + " ans et mobiliser " + f.jobs + " ouvriers."
		},
		func(f *facts) string {
			return "Le vote est attendu au conseil municipal de " + f.place + ", où l'opposition dénonce un dossier « bâclé »."
		},
		func(f *facts) string {
			return "Sur les " + f.jobs + " postes promis, " + f.person2 + " n'en compte que la moitié dans le budget voté."
		},
		func(f *facts) string {
			return "La préfecture a reçu " + f.count2 + " contributions lors de la consultation close le " + f.date + "."
		},
		func(f *facts) string {
			return "Un collectif de riverains de " + f.place2 + " a déposé un recours contre " + f.org + " devant le tribunal administratif."
		},
		func(f *facts) string {
			return "Interrogé par notre rédaction, " + f.person + " promet un premier bilan avant l'été " + strconv.Itoa(f.year) + "."
		},
		func(f *facts) string {
			return "Les opposants chiffrent à " + f.amount2 + " le surcoût, un montant contesté par " + f.org2 + "."
		},
		func(f *facts) string {
			return "En " + strconv.Itoa(f.year-5) + ", une première tentative avait échoué faute de financement, rappelle " + f.person2 + "."
		},
		func(f *facts) string {
			return "La mesure touchera d'abord les quartiers nord de " + f.place + ", puis " + f.place2 + "."
		},
		func(f *facts) string {
			return "Le syndicat majoritaire appelle à manifester " + f.weekday + " devant les locaux de " + f.org + "."
		},
		func(f *facts) string {
			return "Un audit commandé à " + f.org2 + " évalue les pertes à " + f.share + " du chiffre d'affaires."
		},
		func(f *facts) string {
			return "Selon " + f.person2 + ", " + f.role2 + ", le dossier sera tranché avant le " + f.date + "."
		},
	},
	aiSentences: []func(f *facts) string{
		func(f *facts) string {
			return upper(f.org) + " a présenté un modèle de langage entraîné sur " + f.count + " documents."
		},
		func(f *facts) string {
			return "Les start-up de l'IA de " + f.place + " ont levé " + f.amount + " depuis le début de l'année."
		},
		func(f *facts) string {
			return "Selon " + f.person + ", l'intelligence artificielle générative traite déjà " + f.share + " des demandes."
		},
	},
	aiCategory: "Intelligence artificielle", more: "Lire la suite", copyPrefix: "Ce qu'il faut savoir : ",
}

var english = &language{
	subjects: []string{
		"The city council", "Federal regulators", "The central bank", "Union leaders", "A new survey",
		"Transit officials", "Local farmers", "The Supreme Court", "Lawmakers in both parties",
		"Health authorities", "The national team", "Researchers at the university", "Consumer groups",
		"The state governor", "Shipping companies", "The weather service", "The school board", "County officials",
		"Hospital managers", "The port authority",
	},
	verbs: []string{
		"announced", "unveiled", "are weighing", "pushed back against", "approved", "questioned",
		"defended", "warned about", "laid out", "criticized", "welcomed", "are preparing", "delayed", "funded",
		"revived", "suspended",
	},
	objects: []string{
		"a plan to repair aging schools", "changes to the pension system",
		"rising energy prices", "next year's budget", "a new light rail network",
		"the closure of several rail lines", "record exam results", "an early heat wave",
		"a drop in unemployment", "a housing bill", "rising rents", "a trade deal with Canada",
		"a shortage of family doctors", "new rules for unemployment benefits", "the quality of tap water",
		"gas prices at the pump", "R&D tax credits for small firms", "a new hospital wing", "the harbor expansion",
		"an offshore wind farm", "the reopening of a steel mill", "a drought emergency", "a summer music festival",
		"the merger of two towns", "a bike lane program", "the closure of a maternity ward", "a public pool project",
		"a strike by air traffic controllers",
	},
	complements: []string{
		"on Thursday", "according to a report released Tuesday",
		"despite objections from local officials", "by the end of the year", "starting next month",
		"after weeks of talks", "in an interview with a local paper", "at a press conference",
		"to the surprise of many", "for the third year in a row", "before a packed hearing",
	},
	quotes: []string{
		"We don't have a choice", "This is a decisive step", "Nothing is settled yet",
		"People want real answers", "It's only the beginning", "We need to move faster",
		"We will stay vigilant", "The numbers don't add up", "It's a relief",
	},
	roles: []string{"a spokeswoman", "the committee chair", "a union official", "the deputy mayor",
		"the chief executive", "an economist", "the project manager", "a regional director", "an engineer", "a lawyer"},
	categories: []string{"US", "Politics", "Business", "Society", "Environment", "Transport", "Health",
		"Education", "World", "Sports", "Culture", "Housing"},
	authors: []string{"Sarah Miller", "James Carter", "Emily Brooks", "Daniel Reed", "Olivia Hayes",
		"Michael Grant", "Newsroom"},
	first: []string{"Sarah", "James", "Emily", "Daniel", "Olivia", "Michael", "Jessica", "Robert", "Ashley", "David",
		"Megan", "Kevin", "Laura", "Brian", "Rachel", "Jason", "Hannah", "Eric", "Natalie", "Tyler", "Grace", "Marcus",
		"Priya", "Carlos", "Aisha", "Ryan", "Monica", "Derek", "Julia", "Steven"},
	last: []string{"Miller", "Carter", "Brooks", "Reed", "Hayes", "Grant", "Johnson", "Walker", "Bennett", "Collins",
		"Foster", "Sullivan", "Price", "Russell", "Griffin", "Hughes", "Patterson", "Ramirez", "Coleman", "Jenkins",
		"Perry", "Powell", "Long", "Butler", "Barnes", "Fisher", "Henderson", "Simmons", "Wallace", "Bryant"},
	places: []string{"Denver", "Phoenix", "Atlanta", "Seattle", "Boston", "Dallas", "Portland", "Tampa",
		"Cleveland", "Pittsburgh", "Sacramento", "Omaha", "Tucson", "Raleigh", "Louisville", "Memphis",
		"Baltimore", "Milwaukee", "Albuquerque", "Fresno", "Spokane", "Boise", "Richmond", "Buffalo", "Toledo",
		"Wichita", "Madison", "Savannah", "Charleston", "Anchorage", "Burlington", "Lexington", "Reno",
		"Tulsa", "Knoxville", "Dayton"},
	orgKinds: []string{"Group", "Holdings", "Foundation", "Institute", "Cooperative", "Partners", "Logistics",
		"Energy"},
	weekday: []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	months: []string{"January", "February", "March", "April", "June", "July", "August", "September", "October",
		"November", "December"},
	titles: []func(f *facts) string{
		func(f *facts) string { return f.place + ": " + f.subject + " " + f.verb + " " + f.object },
		func(f *facts) string {
			return f.subject + " " + f.verb + " " + f.object + ", affecting " + f.count + " people"
		},
		func(f *facts) string { return f.org + " " + f.verb + " " + f.object + " in " + f.place },
		func(f *facts) string { return upper(f.object) + ": " + f.amount + " on the table in " + f.place },
	},
	// AI titles hold a term of the "ia" feed ("AI", "OpenAI", "artificial
	// intelligence") so that the item is selected.
	aiTitles: []func(f *facts) string{
		func(f *facts) string { return "How AI is reshaping " + f.object + " in " + f.place },
		func(f *facts) string { return "OpenAI and " + f.org + ": " + f.object },
		func(f *facts) string { return "AI startups take on " + f.object + ", says " + f.person },
		func(f *facts) string { return "Artificial intelligence meets " + f.object + " in " + f.place },
	},
	sentences: []func(f *facts) string{
		func(f *facts) string {
			return "The project, led by " + f.org + ", is worth " + f.amount + " and affects " + f.count + " people in " + f.place + "."
		},
		func(f *facts) string {
			return "In " + f.place + ", " + f.count2 + " households are affected, up " + f.share + " from a year earlier."
		},
		func(f *facts) string {
			return f.person + " noted that " + f.org + " had already committed " + f.amount2 + " in " + strconv.Itoa(f.year-3) + "."
		},
		func(f *facts) string {
			return "The first effects are expected in " + f.place2 + " by " + f.month + ", according to " + f.person2 + "."
		},
		func(f *facts) string {
			return "The bill calls for " + f.jobs + " new hires and " + f.amount2 + " over " + strconv.Itoa(f.years) + " years."
		},
		func(f *facts) string {
			return f.org2 + " declined to comment on the figures."
		},
		func(f *facts) string {
			return "A public meeting is scheduled for " + f.weekday + ", " + f.date + ", in " + f.place2 + "."
		},
		func(f *facts) string {
			return "According to " + f.org2 + ", the cost could reach " + f.amount + " by " + strconv.Itoa(f.year) + "."
		},
		func(f *facts) string {
			return f.person2 + ", " + f.role2 + ", called the timeline \"too tight\" for " + f.place + "."
		},
		func(f *facts) string {
			return "The work is expected to take " + strconv.Itoa(f.years) + " years and employ " + f.jobs + " workers."
		},
		func(f *facts) string {
			return "The vote is expected at the " + f.place + " city council, where critics call the plan \"rushed\"."
		},
		func(f *facts) string {
			return "Of the " + f.jobs + " jobs promised, " + f.person2 + " counts only half in the budget passed."
		},
		func(f *facts) string {
			return "Officials received " + f.count2 + " comments during the review period that closed on " + f.date + "."
		},
		func(f *facts) string {
			return "A group of " + f.place2 + " residents has sued " + f.org + " in state court."
		},
		func(f *facts) string {
			return "Asked by reporters, " + f.person + " promised a first assessment before the summer of " + strconv.Itoa(f.year) + "."
		},
		func(f *facts) string {
			return "Opponents put the overrun at " + f.amount2 + ", a figure disputed by " + f.org2 + "."
		},
		func(f *facts) string {
			return "A first attempt failed for lack of funding in " + strconv.Itoa(f.year-5) + ", " + f.person2 + " recalled."
		},
		func(f *facts) string {
			return "The measure will first apply to the north side of " + f.place + ", then to " + f.place2 + "."
		},
		func(f *facts) string {
			return "The largest union called for a rally on " + f.weekday + " outside the offices of " + f.org + "."
		},
		func(f *facts) string {
			return "An audit commissioned from " + f.org2 + " puts the losses at " + f.share + " of revenue."
		},
		func(f *facts) string {
			return f.person2 + ", " + f.role2 + ", said a decision would come before " + f.date + "."
		},
	},
	aiSentences: []func(f *facts) string{
		func(f *facts) string {
			return f.org + " unveiled a language model trained on " + f.count + " documents."
		},
		func(f *facts) string {
			return "AI startups in " + f.place + " have raised " + f.amount + " so far this year."
		},
		func(f *facts) string {
			return "Generative AI already handles " + f.share + " of requests, according to " + f.person + "."
		},
	},
	aiCategory: "Artificial intelligence", more: "Read more", copyPrefix: "What to know: ",
}

// Text escapers. Every source escapes the markup characters; the French
// sources of one kind write accents and apostrophes as entities, as many
// CMSs do, and the English ones write typographic apostrophes.
var (
	plainEntities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	frEntities    = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;",
		"é", "&eacute;", "è", "&egrave;", "ê", "&ecirc;", "à", "&agrave;", "ç", "&ccedil;", "ô", "&ocirc;",
		"É", "&Eacute;", "'", "&#039;", "« ", "&laquo;&nbsp;", " »", "&nbsp;&raquo;")
	enEntities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&rsquo;")
)

// generator makes the articles of one source; it is a pure function of the
// source index, the article index and the seed.
type generator struct {
	seed    uint64
	source  int
	lang    *language
	host    string
	epoch   time.Time // the publication time of article 0
	spacing time.Duration
}

// aiEvery makes one article in ten an AI article.
const aiEvery = 10

// isAI reports whether article k of source s is about AI: exactly one in
// aiEvery consecutive articles is.
func isAI(s, k int) bool { return (k+s)%aiEvery == 0 }

// copyEvery makes one article in ten of a farm with copies a copy.
const copyEvery = 10

// copied returns the source and article that article k of source s copies
// in a farm with copies, and whether it is a copy: one article in
// copyEvery republishes the report of the next source's article before
// it, a few minutes older. That article is never a copy itself (7s+3k+4 is
// not a multiple of ten when 7s+3k is), and is about AI exactly when its
// copy is, since k+s is the same for both.
func copied(s, k, sources int) (int, int, bool) {
	if (7*s+3*k)%copyEvery != 0 || k < 1 || s+1 >= sources {
		return 0, 0, false
	}
	return s + 1, k - 1, true
}

// report returns what article k of the generator's source says.
func (g *generator) report(k int) report {
	rng := rand.New(rand.NewPCG(g.seed, uint64(g.source)<<32|uint64(k)))
	l := g.lang
	f := newFacts(rng, l)
	r := report{ai: isAI(g.source, k), slug: slugOf(f.object)}
	if r.ai {
		r.title = pick(rng, l.aiTitles)(f)
	} else {
		r.title = pick(rng, l.titles)(f)
	}
	r.categories = []string{pick(rng, l.categories), pick(rng, l.categories)}
	if r.categories[0] == r.categories[1] {
		r.categories = r.categories[:1]
	}
	if r.ai {
		r.categories = append(r.categories, l.aiCategory)
	}
	// About 1 KB of text: the news in one sentence, then its particulars
	// in an order of its own, sometimes a quote.
	r.sentences = append(r.sentences, f.subject+" "+f.verb+" "+f.object+" "+pick(rng, l.complements)+".")
	if r.ai {
		r.sentences = append(r.sentences, pick(rng, l.aiSentences)(f))
	}
	r.sentences = append(r.sentences, l.witnesses(rng, f))
	size, quoted := 0, false
	for _, i := range rng.Perm(len(l.sentences)) {
		if size >= 560 {
			break
		}
		s := l.sentences[i](f)
		if !quoted && rng.IntN(3) == 0 {
			s += " " + quote(l, pick(rng, l.quotes), f.person)
			quoted = true
		}
		r.sentences = append(r.sentences, s)
		size += len(s) + 1
	}
	return r
}

// witnesses returns a sentence naming people and places of the report
// alone: real reports differ most by who and where.
func (l *language) witnesses(rng *rand.Rand, f *facts) string {
	a, b, c := pick(rng, l.first)+" "+pick(rng, l.last), pick(rng, l.first)+" "+pick(rng, l.last),
		pick(rng, l.first)+" "+pick(rng, l.last)
	street := pick(rng, orgHeads) + pick(rng, orgMids) + pick(rng, orgTails)
	if l.french {
		return a + " et " + b + ", qui habitent rue " + street + " à " + f.place + ", ont rencontré " + c + ", de " +
			orgName(rng, l) + ", avec " + l.number(10+rng.IntN(990)) + " voisins."
	}
	return a + " and " + b + ", who live on " + street + " Street in " + f.place + ", met " + c + " of " +
		orgName(rng, l) + " with " + l.number(10+rng.IntN(990)) + " neighbors."
}

// quote returns a sentence quoting who.
func quote(l *language, q, who string) string {
	if l.french {
		return "« " + q + " », a déclaré " + who + "."
	}
	return `"` + q + `," said ` + who + "."
}

// article writes report r up as article k of the generator's source. A
// copy (r from another source) gets a headline of its own and loses its
// last sentence, as a republished dispatch does.
func (g *generator) article(k int, r report, copy bool) article {
	rng := rand.New(rand.NewPCG(g.seed^0x9e3779b97f4a7c15, uint64(g.source)<<32|uint64(k)))
	l := g.lang
	a := article{
		title:      r.title,
		ai:         r.ai,
		published:  g.epoch.Add(time.Duration(k) * g.spacing),
		author:     pick(rng, l.authors),
		categories: r.categories,
	}
	sentences := r.sentences
	if copy {
		a.title = l.copyPrefix + r.title
		sentences = sentences[:len(sentences)-1]
	}
	a.link = fmt.Sprintf("https://%s/%s/%s-%d.html", g.host, a.published.Format("2006/01/02"), r.slug, k)
	a.guid, a.permalink = a.link, true
	if g.source%3 == 2 {
		a.guid, a.permalink = fmt.Sprintf("%s-article-%d", g.host, k), false
	}

	// An image, two paragraphs with a link inside the second, a "read
	// more" link.
	var b strings.Builder
	b.Grow(1400)
	fmt.Fprintf(&b, `<p><img src="https://%s/images/%d-800x450.jpg" alt="%s" width="800" height="450" /></p>`,
		g.host, k, html.EscapeString(a.title))
	half := len(sentences) / 2
	b.WriteString("<p>" + g.escape(strings.Join(sentences[:half], " ")) + "</p>")
	b.WriteString("<p>" + g.escape(strings.Join(sentences[half:len(sentences)-1], " ")))
	fmt.Fprintf(&b, ` <a href="https://%s/dossiers/%s">%s</a> `, g.host, r.slug, g.escape(sentences[len(sentences)-1]))
	b.WriteString("</p>")
	fmt.Fprintf(&b, `<p><a href="%s">%s&nbsp;&raquo;</a></p>`, html.EscapeString(a.link), l.more)
	a.html = b.String()
	return a
}

// escape turns plain text into the HTML the source writes.
func (g *generator) escape(s string) string {
	switch {
	case g.lang.french && g.source%3 == 0:
		return frEntities.Replace(s)
	case !g.lang.french:
		return enEntities.Replace(s)
	}
	return plainEntities.Replace(s)
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// slugOf makes a URL path segment of a phrase.
func slugOf(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
