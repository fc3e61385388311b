// Package delivery shows the three message-delivery guarantees — at most
// once, at least once, exactly once — of a counter service, over a
// fair-loss link and over an arbitrary one, with and without an
// authenticated, checksummed channel.
//
// Why it exists: "exactly once" is not something a network gives; it is
// built from retransmission (at least once) plus deduplication by request
// id (at most once). And "the network delivers what was sent" is not
// something a network gives either: over a link that corrupts payloads and
// forges senders, a receiver must check a MAC over the payload and the
// sender (the job TLS does for real links) to turn it back into a fair-loss
// link, on which retransmission does the rest.
//
// The protocol. The first server is the counter; every other server is a
// sender, the client of the counter. (Senders are servers of this protocol,
// not workload clients, because a checksummed channel needs protocol code
// at both ends.) Each sender issues Config.Requests increments, one every
// Config.Interval, each with its own id. At most once: it sends each once
// and never again. At least once and exactly once: it retransmits every
// Config.Retransmit until an Ack arrives (at most Config.MaxSends times).
// The counter applies an Increment and acknowledges it; except in
// at-least-once mode, it first looks the (sender, id) pair up in its table
// of applied requests and only re-acknowledges a repeat. With the
// authenticated channel every message carries a MAC over its payload and
// its sender, computed with the sender's pre-shared key (which the link
// does not know), and a receiver drops a message whose MAC does not match.
//
// Observations (Kind: Data): "send": SendFact at a request's first
// transmission; "acked": AckedFact when its sender learns it was applied;
// "apply": ApplyFact when the counter applies one; "duplicate": ApplyFact
// when exactly-once deduplication suppresses one; "reject": RejectFact when
// the channel drops a message. Check turns them into the delivery checks of
// package check, and Story into a few lines.
package delivery
