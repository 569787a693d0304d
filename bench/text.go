package bench

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
)

// article is one generated news item, before it is written into a feed.
type article struct {
	title      string // plain text
	link       string
	guid       string
	permalink  bool // the guid is the link
	published  time.Time
	author     string
	categories []string
	html       string // the description: about 1 KB of HTML, entities included
	ai         bool   // about artificial intelligence: the benchmark rule selects it
}

// Words of the generated news. No word or phrase outside the ai* lists is a
// term of the benchmark rule, so an item is selected exactly when it is an
// AI item, whose title always holds a term.
var (
	frSubjects = []string{
		"Le gouvernement", "La mairie de Lyon", "Les syndicats", "Le ministre de l'Économie",
		"Une étude de l'Insee", "La SNCF", "Les agriculteurs", "Le Conseil constitutionnel", "Les députés",
		"La Banque de France", "Les chercheurs du CNRS", "L'équipe de France", "Météo-France",
		"Les associations de consommateurs", "Le préfet de la Gironde", "La région Bretagne", "Les hôpitaux publics",
		"Le Sénat", "Les élus écologistes", "La Cour des comptes",
	}
	frVerbs = []string{
		"a annoncé", "présente", "dévoile", "s'inquiète de", "conteste", "prépare", "a validé", "examine",
		"critique", "défend", "réclame", "a détaillé", "dénonce", "salue",
	}
	frObjects = []string{
		"un plan de 3 milliards d'euros pour la rénovation des écoles", "la réforme des retraites",
		"une hausse des prix de l'énergie", "le budget de l'État pour 2027", "un nouveau réseau de tramways",
		"la fermeture de plusieurs lignes ferroviaires", "les résultats du baccalauréat",
		"une vague de chaleur précoce", "la baisse du chômage au troisième trimestre",
		"le projet de loi sur le logement", "la hausse des loyers dans les grandes villes",
		"un accord commercial avec le Canada", "la pénurie de médecins généralistes",
		"le calendrier des travaux du périphérique", "les nouvelles règles de l'assurance chômage",
		"la qualité de l'eau du robinet", "le prix du gazole à la pompe",
	}
	frComplements = []string{
		"jeudi", "à Paris", "selon un rapport publié mardi", "malgré l'opposition des élus locaux",
		"d'ici à la fin de l'année", "dès le mois prochain", "après des semaines de négociations",
		"dans un entretien au journal régional", "lors d'une conférence de presse", "à la surprise générale",
		"pour la troisième année consécutive", "devant l'Assemblée nationale",
	}
	frQuotes = []string{
		"Nous n'avons pas le choix", "C'est une étape décisive", "Rien n'est encore joué",
		"Les Français attendent des réponses concrètes", "Ce n'est qu'un début", "Il faut aller plus vite",
	}
	frPeople = []string{
		"la porte-parole", "le président de la commission", "une responsable syndicale", "le maire",
		"la directrice générale", "un économiste",
	}
	frCategories = []string{"France", "Politique", "Économie", "Société", "Environnement", "Transports",
		"Santé", "Éducation", "Régions", "Sport"}
	frAuthors = []string{"Claire Martin", "Julien Moreau", "Sophie Lefèvre", "Thomas Girard", "Camille Roux",
		"Nicolas Fournier", "Élodie Bernard", "Rédaction"}

	enSubjects = []string{
		"The city council", "Federal regulators", "The central bank", "Union leaders", "A new survey",
		"Transit officials", "Local farmers", "The Supreme Court", "Lawmakers in both parties",
		"Health authorities", "The national team", "Researchers at the university", "Consumer groups",
		"The state governor", "Shipping companies", "The weather service",
	}
	enVerbs = []string{
		"announced", "unveiled", "are weighing", "pushed back against", "approved", "questioned",
		"defended", "warned about", "laid out", "criticized", "welcomed", "are preparing",
	}
	enObjects = []string{
		"a $3 billion plan to repair aging schools", "changes to the pension system",
		"rising energy prices", "next year's budget", "a new light rail network",
		"the closure of several rail lines", "record exam results", "an early heat wave",
		"a drop in unemployment", "a housing bill", "rising rents in big cities", "a trade deal with Canada",
		"a shortage of family doctors", "new rules for unemployment benefits", "the quality of tap water",
		"gas prices at the pump", "R&D tax credits for small firms",
	}
	enComplements = []string{
		"on Thursday", "in Washington", "according to a report released Tuesday",
		"despite objections from local officials", "by the end of the year", "starting next month",
		"after weeks of talks", "in an interview with a local paper", "at a press conference",
		"to the surprise of many", "for the third year in a row", "before a packed hearing",
	}
	enQuotes = []string{
		"We don't have a choice", "This is a decisive step", "Nothing is settled yet",
		"People want real answers", "It's only the beginning", "We need to move faster",
	}
	enPeople = []string{"a spokeswoman", "the committee chair", "a union official", "the mayor",
		"the chief executive", "an economist"}
	enCategories = []string{"US", "Politics", "Business", "Society", "Environment", "Transport", "Health",
		"Education", "World", "Sports"}
	enAuthors = []string{"Sarah Miller", "James Carter", "Emily Brooks", "Daniel Reed", "Olivia Hayes",
		"Michael Grant", "Newsroom"}

	// AI titles hold a term of the rule ("l'IA", "intelligence artificielle",
	// "AI", "OpenAI") so that the item is selected.
	aiFrTitles = []string{
		"L'IA générative bouscule %s", "Intelligence artificielle : %s", "OpenAI et %s",
		"Comment l'IA change %s", "L'intelligence artificielle au secours de %s",
	}
	aiEnTitles = []string{
		"How AI is reshaping %s", "OpenAI and %s", "AI startups take on %s", "Artificial intelligence meets %s",
	}
	aiFrSentences = []string{
		"L'intelligence artificielle générative transforme déjà le travail de nombreuses équipes.",
		"OpenAI a présenté un nouveau modèle capable de résumer des documents de plusieurs centaines de pages.",
		"Les start-up françaises de l'IA ont levé des sommes record depuis le début de l'année.",
		"Les grands modèles de langage restent coûteux à entraîner et gourmands en électricité.",
		"Le règlement européen sur l'IA impose de nouvelles obligations aux fournisseurs de systèmes à haut risque.",
	}
	aiEnSentences = []string{
		"Generative AI is already changing how many teams work.",
		"OpenAI released a new model that can summarize documents hundreds of pages long.",
		"AI startups raised record amounts of money this year.",
		"Large language models remain expensive to train and hungry for electricity.",
		"The EU AI Act puts new obligations on providers of high-risk systems.",
	}
)

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
	french  bool
	host    string
	epoch   time.Time // the publication time of article 0
	spacing time.Duration
}

// aiEvery makes one article in ten an AI article.
const aiEvery = 10

// isAI reports whether article k of source s is about AI: exactly one in
// aiEvery consecutive articles is.
func isAI(s, k int) bool { return (k+s)%aiEvery == 0 }

// article returns article k of the generator's source.
func (g *generator) article(k int) article {
	rng := rand.New(rand.NewPCG(g.seed, uint64(g.source)<<32|uint64(k)))
	a := article{
		ai:        isAI(g.source, k),
		published: g.epoch.Add(time.Duration(k) * g.spacing),
	}
	subjects, verbs, objects, complements := frSubjects, frVerbs, frObjects, frComplements
	categories, authors := frCategories, frAuthors
	aiTitles, aiSentences := aiFrTitles, aiFrSentences
	if !g.french {
		subjects, verbs, objects, complements = enSubjects, enVerbs, enObjects, enComplements
		categories, authors = enCategories, enAuthors
		aiTitles, aiSentences = aiEnTitles, aiEnSentences
	}
	object := pick(rng, objects)
	if a.ai {
		a.title = fmt.Sprintf(pick(rng, aiTitles), object)
	} else {
		a.title = pick(rng, subjects) + " " + pick(rng, verbs) + " " + object
	}
	slug := slugOf(object)
	a.link = fmt.Sprintf("https://%s/%s/%s-%d.html", g.host, a.published.Format("2006/01/02"), slug, k)
	a.guid, a.permalink = a.link, true
	if g.source%3 == 2 {
		a.guid, a.permalink = fmt.Sprintf("%s-article-%d", g.host, k), false
	}
	a.author = pick(rng, authors)
	a.categories = []string{pick(rng, categories), pick(rng, categories)}
	if a.categories[0] == a.categories[1] {
		a.categories = a.categories[:1]
	}
	if a.ai {
		if g.french {
			a.categories = append(a.categories, "Intelligence artificielle")
		} else {
			a.categories = append(a.categories, "Artificial intelligence")
		}
	}

	// About 1 KB of HTML: an image, paragraphs of sentences with a link
	// inside, a "read more" link.
	var sentences []string
	if a.ai {
		sentences = append(sentences, pick(rng, aiSentences))
	}
	size := 0
	for size < 720 {
		s := g.sentence(rng, subjects, verbs, objects, complements)
		sentences = append(sentences, s)
		size += len(s) + 1
	}
	var b strings.Builder
	b.Grow(1400)
	fmt.Fprintf(&b, `<p><img src="https://%s/images/%d-800x450.jpg" alt="%s" width="800" height="450" /></p>`,
		g.host, k, html.EscapeString(a.title))
	half := len(sentences) / 2
	b.WriteString("<p>" + g.escape(strings.Join(sentences[:half], " ")) + "</p>")
	b.WriteString("<p>" + g.escape(strings.Join(sentences[half:len(sentences)-1], " ")))
	fmt.Fprintf(&b, ` <a href="https://%s/dossiers/%s">%s</a> `, g.host, slug, g.escape(sentences[len(sentences)-1]))
	b.WriteString("</p>")
	more := "Lire la suite"
	if !g.french {
		more = "Read more"
	}
	fmt.Fprintf(&b, `<p><a href="%s">%s&nbsp;&raquo;</a></p>`, html.EscapeString(a.link), more)
	a.html = b.String()
	return a
}

// sentence returns one sentence of news, sometimes a quote.
func (g *generator) sentence(rng *rand.Rand, subjects, verbs, objects, complements []string) string {
	if rng.IntN(4) == 0 {
		if g.french {
			return "« " + pick(rng, frQuotes) + " », a déclaré " + pick(rng, frPeople) + "."
		}
		return `"` + pick(rng, enQuotes) + `," said ` + pick(rng, enPeople) + "."
	}
	return pick(rng, subjects) + " " + pick(rng, verbs) + " " + pick(rng, objects) + " " + pick(rng, complements) + "."
}

// escape turns plain text into the HTML the source writes.
func (g *generator) escape(s string) string {
	switch {
	case g.french && g.source%3 == 0:
		return frEntities.Replace(s)
	case !g.french:
		return enEntities.Replace(s)
	}
	return plainEntities.Replace(s)
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

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
