// Package twogenerals is the two generals' problem as a protocol and a
// bounded search: a finite acknowledgement protocol over a lossy link,
// and an explorer that tries every drop schedule and finds the one where
// one general attacks alone.
//
// Why it exists: no finite exchange of messages over a link that may lose
// any of them lets two parties agree for certain. The proof is an
// induction on the last message: its sender cannot know it arrived, so a
// run that loses it must look the same to the sender as one that does
// not. The explorer makes the proof concrete for a given k.
//
// The protocol. General A (the first server) sends message 1, "attack at
// dawn"; general B (the second) acknowledges it with message 2; A
// acknowledges the acknowledgement with message 3; and so on up to
// Config.Messages. Each message is sent as soon as the previous one
// arrives. At Config.DecideAt each general decides, by this rule: attack
// iff every message addressed to it arrived (A expects the even-numbered
// ones, B the odd). Any rule has the same flaw; this one is the natural
// "attack only if fully confirmed".
//
// The lossy link is scripted rather than drawn: Config.Drop lists the
// numbers of the messages it loses, so that a search can enumerate
// schedules. With Config.Search the protocol's Build runs the explorer
// (Explore) over all 2^k schedules and plays the first one in which the
// generals disagree.
//
// Observations (Kind: Data): "search": SearchFact from A at start when the
// explorer ran; "send" and "lost": MessageFact; "decide": DecideFact.
package twogenerals
