package fakes

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// call sends a request as an administrator (or with the given token) and returns status and body.
func call(t *testing.T, j *JiraServer, token, method, path, body string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, j.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), resp.Header
}

const outgoingBody = `{"id":"ignored","name":"Exchange","type":"microsoft","clientId":"c","clientSecret":"s1",
"authorizationEndpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
"tokenEndpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/token",
"scopes":["offline_access"," ","https://outlook.office.com/IMAP.AccessAsUser.All","offline_access"],
"redirectUriSuffix":"FC8GQRj7OZO_j1_b6A-Eig","unknownField":1}`

func TestJiraOutgoingQuirks(t *testing.T) {
	j := StartJira(t)
	const base = "/rest/oauth2-client/latest/config"

	status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, outgoingBody)
	var created JiraOutgoingLink
	_ = json.Unmarshal([]byte(body), &created)
	if status != http.StatusOK || created.ID == "ignored" || created.Type != "MICROSOFT" || created.ClientSecret != nil ||
		strings.Join(created.Scopes, ",") != "https://outlook.office.com/IMAP.AccessAsUser.All,offline_access" {
		t.Fatalf("POST: %d %s", status, body)
	}

	// PUT: 204 without a body; a null secret keeps the stored one, an empty one is refused.
	update := strings.Replace(outgoingBody, `"clientSecret":"s1"`, `"clientSecret":null`, 1)
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPut, base+"/"+created.ID, update); status != http.StatusNoContent || body != "" {
		t.Fatalf("PUT: %d %q", status, body)
	}
	if err := j.ExpectOutgoingSecret(created.ID, "s1"); err != nil {
		t.Fatal(err)
	}
	empty := strings.Replace(outgoingBody, `"clientSecret":"s1"`, `"clientSecret":""`, 1)
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPut, base+"/"+created.ID, empty); status != 400 || !strings.Contains(body, `"clientSecret"`) {
		t.Fatalf("PUT with an empty secret: %d %s", status, body)
	}

	// The suffix must match the endpoint; names are unique.
	wrongSuffix := strings.Replace(strings.Replace(outgoingBody, "FC8GQRj7OZO_j1_b6A-Eig", "wrong", 1), `"Exchange"`, `"Other"`, 1)
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, wrongSuffix); status != 400 || !strings.Contains(body, `"redirectUriSuffix"`) {
		t.Fatalf("wrong suffix: %d %s", status, body)
	}
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, outgoingBody); status != 400 || !strings.Contains(body, `"name"`) {
		t.Fatalf("duplicate name: %d %s", status, body)
	}

	// 404s: with a message by id, empty by name.
	if status, body, h := call(t, j, j.AdminToken, http.MethodGet, base+"/nope", ""); status != 404 || !strings.Contains(body, "Configuration nope does not exist") || h.Get("Cache-Control") != "no-store, no-cache" {
		t.Fatalf("GET missing: %d %s", status, body)
	}
	if status, body, _ := call(t, j, j.AdminToken, http.MethodGet, base+"/name/nope", ""); status != 404 || body != "" {
		t.Fatalf("GET missing by name: %d %q", status, body)
	}
	// Not an administrator: 401, not 403.
	if status, _, _ := call(t, j, "someone", http.MethodGet, base, ""); status != http.StatusUnauthorized {
		t.Fatalf("non-admin: %d", status)
	}
	if status, _, _ := call(t, j, j.AdminToken, http.MethodDelete, base+"/"+created.ID, ""); status != http.StatusNoContent {
		t.Fatalf("DELETE: %d", status)
	}
}

func TestJiraIncomingQuirks(t *testing.T) {
	j := StartJira(t)
	const base = "/rest/oauth2/latest/client"
	status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, `{"name":"R","redirects":["https://b.example.com","https://a.example.com","https://a.example.com"],"scope":"READ"}`)
	var created JiraIncomingLink
	_ = json.Unmarshal([]byte(body), &created)
	if status != 200 || len(created.ClientID) != 32 || len(created.ClientSecret) != 64 || created.UserKey != jiraAdminUserKey ||
		strings.Join(created.Redirects, ",") != "https://a.example.com,https://b.example.com" {
		t.Fatalf("POST: %d %s", status, body)
	}

	// Partial update: blank values keep the old ones.
	if status, _, _ := call(t, j, j.AdminToken, http.MethodPut, base+"/"+created.ID, `{"name":"","redirects":[],"scope":"WRITE"}`); status != 204 {
		t.Fatalf("PUT: %d", status)
	}
	if l, _ := j.IncomingLink(created.ID); l.Name != "R" || len(l.Redirects) != 2 || l.Scope != "WRITE" {
		t.Fatalf("after a partial PUT: %+v", l)
	}

	// Reset takes the client id and issues a new secret.
	status, body, _ = call(t, j, j.AdminToken, http.MethodPut, base+"/reset/"+created.ClientID, "")
	var reset JiraIncomingLink
	_ = json.Unmarshal([]byte(body), &reset)
	if status != 200 || reset.ClientSecret == created.ClientSecret || reset.ClientID != created.ClientID {
		t.Fatalf("reset: %d %s", status, body)
	}
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, `{"name":"S","redirects":["https://a.example.com#f"],"scope":"READ"}`); status != 400 || !strings.Contains(body, `"redirects"`) {
		t.Fatalf("fragment: %d %s", status, body)
	}
	if status, body, _ := call(t, j, j.AdminToken, http.MethodPost, base, `{"name":"S","redirects":["https://a.example.com"],"scope":"OWNER"}`); status != 400 || !strings.Contains(body, `"invalid scope"`) {
		t.Fatalf("scope: %d %s", status, body)
	}
	// DELETE answers 200 with the deleted entity.
	if status, body, _ := call(t, j, j.AdminToken, http.MethodDelete, base+"/"+created.ID, ""); status != 200 || !strings.Contains(body, `"name":"R"`) {
		t.Fatalf("DELETE: %d %s", status, body)
	}
}

// TestJiraClientAgreesWithTheFake runs the provider's Jira client against the fake.
func TestJiraClientAgreesWithTheFake(t *testing.T) {
	j := StartJira(t)
	client := jira.NewClient(http.DefaultClient, j.URL, jira.Credentials{Token: j.AdminToken})
	secret := "s"
	endpoint := "https://accounts.google.com/o/oauth2/v2/auth"
	created, err := client.CreateOutgoingLink(t.Context(), jira.OutgoingLink{
		Name: "Gmail", Type: jira.ProviderGoogle, ClientID: "c", ClientSecret: &secret, AuthorizationEndpoint: endpoint,
		TokenEndpoint: "https://oauth2.googleapis.com/token", Scopes: []string{"https://mail.google.com/"}, RedirectURISuffix: jira.RedirectURISuffix(endpoint),
	})
	if err != nil || created.Type != jira.ProviderGoogle {
		t.Fatalf("create: %+v %v", created, err)
	}
	byName, err := client.GetOutgoingLinkByName(t.Context(), "Gmail")
	if err != nil || byName.ID != created.ID {
		t.Fatalf("by name: %+v %v", byName, err)
	}
	if _, err := client.GetOutgoingLinkByName(t.Context(), "nope"); !jira.IsNotFound(err) {
		t.Fatalf("missing by name: %v", err)
	}
}
