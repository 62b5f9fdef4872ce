// Package models builds an organisation on the sim engine: teams of
// engineers with working calendars and on-call rotations, planned feature
// work, interrupts and toil, services with a dependency graph and coupling,
// incidents with detection, acknowledgement, escalation and handoffs,
// customer escalations, postmortems, and org designs (centralized,
// collective, SRE, layered) that expand into explicit routing rules.
//
// It knows nothing of files or plots: a [Config] comes in, a [Result] of
// named metrics and daily series comes out.
//
// Time is in hours; hour 0 is Monday 00:00.
//
// Each team is one multi-server resource whose servers are the engineers
// present: features, tickets and incident work compete for them under
// preemptive-resume priority (incidents first, then tickets, then
// features). With every sociotechnical effect switched off, a single team
// answering incidents is exactly an M/M/c queue.
package models
