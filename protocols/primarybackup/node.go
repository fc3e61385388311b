package primarybackup

import (
	"time"

	"simrun/sim"
	"simrun/workload"
)

// role is what a node currently does.
type role int

const (
	backup role = iota
	promoting
	primary
)

var roleNames = [...]string{backup: RoleBackup, promoting: RolePromoting, primary: RolePrimary}

// Timer tags (strings: the kernel traces them without allocating).
const (
	tagHeartbeat = "heartbeat"
	tagFailover  = "failover"
	tagFence     = "fence"
	tagShip      = "ship"  // a lagging replication stream ships its backlog
	tagProbe     = "probe" // a prober stops waiting for answers
)

// New returns the factory of a primary/backup server. servers lists every
// server in the cluster; the first is the initial primary of epoch 1. It
// panics on an invalid cfg or an empty servers list: scenarios validate
// first, so either is a programming error (the rule of sim.New).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("primarybackup: invalid config: " + err.Error())
	}
	if len(servers) == 0 {
		panic("primarybackup: no servers")
	}
	first := servers[0]
	return func(id sim.NodeID) sim.Node { return &node{cfg: cfg, id: id, first: first} }
}

// node is one server. Fields marked durable are mirrored on its disk before
// any message that depends on them leaves (see persist).
type node struct {
	cfg   Config
	id    sim.NodeID
	first sim.NodeID // the initial primary

	// epoch (durable) is the highest epoch this node has seen or started.
	// Invariant: never decreases, across restarts too.
	epoch int
	// index (durable) counts the writes in kv's lineage. Invariant: a synced
	// backup holds exactly the primary's first index writes.
	index uint64
	// kv (durable) is the store. Invariant: no value is "" (absent keys are
	// deleted), because "" means absent to clients and checkers.
	kv map[string]string

	role    role
	primary sim.NodeID // the primary of epoch, valid when known
	known   bool
	// synced is false from adopting an epoch (or restarting) until a
	// SyncState arrives: only a synced backup may apply a Replicate.
	synced    bool
	lastHeard time.Duration // local time the primary was last heard

	heartbeat, failover, fence sim.Timer

	acks        map[sim.NodeID]bool // promoting: peers that acknowledged the fence
	handoff     *FenceAck           // promoting: the state a fenced primary handed over
	handoffFrom sim.NodeID
	// sessions holds a primary's last answer per client, so a retransmitted
	// Seq gets the same answer instead of applying twice. It belongs to one
	// tenure: a failover forgets it (a known limitation, as in many real
	// primary/backup stores).
	sessions map[string]session

	// Replication modes (replication.go). match (primary) is the highest
	// Index each backup has acknowledged; held (primary) lists the answers
	// withheld until enough backups acknowledge their write, in Index
	// order; backlog (primary) holds Replicates a lagging stream has not
	// shipped yet. All three belong to one tenure.
	match   map[sim.NodeID]uint64
	held    []heldReply
	backlog []unshipped
	// probing (backup) is true while it asks the others how far they got
	// before promoting itself; answers holds their Indexes.
	probing bool
	answers map[sim.NodeID]uint64
	probe   sim.Timer
}

// session is a client's last answered request.
type session struct {
	seq   uint64
	reply workload.Reply
	// held: the reply waits for backups' acknowledgements; a
	// retransmission is then ignored, since the answer will come.
	held bool
}

// Start boots the node. A node with a disk from a previous incarnation comes
// back as an unsynced backup of its stored epoch: it cannot know whether
// someone took over while it was down, so it lets failover (or the
// operator) choose a primary rather than risk a second one.
func (n *node) Start(env sim.Env) {
	if n.load(env) {
		n.becomeBackup(env, CauseRestart, plural(len(n.kv), "key"))
		return
	}
	n.epoch, n.index, n.kv = 1, 0, map[string]string{}
	n.persist(env)
	if n.id == n.first {
		n.becomePrimary(env, CauseStart, "")
		return
	}
	n.primary, n.known, n.synced = n.first, true, true
	n.becomeBackup(env, CauseStart, "")
}

// Receive routes client requests and operator commands, then checks the
// epoch of a server message once before any handler sees it.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case workload.Request:
		n.onRequest(env, from, m)
		return
	case Promote:
		n.onPromote(env)
		return
	}
	epoch, ok := epochOf(msg)
	switch {
	case !ok:
		return
	case epoch < n.epoch:
		n.onStale(env, from)
		return
	}
	wasPrimary := n.role == primary
	if epoch > n.epoch {
		n.adopt(env, epoch, from)
	}
	switch m := msg.(type) {
	case Heartbeat:
		n.onHeartbeat(env, from, m)
	case Replicate:
		n.onReplicate(env, from, m)
	case SyncRequest:
		n.onSyncRequest(env, from)
	case SyncState:
		n.onSyncState(env, from, m)
	case Fence:
		n.onFence(env, from, wasPrimary)
	case FenceAck:
		n.onFenceAck(env, from, m)
	case ReplicateAck:
		n.onReplicateAck(env, from, m)
	case Probe:
		env.Send(from, ProbeAck{Epoch: n.epoch, Index: n.index})
	case ProbeAck:
		n.onProbeAck(env, from, m)
	}
}

// Timer handles the three timers; each checks the role, since a role change
// may have made it moot.
func (n *node) Timer(env sim.Env, tag any) {
	switch tag {
	case tagHeartbeat:
		n.heartbeat.Fired()
		if n.role == primary {
			n.sendHeartbeats(env)
			n.heartbeat.Set(env, n.cfg.Heartbeat, tagHeartbeat)
		}
	case tagFailover:
		n.failover.Fired()
		if n.role == backup && n.cfg.Failover == FailoverAuto {
			n.onSilence(env)
		}
	case tagFence:
		n.fence.Fired()
		if n.role == promoting {
			n.finishPromotion(env)
		}
	case tagShip:
		n.shipBacklog(env)
	case tagProbe:
		n.probe.Fired()
		n.decideProbe(env)
	}
}

// onStale answers a message from an older epoch. A primary replies with its
// heartbeat so a deposed primary learns the new epoch and steps down; others
// stay silent (the primary's own heartbeats will tell the sender).
func (n *node) onStale(env sim.Env, from sim.NodeID) {
	if n.role == primary {
		env.Send(from, Heartbeat{Epoch: n.epoch, Index: n.index})
	}
}

// adopt moves this node to a newer epoch learned from from: whatever it was,
// it is now an unsynced backup of that epoch, and must take the new
// primary's state before it applies any Replicate.
func (n *node) adopt(env sim.Env, epoch int, from sim.NodeID) {
	n.epoch, n.synced, n.known = epoch, false, false
	n.persist(env)
	n.becomeBackup(env, CauseHigherEpoch, env.NameOf(from))
}

// becomePrimary makes this node primary of its current epoch and starts
// heartbeating at once, so backups (and a deposed primary) learn of it.
func (n *node) becomePrimary(env sim.Env, cause, detail string) {
	n.role = primary
	n.primary, n.known, n.synced = n.id, true, true
	n.failover.Stop(env)
	n.fence.Stop(env)
	n.acks, n.handoff = nil, nil
	n.sessions = map[string]session{}
	n.resetTenure(env)
	n.observeRole(env, cause, detail)
	n.sendHeartbeats(env)
	n.heartbeat.Set(env, n.cfg.Heartbeat, tagHeartbeat)
}

// becomeBackup makes this node a backup and, with auto failover, starts
// counting the primary's silence from now.
func (n *node) becomeBackup(env sim.Env, cause, detail string) {
	n.role = backup
	n.heartbeat.Stop(env)
	n.fence.Stop(env)
	n.acks, n.handoff = nil, nil
	n.resetTenure(env)
	n.lastHeard = env.Now()
	n.armFailover(env)
	n.observeRole(env, cause, detail)
}

// armFailover (re)starts the silence countdown of an auto-failover backup.
func (n *node) armFailover(env sim.Env) {
	if n.cfg.Failover == FailoverAuto {
		n.failover.Set(env, n.cfg.FailoverTimeout, tagFailover)
	}
}

func (n *node) observeRole(env sim.Env, cause, detail string) {
	env.Observe(sim.Observation{Kind: KindRole, Data: RoleFact{
		Epoch: n.epoch, Role: roleNames[n.role], Cause: cause, Detail: detail}})
}
