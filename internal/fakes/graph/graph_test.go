package graph

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

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

	token := func(clientID, resource string) string {
		resp, err := http.PostForm(tenant.TokenURL(), url.Values{"grant_type": {"client_credentials"},
			"client_id": {clientID}, "client_secret": {tenant.SecretValue}, "scope": {resource + "/.default"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
			t.Fatalf("no token for %s: %v", clientID, err)
		}
		return tok.AccessToken
	}
	get := func(path, bearer string, into any) int {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, body := fakeserver.Do(t, req)
		if into != nil {
			_ = json.Unmarshal(body, into)
		}
		return resp.StatusCode
	}

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
