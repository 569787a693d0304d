// Package text holds the text primitives that the packages reading news
// share, so that each has one implementation, tested once:
//
//   - sentence boundaries in French and English news text: [Sentences] and
//     [SentenceEnds];
//   - accent and ligature folding, which reads "Générative",
//     "GÉNÉRATIVE", "ge\u0301ne\u0301rative" and "ｇéｎéｒａｔｉｖｅ" as one
//     word: [Decompose] the text, drop the runes [IsMark] reports and spell
//     each letter with [AppendFolded], or [AppendFoldedLower] where case
//     does not matter.
//
// The package is pure: it does no I/O, keeps no state, and its functions
// are safe for concurrent use.
package text
