package stories

// commonWords are content words that news of every kind writes day after
// day, in French and English: two reports sharing "gouvernement", "pays"
// or "people" say little about one story, while sharing "Lagarde",
// "séisme" or "Alstom" says much. Function words are stop words already;
// these are the commonest nouns, verbs and adjectives of news, written
// from general word frequency, not from any labelled pair. A shared word
// of the list weighs commonWeight in the words signal, any other word 1,
// as an inverse document frequency would weigh them. They are written as
// [tokenize] normalizes them; [commonStems] holds their stems, written as
// the bilingual table writes them.
var commonWords = []string{
	// French: people and institutions.
	"gouvernement", "president", "presidente", "ministre", "ministere", "etat", "etats", "pays", "pouvoir",
	"politique", "politiques", "public", "publique", "publics", "national", "nationale", "nationaux",
	"international", "internationale", "officiel", "officielle", "responsable", "responsables",
	"directeur", "directrice", "direction", "dirigeant", "dirigeants", "chef", "chefs", "groupe", "groupes",
	"entreprise", "entreprises", "societe", "societes", "secteur", "service", "services", "organisation",
	"personne", "personnes", "gens", "habitants", "population", "citoyens", "homme", "hommes", "femme",
	"femmes", "enfant", "enfants", "famille", "familles", "jeune", "jeunes", "membre", "membres",
	"partie", "parti", "partis", "equipe", "equipes", "autorites", "autorite", "collectivite",
	"region", "regions", "regional", "regionale", "ville", "villes", "monde", "mondial", "mondiale",
	"europeen", "europeenne", "europeens", "local", "locale", "locaux", "site", "lieu", "lieux",
	// French: time and quantity.
	"ans", "mois", "jour", "jours", "heure", "heures", "minute", "minutes", "temps", "date",
	"periode", "debut", "fin", "moment", "dernier", "derniere", "derniers", "dernieres",
	"premier", "premiere", "premiers", "prochain", "prochaine", "nouveau", "nouvelle", "nouveaux",
	"nouvelles", "ancien", "ancienne", "anciens", "grand", "grande", "grands", "grandes", "petit",
	"petite", "petits", "gros", "haut", "haute", "bas", "long", "longue", "million", "millions",
	"milliard", "milliards", "nombre", "niveau", "part", "total", "moitie", "tiers", "quart", "pres",
	"environ", "plusieurs", "nombreux", "nombreuses", "certains", "certaines", "seul", "seule",
	"hausse", "baisse", "euro", "euros", "dollar", "dollars", "taux", "prix", "cout",
	// French: common verbs.
	"annonce", "annoncer", "annonces", "declare", "declarer", "declaration", "affirme", "affirmer",
	"indique", "indiquer", "explique", "expliquer", "estime", "estimer", "assure", "assurer", "souligne",
	"precise", "preciser", "ajoute", "ajouter", "rappelle", "rappeler", "confirme", "confirmer",
	"dit", "dire", "devrait", "pourrait", "doivent", "peuvent", "veut", "vouloir", "permet", "permettre",
	"prend", "prendre", "pris", "mis", "mettre", "met", "donne", "donner", "rester", "reste", "passe",
	"passer", "devient", "devenir", "venir", "vient", "arrive", "arriver", "suit", "suivre", "continue",
	"continuer", "commence", "commencer", "compte", "compter", "connait", "connaitre", "trouve", "trouver",
	"montre", "montrer", "porte", "porter", "tient", "tenir", "mene", "mener", "appel", "appelle",
	"appeler", "demande", "demander", "propose", "proposer", "prevoit", "prevu", "prevue", "decide",
	"decider", "decision", "decisions", "change", "changer", "changement", "permis", "recoit", "recevoir",
	"reprend", "reprendre", "attend", "attendre", "attendu", "face", "lance", "lancer", "ouvre", "ouvrir",
	"travail", "travaux", "travaille", "travailler", "projet", "projets", "plan", "plans", "mesure",
	"mesures", "question", "questions", "probleme", "problemes", "situation", "cas", "raison", "raisons",
	"effet", "effets", "resultat", "resultats", "objectif", "objectifs", "role", "place", "points", "point",
	"chose", "choses", "facon", "maniere", "idee", "type", "sorte", "forme", "aide", "aider", "soutien",
	"accord", "accords", "loi", "reforme", "crise", "risque", "risques", "securite", "sante",
	"economie", "economique", "economiques", "social", "sociale", "sociaux", "financier", "financiere",
	"budget", "argent", "marche", "marches", "vente", "ventes", "compagnie", "production", "activite",
	"activites", "developpement", "systeme", "systemes", "information", "informations", "media", "medias",
	"presse", "journal", "article", "video", "photo", "images", "reseaux", "internet", "ligne", "numerique",
	"technologie", "technologies", "histoire", "vie", "mort", "morts", "victime", "victimes",
	"important", "importante", "importants", "possible", "necessaire", "difficile", "fort", "forte",
	"bon", "bonne", "mauvais", "meilleur", "meilleure", "pire", "general", "generale", "principal",
	"principale", "principaux", "actuel", "actuelle", "plein", "pleine", "libre", "vrai", "vraie",
	"semaines", "annees", "match", "saison", "joueur", "joueurs", "club", "victoire", "titre",
	"rapport", "etude", "source", "sources", "cause", "suite", "sein", "cadre",
	"francais", "francaise", "paris", "etranger", "capitale",
	// English: people and institutions.
	"government", "minister", "ministry", "state", "states", "country", "countries", "power",
	"political", "politics", "official", "officials", "leader",
	"leaders", "chief", "head", "director", "executive", "group", "groups", "company", "companies", "firm",
	"firms", "business", "businesses", "industry", "sector",
	"organization", "people", "person", "persons", "residents", "citizens", "man", "men",
	"woman", "women", "child", "children", "family", "families", "young", "member", "members", "party",
	"parties", "team", "teams", "authorities", "authority", "agency", "city",
	"cities", "world", "global", "european", "places", "area", "areas",
	// English: time and quantity.
	"years", "month", "months", "day", "days", "hour", "hours", "time", "times",
	"period", "start", "end", "last", "first", "next", "former", "big", "large", "small",
	"high", "low", "billion", "billions", "number", "level", "share",
	"half", "third", "quarter", "nearly", "around", "almost", "several", "many",
	"few", "least", "certain", "single", "rise", "fall",
	"rate", "price", "prices", "cost", "costs",
	// English: common verbs.
	"announce", "announced", "announcement", "say", "saying", "told", "tell", "statement",
	"stated", "claim", "claimed", "added", "add", "confirm", "confirmed", "explained", "expected",
	"expect", "planned", "make", "made", "makes", "take", "took", "taken", "takes",
	"give", "gave", "given", "get", "got", "go", "going", "went", "come", "came", "coming", "set",
	"put", "keep", "kept", "become", "became", "remain", "remains", "remained", "continued",
	"begin", "began", "begins", "find", "found", "show", "showed", "shows", "shown", "bring", "brought",
	"lead", "led", "call", "called", "calls", "ask", "asked", "want", "wants", "need", "needs", "seek",
	"seeks", "try", "tried", "help", "helped", "move", "moved", "moves", "changes", "changed",
	"decided", "allow", "allowed", "run", "running", "hold", "held",
	"faces", "faced", "work", "works", "worked", "working", "project", "projects", "measure", "measures",
	"problem", "problems", "issue", "issues", "case", "cases",
	"reason", "result", "results", "effect", "goal", "thing", "things", "way", "ways",
	"idea", "kind", "support", "deal", "deals", "law", "reform", "crisis", "risk", "risks", "security",
	"safety", "health", "economy", "economic", "financial", "money", "market",
	"markets", "sales", "activity", "development", "system", "systems",
	"press", "news", "report", "reports", "reported", "online",
	"digital", "technology", "tech", "history", "life", "lives", "death", "dead", "victim",
	"victims", "major", "key", "top", "best", "better", "worst",
	"main", "current", "full", "free", "real", "good", "bad", "latest", "recent", "early", "late",
	"weeks", "season", "player", "players", "win", "title", "study",
	"following", "amid", "despite", "within", "without", "across", "since", "until",
	"still", "back", "well", "even", "already", "yet", "ahead", "due", "france", "french",
	"capital", "foreign", "home", "house", "building", "open", "close", "closed",
}

// commonStems is the set of the stems of commonWords, written as the
// bilingual table writes them.
var commonStems = func() map[string]bool {
	m := make(map[string]bool, len(commonWords))
	for _, w := range commonWords {
		s := stem(token{text: w})
		if c, ok := concepts[s]; ok {
			s = c
		}
		m[s] = true
	}
	return m
}()
