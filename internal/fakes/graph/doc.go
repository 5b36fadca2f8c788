// Package graph fakes the few Microsoft Graph v1.0 endpoints the examples and guides call: a
// SharePoint site by path (the id multi-step setups look up first), the users list with
// startswith filters, and an app registration with its client secrets' metadata (what a plan
// reads to warn before a secret expires). Graph has no facts file of its own here: the tokens it
// accepts are those of /work/shared/design/token-endpoints.md, the users list is what the Graph
// users source of external-data-api.md reads, and the application follows Graph's v1.0 reference
// for application and passwordCredential.
package graph
