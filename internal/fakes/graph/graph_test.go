package graph

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

func TestGraphChecksTokensAndRoles(t *testing.T) {
	tenant := entra.StartTenant(t) // ClientID holds User.Read.All on Graph
	tenant.AddResource("api://other")
	g := New(tenant.Fake)
	site := g.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	g.AddUser("Ada Lovelace", "ada@contoso.com")
	g.AddUser("Alan Turing", "alan@contoso.com")
	base := fakeserver.Start(t, g)

	token := func(clientID, resource string) string { return tenant.AppToken(t, clientID, resource) }
	get := func(path, bearer string, into any) int { return getJSON(t, base+path, bearer, into) }

	reader := token(tenant.ClientID, "https://graph.microsoft.com")
	var users struct{ Value []User }
	if status := get("/v1.0/users?$filter="+url.QueryEscape("startswith(displayName,'ada')"), reader, &users); status != http.StatusOK ||
		len(users.Value) != 1 || users.Value[0].Mail != "ada@contoso.com" {
		t.Errorf("users starting with ada: %d %+v", status, users)
	}
	sitePath := "/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
	for _, tc := range []struct {
		name, path, token string
		want              int
	}{
		{"no token", "/v1.0/users", "", http.StatusUnauthorized},
		{"a token for another resource", "/v1.0/users", token(tenant.ClientID, "api://other"), http.StatusUnauthorized},
		{"a token the fake did not sign", "/v1.0/users", reader[:len(reader)-4] + "AAAA", http.StatusUnauthorized},
		{"no admin consent", "/v1.0/users", token(tenant.UnconsentedClientID, "https://graph.microsoft.com"), http.StatusForbidden},
		{"a site without Sites.Read.All", sitePath, reader, http.StatusForbidden},
		{"an unsupported filter", "/v1.0/users?$filter=" + url.QueryEscape("mail eq 'x'"), reader, http.StatusBadRequest},
	} {
		if status := get(tc.path, tc.token, nil); status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.want)
		}
	}

	tenant.GrantRoles("https://graph.microsoft.com", "Sites.Read.All")
	var got Site
	if status := get(sitePath, token(tenant.ClientID, "https://graph.microsoft.com"), &got); status != http.StatusOK || got != site {
		t.Errorf("site with Sites.Read.All: %d %+v, want %+v", status, got, site)
	}
	if status := get("/v1.0/sites/contoso.sharepoint.com:/sites/None", token(tenant.ClientID, "https://graph.microsoft.com"), nil); status != http.StatusNotFound {
		t.Errorf("unknown site: %d, want 404", status)
	}
}

func TestGraphServesApplicationsWithoutSecrets(t *testing.T) {
	tenant := entra.StartTenant(t)
	g := New(tenant.Fake)
	end := time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC)
	app := g.AddApplication(tenant.ClientID, "Mail handler", PasswordCredential{
		KeyID: fakeserver.NewGUID(), DisplayName: "jira", Hint: tenant.SecretValue[:3],
		StartDateTime: end.AddDate(0, -6, 0), EndDateTime: end,
	})
	base := fakeserver.Start(t, g)
	withoutConsent := tenant.AppToken(t, tenant.UnconsentedClientID, entra.GraphResource)
	if status := getJSON(t, base+"/v1.0/applications/"+app.ID, withoutConsent, nil); status != http.StatusForbidden {
		t.Errorf("without Application.Read.All: %d, want 403", status)
	}

	tenant.GrantRoles(entra.GraphResource, "Application.Read.All")
	reader := tenant.AppToken(t, tenant.ClientID, entra.GraphResource)
	var got map[string]any
	for _, path := range []string{"/v1.0/applications/" + app.ID, "/v1.0/applications(appId='" + app.AppID + "')"} {
		got = nil
		if status := getJSON(t, base+path+"?$select="+url.QueryEscape("displayName, passwordCredentials"), reader, &got); status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, status)
		}
		want := map[string]any{"displayName": "Mail handler", "passwordCredentials": []any{map[string]any{
			"keyId": app.PasswordCredentials[0].KeyID, "displayName": "jira", "hint": "Xy8",
			"startDateTime": "2026-07-31T10:00:00Z", "endDateTime": "2027-01-31T10:00:00Z",
		}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("GET %s:\n got %v\nwant %v", path, got, want)
		}
	}
	var raw json.RawMessage
	getJSON(t, base+"/v1.0/applications/"+app.ID, reader, &raw)
	if strings.Contains(string(raw), tenant.SecretValue) || strings.Contains(string(raw), "secretText") {
		t.Errorf("the application's answer holds a secret: %s", raw)
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/v1.0/applications(appId='" + fakeserver.NewGUID() + "')", http.StatusNotFound},
		{"/v1.0/applications/" + app.AppID, http.StatusNotFound}, // the client ID is not the object id
		{"/v1.0/applications/" + app.ID + "?$select=secretText", http.StatusBadRequest},
	} {
		if status := getJSON(t, base+tc.path, reader, nil); status != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.path, status, tc.want)
		}
	}
}

// getJSON sends a GET with an optional bearer token, decodes the answer into into (if not nil)
// and returns its status.
func getJSON(t *testing.T, rawURL, bearer string, into any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, body := fakeserver.Do(t, req)
	if into != nil {
		_ = json.Unmarshal(body, into)
	}
	return resp.StatusCode
}
