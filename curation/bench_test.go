package curation_test

import (
	"testing"

	"github.com/veille-project/veille/curation"
)

// benchRule has about 40 include terms, as a well-tended topic would.
var benchRule = curation.Rule{
	Include: curation.Terms(
		"IA", "AI", "LLM", "AGI", "GPT-4", "GPT-5", "intelligence artificielle", "artificial intelligence",
		"IA générative", "generative AI", "apprentissage automatique", "machine learning", "apprentissage profond",
		"deep learning", "réseau de neurones", "réseaux de neurones", "neural network", "modèle de langage",
		"modèles de langage", "grand modèle de langage", "language model", "OpenAI", "ChatGPT", "Mistral AI",
		"Anthropic", "Claude", "Gemini", "DeepMind", "Copilot", "Llama", "Hugging Face", "Nvidia", "agent conversationnel",
		"chatbot", "chatbots", "robot conversationnel", "reconnaissance faciale", "AI Act", "sommet pour l'action sur l'IA",
		"vision par ordinateur",
	),
	Exclude: curation.Terms("publi-rédactionnel", "Steven Spielberg", "horoscope"),
}

// benchItem is a French news item of about 1 KB.
var benchItem = curation.Document{
	Title: "Sommet sur l'IA : Emmanuel Macron annonce 109 milliards d'euros d'investissements",
	Summary: "Le président de la République, Emmanuel Macron, a annoncé dimanche 9 février un investissement de 109 milliards " +
		"d'euros dans l'intelligence artificielle en France dans les prochaines années, à la veille du sommet pour l'action " +
		"sur l'IA qui se tient au Grand Palais, à Paris. Ces montants, apportés notamment par des fonds émiratis et " +
		"canadiens, doivent financer la construction de centres de données et de capacités de calcul. « C'est l'équivalent " +
		"pour la France de ce que les États-Unis ont annoncé avec Stargate », a déclaré le chef de l'État. Plus de cent " +
		"pays, des dirigeants d'entreprises du numérique et des chercheurs sont attendus lundi et mardi. La start-up " +
		"française Mistral AI, qui développe des grands modèles de langage concurrents de ceux d'OpenAI, doit présenter " +
		"ses nouveautés, tandis que les associations s'inquiètent de l'empreinte énergétique de ces infrastructures et " +
		"des effets de l'automatisation sur l'emploi. Les syndicats demandent un dialogue social renforcé.",
	Categories: []string{"Économie", "Intelligence artificielle", "Politique"},
}

func BenchmarkMatch(b *testing.B) {
	m, err := curation.Compile(benchRule)
	if err != nil {
		b.Fatal(err)
	}
	if r := m.Match(benchItem); !r.Selected {
		b.Fatalf("benchmark item not selected: %+v", r)
	}
	b.SetBytes(int64(len(benchItem.Title) + len(benchItem.Summary) + 40))
	b.ReportAllocs()
	for b.Loop() {
		m.Match(benchItem)
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := curation.Compile(benchRule); err != nil {
			b.Fatal(err)
		}
	}
}
