package main

import (
	"fmt"
	"strings"
)

// A kind is one row group of the table: N of one resource or data source, or a baseline.
type kind struct {
	name  string // the flag's name for it
	label string // the table's
	// baseline is set on the kinds the others are compared with.
	baseline string
	// sameSchema names, on an oauthlink resource's kind, the kind of the no-network resource with
	// its schema (noop_<type>); on that kind, sameSchemaOf names the resource's kind.
	sameSchema, sameSchemaOf string
	// body is the configuration's blocks for n instances; var.variant is "a", and "b" in the
	// apply that changes one instance (index 0).
	body func(n int, s *servers) string
}

const (
	baselineData = "terraform_data"
	baselineNoop = "noop"
)

// oauth2 is a client-credentials credential of the Entra fake's app for Microsoft Graph: every
// instance shares it, so the provider needs one token per process.
func oauth2(s *servers) string {
	return fmt.Sprintf(`{
    token_url     = %q
    client_id     = %q
    client_secret = %q
    scopes        = ["https://graph.microsoft.com/.default"]
  }`, s.Entra.TokenURL(), s.Entra.ClientID, s.Entra.SecretValue)
}

var kinds = withSameSchemaBaselines([]kind{
	{name: "terraform_data", label: "terraform_data (baseline)", baseline: baselineData, body: func(n int, _ *servers) string {
		return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = count.index == 0 ? var.variant : "a"
}
`, n)
	}},
	{name: "noop", label: "no-network plugin (baseline)", baseline: baselineNoop, body: func(n int, _ *servers) string {
		return requiredProvider("noop") + fmt.Sprintf(`resource "noop_thing" "bench" {
  count = %d
  value = count.index == 0 ? var.variant : "a"
}
`, n)
	}},
	{name: "outgoing", label: "oauthlink_jira_outgoing_link", sameSchema: "noop_outgoing", body: func(n int, s *servers) string {
		return requiredProvider("oauthlink") + fmt.Sprintf(`resource "oauthlink_jira_outgoing_link" "bench" {
  count         = %d
  name          = "bench ${count.index}"
  description   = count.index == 0 ? var.variant : "a"
  provider_type = "microsoft"
  tenant        = %q
  client_id     = %q
  client_secret = %q
  scopes        = ["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"]
}
`, n, s.Entra.TenantID, s.Entra.ClientID, s.Entra.SecretValue)
	}},
	{name: "incoming", label: "oauthlink_jira_incoming_link", body: func(n int, _ *servers) string {
		return requiredProvider("oauthlink") + fmt.Sprintf(`resource "oauthlink_jira_incoming_link" "bench" {
  count         = %d
  name          = "bench ${count.index}"
  redirect_uris = ["http://localhost:8080/callback/${count.index == 0 ? var.variant : "a"}"]
  scope         = "READ"
}
`, n)
	}},
	{name: "external_data", label: "oauthlink_external_data_source (client credentials)", sameSchema: "noop_external_data", body: func(n int, s *servers) string {
		return requiredProvider("oauthlink") + fmt.Sprintf(`resource "oauthlink_external_data_source" "bench" {
  count = %d
  app   = "jira"
  name  = count.index == 0 ? "bench 0 ${var.variant}" : "bench ${count.index}"
  url = {
    url = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')"
  }
  auth = {
    oauth2 = %s
  }
}
`, n, strings.ReplaceAll(oauth2(s), "\n", "\n  "))
	}},
	{name: "api_request", label: "data oauthlink_api_request (one credential)", body: func(n int, s *servers) string {
		return requiredProvider("oauthlink") + fmt.Sprintf(`data "oauthlink_api_request" "bench" {
  count           = %d
  url             = "%s/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
  request_headers = count.index == 0 && var.variant != "a" ? { X-Bench = var.variant } : null
  oauth2          = %s
}
`, n, s.GraphURL, oauth2(s))
	}},
	{name: "token", label: "data oauthlink_client_credentials_token (one credential)", body: func(n int, s *servers) string {
		return requiredProvider("oauthlink") + fmt.Sprintf(`data "oauthlink_client_credentials_token" "bench" {
  count           = %d
  token_url       = %q
  client_id       = %q
  client_secret   = %q
  scopes          = ["https://graph.microsoft.com/.default"]
  endpoint_params = count.index == 0 && var.variant != "a" ? { bench = var.variant } : null
}
`, n, s.Entra.TokenURL(), s.Entra.ClientID, s.Entra.SecretValue)
	}},
})

// withSameSchemaBaselines puts before each kind that names one its same-schema baseline.
func withSameSchemaBaselines(kinds []kind) []kind {
	var all []kind
	for _, k := range kinds {
		if k.sameSchema != "" {
			all = append(all, k.sameSchemaKind())
		}
		all = append(all, k)
	}
	return all
}

// noNetworkBaseline tells the kinds of the no-network provider, which run with the SDK's logging
// off as the targets measure them.
func (k kind) noNetworkBaseline() bool { return k.baseline == baselineNoop || k.sameSchemaOf != "" }

// sameSchemaKind is the kind of N no-network resources with k's schema and configuration
// (internal/cmd/bench/noop): the CPU that k's provider spends above it is the resource's own.
func (k kind) sameSchemaKind() kind {
	return kind{
		name: k.sameSchema, label: "no-network plugin, schema of " + strings.Fields(k.label)[0] + " (baseline)",
		sameSchemaOf: k.name,
		body: func(n int, s *servers) string {
			body := strings.Replace(k.body(n, s), requiredProvider("oauthlink"), requiredProvider("noop"), 1)
			return strings.ReplaceAll(body, `resource "oauthlink_`, `resource "noop_`)
		},
	}
}

func requiredProvider(name string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    %s = {
      source = "oauthlink/%s"
    }
  }
}

`, name, name)
}

// config is the whole configuration of n instances of k.
func (k kind) config(n int, s *servers) string {
	return k.body(n, s) + `
variable "variant" {
  type    = string
  default = "a"
}
`
}
