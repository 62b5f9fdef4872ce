// Package sim is opsim's discrete-event engine: a clock, a future event
// list, random streams, resources and statistics collectors.
//
// It knows nothing of teams or incidents. Model code schedules callbacks on
// an [Env]; there is no goroutine per process, because hand-offs between
// goroutines cost an order of magnitude more than the simulation itself.
//
// Events are ordered by time, then by priority (smaller first), then by the
// order in which they were scheduled, so a run is a pure function of its
// seed. Randomness is never global: every stochastic source draws from its
// own named [Stream], derived from (master seed, run identity, name).
//
// A [Resource] is a multi-server station that serves [Job]s with a known
// amount of work: FIFO or priority queues, preemptive-resume priority,
// setup time after an interruption, and capacity that changes over time.
// A [Store] is a FIFO queue of work items whose getters and putters wait.
// [Tally], [TimeWeighted] and [Samples] collect statistics and can be reset
// at the end of a warm-up period. [Replicate] runs independent replications
// in parallel and returns their results in replication order.
package sim
