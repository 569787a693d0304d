package stories

// concepts maps the stems of the commonest words of news (see stem) to one
// stem per meaning, in French and English alike, so that a French and an
// English report, or two rewordings, share the words they say one thing
// with: "licenciements", "suppressions", "layoffs" and "cuts" are one word
// here. Only words whose meaning hardly depends on their context are
// listed; a stem that two meanings share ("vol", a flight or a theft;
// "proces", a trial or a process; "prix", a price or a prize, kept as a
// price) is not, nor a word that is already one stem in both languages
// ("inflation", "crise", "accident").
//
// Countries and their peoples are written one way too ("Allemagne",
// "allemande", "Germany" and "German" are "~de"): a French report writes a
// nationality in lower case, an English one with a capital, and both are
// what many different stories share, so they are words, never names (see
// walk).
var concepts = map[string]string{
	// Jobs and cuts.
	"licenc": "cut", "suppre": "cut", "suppri": "cut", "layoff": "cut", "slash": "cut", "lay": "cut",
	"emploi": "job", "poste": "job", "role": "job", "salari": "employ", "employ": "employ", "effect": "employ",
	"chomag": "unempl", "chomeu": "unempl", "jobles": "unempl", "unempl": "unempl",
	"ouvrie": "worker", "worker": "worker", "salair": "salary", "salary": "salary", "wage": "salary",
	"retrai": "pensio", "pensio": "pensio", "retire": "pensio", "greve": "strike", "strike": "strike",
	"grevis": "strike", "syndic": "union",
	// Money and the economy.
	"millia": "billion", "billio": "billion", "bn": "billion", "amende": "fine", "penalt": "fine",
	"sancti": "fine", "chiffr": "revenu", "revenu": "revenu", "benefi": "profit", "levee": "raise",
	"leve": "raise", "raise": "raise", "rachat": "acquir", "rachet": "acquir", "acquis": "acquir",
	"acquir": "acquir", "buy": "acquir", "valori": "valuat", "valuat": "valuat", "prix": "price",
	"price": "price", "tarif": "price", "cout": "cost", "cost": "cost", "accord": "deal", "deal": "deal",
	"agreem": "deal", "invest": "invest", "shareh": "shareh", "millie": "thousa",
	"thousa": "thousa", "taux": "rate", "rate": "rate", "croiss": "growth", "growth": "growth",
	"dette": "debt", "debt": "debt", "impot": "tax", "taxe": "tax", "tax": "tax", "banque": "bank",
	"bancai": "bank", "bank": "bank", "trimes": "quarte", "quarte": "quarte",
	"previs": "foreca", "foreca": "foreca", "perte": "loss", "loss": "loss", "fusion": "merger",
	"merger": "merger", "offre": "offer", "offer": "offer", "bid": "offer", "bankru": "bankru", "petrol": "oil", "oil": "oil", "gaz": "gas", "gas": "gas", "marche": "market",
	"market": "market", "bourse": "stock", "stock": "stock", "douane": "tariff", "tariff": "tariff",
	"vente": "sale", "sale": "sale", "vendre": "sale", "vend": "sale", "vendu": "sale", "sell": "sale",
	"sold": "sale", "usine": "factor", "client": "client", "custom": "client",
	// Rising and falling.
	"hausse": "rise", "augmen": "rise", "rise": "rise", "grimpe": "rise", "surge": "rise", "soar": "rise",
	"increa": "rise", "jump": "rise", "jumped": "rise", "envole": "rise", "baisse": "fall", "recul": "fall",
	"recule": "fall", "chute": "fall", "drop": "fall", "plonge": "fall", "plunge": "fall", "declin": "fall",
	"decrea": "fall", "fell": "fall", "fall": "fall", "attein": "reach", "reach": "reach", "depass": "exceed",
	"exceed": "exceed",
	// Announcing and launching.
	"annonc": "announ", "announ": "announ", "devoil": "unveil", "unveil": "unveil", "lance": "launch",
	"lancer": "launch", "launch": "launch", "lanceu": "launch", "presen": "unveil", "releas": "launch",
	"publie": "publis", "publis": "publis", "revele": "reveal", "reveal": "reveal", "decouv": "discov",
	"discov": "discov", "averti": "warn", "warn": "warn", "warned": "warn",
	"warnin": "warn", "alerte": "alert", "menace": "threat", "threat": "threat", "rejett": "reject",
	"rejete": "reject", "reject": "reject", "approu": "approv", "approv": "approv", "annule": "cancel",
	"cancel": "cancel", "retard": "delay", "delay": "delay", "postpo": "delay", "exige": "requir",
	"requir": "requir", "bloque": "block", "block": "block", "ouvre": "open", "ouvert": "open",
	"ouvrir": "open", "open": "open", "opened": "open", "rempla": "replac", "replac": "replac",
	"rejoin": "join", "join": "join", "joined": "join", "quitte": "leave", "leave": "leave",
	"retour": "return", "return": "return", "build": "constr", "built": "constr", "produi": "produc",
	"visite": "visit", "visit": "visit", "rencon": "meet", "meet": "meet", "discou": "speech",
	"speech": "speech", "parten": "partne", "partne": "partne", "allie": "allian", "fondat": "founde",
	"fonde": "founde", "founde": "founde", "pdg": "ceo", "ceo": "ceo", "patron": "ceo", "boss": "ceo",
	// Politics, war and justice.
	"enquet": "probe", "probe": "probe", "juge": "judge", "judge": "judge",
	"tribun": "court", "court": "court", "plaint": "lawsui", "lawsui": "lawsui", "poursu": "sue",
	"sue": "sue", "interd": "ban", "ban": "ban", "loi": "law", "law": "law", "regle": "rule",
	"rule": "rule", "depute": "lawmak", "lawmak": "lawmak", "gouver": "govern", "govern": "govern",
	"minist": "minist", "pm": "pm", "condam": "fine", "elu": "elect", "elue": "elect", "electi": "elect",
	"elect": "elect", "electe": "elect", "scruti": "vote", "vote": "vote", "voted": "vote",
	"ballot": "vote", "voter": "vote", "demiss": "resign", "resign": "resign", "nomme": "appoin", "nomina": "appoin",
	"appoin": "appoin", "nomine": "appoin", "parlem": "parlia", "parlia": "parlia", "senat": "senate", "senato": "senate",
	"manife": "protes", "protes": "protes", "guerre": "war", "war": "war", "paix": "peace",
	"peace": "peace", "cessez": "ceasef", "ceasef": "ceasef", "treve": "truce", "truce": "truce",
	"armee": "army", "army": "army", "soldat": "soldie", "soldie": "soldie", "troupe": "troop",
	"troop": "troop", "arme": "weapon", "weapon": "weapon", "bombe": "bomb", "bomb": "bomb",
	"bombar": "bomb", "bombin": "bomb", "otage": "hostag", "hostag": "hostag", "sommet": "summit",
	"summit": "summit", "reunio": "meet", "meetin": "meet", "negoci": "negoti", "negoti": "negoti",
	"fronti": "border", "border": "border", "refugi": "refuge", "refuge": "refuge",
	"police": "police", "polici": "police", "arrest": "arrest", "jail": "prison",
	"prison": "prison", "limoge": "dismis", "dismis": "dismis", "trade": "commer",
	// Disasters, accidents and health.
	"seisme": "quake", "earthq": "quake", "quake": "quake", "trembl": "quake", "inonda": "flood",
	"flood": "flood", "tempet": "storm", "storm": "storm", "ouraga": "hurric",
	"hurric": "hurric", "incend": "fire", "fire": "fire", "wildfi": "fire", "canicu": "heatwa",
	"heatwa": "heatwa", "secher": "drough", "drough": "drough", "mort": "dead", "dead": "dead",
	"death": "dead", "dece": "dead", "decede": "dead", "meurt": "dead", "died": "dead", "die": "dead",
	"killed": "kill", "kill": "kill", "tue": "kill", "blesse": "injur", "injure": "injur",
	"injury": "injur", "injur": "injur", "injuri": "injur", "secour": "rescue", "rescue": "rescue", "hopita": "hospit",
	"hospit": "hospit", "medeci": "doctor", "doctor": "doctor", "maladi": "diseas", "diseas": "diseas",
	"sante": "health", "health": "health",
	// Society, science and sport.
	"ecole": "school", "school": "school", "etudia": "studen", "studen": "studen", "enseig": "teache",
	"teache": "teache", "resear": "resear", "enfant": "child", "child": "child",
	"childr": "child", "femme": "women", "women": "women", "woman": "women", "ville": "city",
	"city": "city", "citie": "city", "mondia": "world", "world": "world",
	"gagne": "win", "rempor": "win", "victoi": "win", "victor": "win", "vainqu": "win", "win": "win",
	"won": "win", "winner": "win", "winnin": "win", "defait": "defeat", "defeat": "defeat",
	"finale": "final", "final": "final", "cup": "cup", "joueur": "player",
	"player": "player", "coach": "coach", "equipe": "team", "team": "team",
	// Technology, transport and energy.
	"donnee": "data", "data": "data", "fuite": "leak", "leak": "leak", "breach": "leak", "panne": "outage",
	"outage": "outage", "pirata": "hack", "hack": "hack", "hacker": "hack", "pirate": "hack",
	"cybera": "cybera", "rancon": "ransom", "ransom": "ransom", "faille": "vulner", "vulner": "vulner",
	"flaw": "vulner", "modele": "model", "model": "model", "puce": "chip", "chip": "chip", "utilis": "user",
	"user": "user", "abonne": "subscr", "subscr": "subscr", "centre": "center", "center": "center",
	"reseau": "networ", "networ": "networ", "social": "social", "sociau": "social", "intell": "intell",
	"artifi": "artifi", "entrep": "compan", "compan": "compan", "societ": "compan", "startu": "startu",
	"start": "startu", "electr": "electr", "etude": "study", "study": "study", "rappor": "report",
	"report": "report", "attaqu": "attack", "attack": "attack", "logici": "softwa", "softwa": "softwa",
	"ordina": "comput", "comput": "comput", "teleph": "phone", "phone": "phone", "moteur": "engine",
	"engine": "engine", "nuage": "cloud", "cloud": "cloud", "fusee": "rocket", "rocket": "rocket",
	"spatia": "space", "space": "space", "espace": "space", "avion": "aircra", "aircra": "aircra",
	"plane": "aircra", "voitur": "vehicl", "vehicu": "vehicl", "vehicl": "vehicl",
	"energi": "energy", "energy": "energy",
	// The common words of news reports of every kind: disasters, courts,
	// elections, sport, business, places and people.
	"pape": "pope", "papal": "pope", "pontif": "pope", "pope": "pope", "papacy": "pope", "urgenc": "emerge",
	"emerge": "emerge", "propag": "spread", "spread": "spread", "publiq": "public", "public": "public",
	"foyer": "househ", "househ": "househ", "echang": "exchan", "exchan": "exchan", "libere": "releas",
	"libera": "releas", "freed": "releas", "dernie": "last", "last": "last", "vivant": "living",
	"living": "living", "alive": "living", "fined": "fine", "fine": "fine", "inflig": "fine", "convic": "fine",
	"senten": "fine", "numeri": "digita", "digita": "digita", "aeropo": "airpor", "airpor": "airpor",
	"passen": "passen", "voyage": "travel", "travel": "travel", "fermee": "closed",
	"fermet": "closed", "closed": "closed", "closur": "closed", "shut": "closed", "morte": "dead",
	"dying": "dead", "toll": "dead", "dispar": "missin", "missin": "missin", "evacua": "evacua",
	"evacue": "evacua", "pompie": "firefi", "firefi": "firefi", "vent": "wind", "rafale": "wind", "wind": "wind",
	"gust": "wind", "pluie": "rain", "rain": "rain", "rainfa": "rain", "vague": "wave", "wave": "wave",
	"coupab": "guilty", "guilty": "guilty", "avocat": "lawyer", "lawyer": "lawyer", "attorn": "lawyer",
	"procur": "prosec", "parque": "prosec", "prosec": "prosec", "arrete": "arrest", "maire": "mayor",
	"mayor": "mayor", "campag": "campai", "campai": "campai", "sondag": "poll", "poll": "poll", "survey": "poll",
	"medail": "medal", "medal": "medal", "laurea": "award", "award": "award", "awarde": "award",
	"saison": "season", "season": "season", "entrai": "coach", "histoi": "histor", "histor": "histor",
	"age": "age", "aged": "age", "fille": "daught", "daught": "daught", "epouse": "wife", "wife": "wife",
	"roi": "king", "king": "king", "reine": "queen", "queen": "queen", "eglise": "church", "church": "church",
	"ile": "island", "island": "island", "mer": "sea", "sea": "sea", "fleuve": "river", "rivier": "river",
	"river": "river", "montag": "mounta", "mounta": "mounta", "nord": "north", "north": "north",
	"northe": "north", "sud": "south", "south": "south", "southe": "south", "ouest": "west", "west": "west",
	"wester": "west", "lune": "moon", "moon": "moon", "lunar": "moon", "epidem": "epidem", "outbre": "epidem",
	"pandem": "epidem", "filial": "subsid", "subsid": "subsid", "fourni": "suppli", "suppli": "suppli",
	"provid": "suppli", "diffus": "broadc", "broadc": "broadc", "televi": "televi", "tele": "televi",
	"tv": "televi", "platef": "platfo", "platfo": "platfo", "applic": "app", "app": "app", "smartp": "smartp",
	"confid": "privac", "privac": "privac", "staff": "employ", "quit": "resign",
	"nommee": "appoin", "leavin": "leave", "arrive": "arriva", "arriva": "arriva", "epargn": "saving",
	"saving": "saving", "depens": "spendi", "spendi": "spendi", "reduit": "reduce", "reduir": "reduce",
	"reduct": "reduce", "reduce": "reduce", "lowere": "reduce", "abaiss": "reduce", "rouge": "red", "red": "red",
	"chaleu": "heat", "heat": "heat", "invasi": "invasi", "invade": "invasi", "occupe": "occupi",
	"occupi": "occupi", "entent": "agreem", "pourpa": "talk", "talk": "talk", "asile": "asylum",
	"asylum": "asylum",
	// Countries and their peoples.
	"france": "~fr", "franca": "~fr", "french": "~fr", "allema": "~de", "german": "~de",
	"americ": "~us", "usa": "~us", "ia": "~ai", "royaum": "~uk", "britai": "~uk", "britis": "~uk",
	"britan": "~uk", "anglai": "~uk", "englis": "~uk", "englan": "~uk", "uk": "~uk",
	"chine": "~cn", "chinoi": "~cn", "china": "~cn", "chines": "~cn", "japon": "~jp", "japona": "~jp",
	"japan": "~jp", "japane": "~jp", "italie": "~it", "italia": "~it", "italy": "~it",
	"espagn": "~es", "spain": "~es", "spanis": "~es", "russie": "~ru", "russe": "~ru", "russia": "~ru",
	"ukrain": "~ua", "inde": "~in", "indien": "~in", "india": "~in", "indian": "~in", "israel": "~il",
	"iranie": "~ir", "irania": "~ir", "iran": "~ir", "belgiq": "~be", "belge": "~be", "belgiu": "~be", "belgia": "~be",
	"suisse": "~ch", "switze": "~ch", "swiss": "~ch", "neerla": "~nl", "hollan": "~nl", "nether": "~nl", "dutch": "~nl", "europe": "~eu", "canada": "~ca", "canadi": "~ca",
	"mexiqu": "~mx", "mexico": "~mx", "mexica": "~mx", "bresil": "~br", "brazil": "~br",
	"coree": "~kr", "coreen": "~kr", "korea": "~kr", "korean": "~kr", "turqui": "~tr", "turc": "~tr",
	"turque": "~tr", "turkey": "~tr", "turkis": "~tr", "pologn": "~pl", "polona": "~pl", "poland": "~pl",
	"polish": "~pl", "suede": "~se", "suedoi": "~se", "sweden": "~se", "swedis": "~se",
	"austra": "~au", "afriqu": "~af", "africa": "~af", "arabie": "~sa", "saudi": "~sa", "egypte": "~eg",
	"egypt": "~eg", "egypti": "~eg", "liban": "~lb", "libana": "~lb", "lebano": "~lb", "syrie": "~sy",
	"syrien": "~sy", "syria": "~sy", "syrian": "~sy", "palest": "~ps",
	"irland": "~ie", "irelan": "~ie", "irish": "~ie", "grece": "~gr", "grec": "~gr", "grecqu": "~gr",
	"greece": "~gr", "greek": "~gr", "portug": "~pt", "taiwan": "~tw", "algeri": "~dz", "maroc": "~ma",
	"maroca": "~ma", "morocc": "~ma", "tunisi": "~tn",
}

// acronyms maps the acronyms of institutions, as tokenize writes them, to
// one spelling in French and English. "US" and "IA"/"AI" go to words of the
// bilingual table, which are not names.
var acronyms = map[string]string{
	"us": "usa", "usa": "usa", "ue": "ue", "eu": "ue", "onu": "onu", "un": "onu", "otan": "nato",
	"nato": "nato", "bce": "ecb", "ecb": "ecb", "fmi": "imf", "imf": "imf", "oms": "oms", "who": "oms",
	"omc": "wto", "wto": "wto", "ia": "ia", "ai": "ia", "pdg": "ceo", "ceo": "ceo", "ocde": "oecd",
	"oecd": "oecd", "cio": "ioc", "ioc": "ioc", "jo": "olympics",
}

// twoWordNames maps the countries, institutions and offices named in two words, as
// tokenize writes them, to the one word the bilingual table knows.
var twoWordNames = map[string]string{
	"etats unis": "usa", "united states": "usa", "royaume uni": "uk", "united kingdom": "uk",
	"pays bas": "dutch", "nations unies": "onu", "united nations": "onu",
	"premier ministre": "pm", "premiere ministre": "pm", "prime minister": "pm",
	"chief executive": "ceo", "directeur general": "ceo", "directrice generale": "ceo",
}
