// Package archtest holds no code, only a test that keeps the import graph in the shape
// ../shared/design/ARCHITECTURE.md draws: data flows one way (programme → planner → store →
// cycle → outbox → notify), inbox and web never reach a channel package, and the pure
// packages (programme, timing, planner) never reach the store, the web or a channel. A
// review misses a new import; this test does not.
package archtest
