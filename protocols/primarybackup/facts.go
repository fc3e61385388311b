package primarybackup

// Observation kinds this protocol records. Check and Story read exactly
// these, so they are shared constants.
const (
	KindRole   = "role"
	KindAccept = "accept-write"
	KindApply  = "apply"
)

// Roles as RoleFact spells them.
const (
	RolePrimary = "primary"
	RoleBackup  = "backup"
	// RolePromoting is a backup fencing the others on the operator's
	// command: not yet primary, so it ends no tenure and starts none.
	RolePromoting = "promoting"
)

// Causes of a role change, so Story can say why without parsing prose.
const (
	CauseStart       = "start"        // first boot
	CauseRestart     = "restart"      // boot after a crash; Detail: "N keys" recovered
	CauseTimeout     = "timeout"      // auto failover; Detail: how long the primary was silent
	CauseOperator    = "operator"     // Promote; Detail (when primary): who was fenced
	CauseHigherEpoch = "higher-epoch" // Detail: the node that carried the newer epoch
	CauseSameEpoch   = "same-epoch"   // another node holds this epoch; Detail: its name
)

// Sources of a KV change, so a report can tell replication from loss.
const (
	SourceClient    = "client"    // a primary accepted a client write
	SourceReplicate = "replicate" // a backup applied a Replicate
	SourceSync      = "sync"      // whole state replaced from the primary
	SourceHandover  = "handover"  // whole state taken from a fenced primary
)

// RoleFact is the Data of a "role" observation: the node's role and epoch
// from now on. Tenures of primaries are read from these.
type RoleFact struct {
	Epoch  int
	Role   string
	Cause  string
	Detail string
}

// AcceptFact is the Data of an "accept-write" observation: a primary applied
// and acknowledged a client write. Split-brain is two primaries doing this.
type AcceptFact struct {
	Epoch int
	Key   string
	Value string
}

// ApplyFact is the Data of an "apply" observation: the node's KV changed.
// Value "" means the key was removed. The final state of a node is the
// replay of its applies, which Check compares with what clients were told.
type ApplyFact struct {
	Key    string
	Value  string
	Prev   string // the value before ("" if absent)
	Source string
	From   string // the node the value came from
}
