// Package graph fakes the few Microsoft Graph v1.0 endpoints the examples and guides call: a
// SharePoint site by path (the id multi-step setups look up first) and the users list with
// startswith filters. Graph has no facts file of its own here: the tokens it accepts are those of
// /work/shared/design/token-endpoints.md, and the users list is what the Graph users source of
// external-data-api.md reads.
package graph
