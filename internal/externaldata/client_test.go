package externaldata_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
)

func httpClient(t *testing.T) *http.Client {
	t.Helper()
	c, err := httpx.New(httpx.Options{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newClient(t *testing.T) (*externaldata.Client, *fakeexternaldata.Server) {
	t.Helper()
	server := fakeexternaldata.Start(t)
	return externaldata.NewClient(httpClient(t), server.URL, externaldata.StaticToken(server.APIToken)), server
}

// graphUsers is the design's example: Entra client credentials against Microsoft Graph.
func graphUsers(secret externaldata.WriteOnly) externaldata.DataSource {
	return externaldata.DataSource{
		App: externaldata.AppJira, Name: "Graph users", Type: externaldata.TypeURL,
		URL: &externaldata.URL{
			URL:    "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')",
			Method: "GET", ResponseType: "json", Headers: map[string]string{"ConsistencyLevel": "eventual"},
		},
		Auth: &externaldata.Auth{Type: externaldata.AuthOAuth2, OAuth2: &externaldata.OAuth2{
			GrantType: externaldata.GrantClientCredentials, ClientID: "client-id", ClientSecret: secret,
			TokenURL: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
			Scopes:   []string{"https://graph.microsoft.com/.default"},
		}},
	}
}

// createGraphUsers creates graphUsers, its client secret "s3cret", through client.
func createGraphUsers(t *testing.T, client *externaldata.Client) *externaldata.DataSource {
	t.Helper()
	created, err := client.Create(context.Background(), graphUsers(externaldata.Set("s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// graphUsersUpdate updates stored, at its ETag, to graphUsers, leaving the client secret as it is.
func graphUsersUpdate(stored *externaldata.DataSource) externaldata.DataSource {
	update := graphUsers(externaldata.Keep())
	update.ID, update.ETag = stored.ID, stored.ETag
	return update
}

func TestCreateGetUpdateDelete(t *testing.T) {
	ctx := context.Background()
	client, server := newClient(t)

	created := createGraphUsers(t, client)
	if created.ID == "" || created.ETag == "" || created.Version == 0 {
		t.Fatalf("created = %+v, want an id, an ETag and a version", created)
	}
	if got := created.OAuth2().CallbackURL; !strings.Contains(got, "external-data-for-jira") {
		t.Errorf("callback_url = %q, want Jira's", got)
	}
	if got, _ := server.Secret(created.ID, "auth.oauth2.client_secret"); got != "s3cret" {
		t.Errorf("stored client secret = %q, want the one sent", got)
	}

	got, err := client.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != created.ETag || got.URL.Headers["ConsistencyLevel"] != "eventual" {
		t.Errorf("Get = %+v, want the created object with the same ETag", got)
	}

	// An update that leaves the secret out keeps it.
	update := graphUsersUpdate(got)
	update.Name = "Graph users (renamed)"
	updated, err := client.Update(ctx, update)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != update.Name || updated.Version <= got.Version || updated.ETag == got.ETag {
		t.Errorf("Update = %+v, want the new name, a higher version and a new ETag", updated)
	}
	if got, _ := server.Secret(created.ID, "auth.oauth2.client_secret"); got != "s3cret" {
		t.Errorf("client secret after an update without it = %q, want it kept", got)
	}

	// Clear removes it.
	clear := update
	clear.ETag = updated.ETag
	clear.Auth.OAuth2.ClientSecret = externaldata.Clear()
	if _, err := client.Update(ctx, clear); err != nil {
		t.Fatal(err)
	}
	if _, ok := server.Secret(created.ID, "auth.oauth2.client_secret"); ok {
		t.Error("client secret still stored after Clear")
	}

	if err := client.Delete(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Get(ctx, created.ID); !externaldata.IsNotFound(err) {
		t.Errorf("Get after Delete: %v, want not found", err)
	}
	if err := client.Delete(ctx, created.ID); !externaldata.IsNotFound(err) {
		t.Errorf("second Delete: %v, want not found", err)
	}
}

func TestListFollowsEveryPage(t *testing.T) {
	client, server := newClient(t)
	for i := range 230 {
		server.Add(fakeexternaldata.Source{
			App: "jira", Name: "source " + string(rune('A'+i%26)) + strings.Repeat("x", i/26), Type: "url",
			URL:  &fakeexternaldata.URL{URL: "https://example.com/", Method: "GET", ResponseType: "json"},
			Auth: &fakeexternaldata.Auth{Type: "none"},
		})
	}
	all, err := client.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 230 {
		t.Errorf("List returned %d data sources, want 230", len(all))
	}
	if n := server.CountRequests(http.MethodGet, "/api/v1/data-sources"); n != 3 {
		t.Errorf("List made %d requests, want 3 pages of up to 100", n)
	}
	found, err := client.FindByName(context.Background(), "jira", all[229].Name)
	if err != nil || found == nil || found.ID != all[229].ID {
		t.Errorf("FindByName of the last one = %v, %v", found, err)
	}
	if found, err := client.FindByName(context.Background(), "confluence", all[0].Name); err != nil || found != nil {
		t.Errorf("FindByName in the other app = %v, %v; want none", found, err)
	}
}

func TestUpdateOfAStaleVersionOverwritesNothing(t *testing.T) {
	ctx := context.Background()
	client, server := newClient(t)
	created := createGraphUsers(t, client)
	server.Edit(created.ID, func(ds *fakeexternaldata.Source) { ds.Name = "Edited in the UI" })

	_, err := client.Update(ctx, graphUsersUpdate(created))
	if !externaldata.IsStale(err) || !strings.Contains(err.Error(), "run plan again") {
		t.Fatalf("Update with a stale ETag: %v, want 412 and advice to plan again", err)
	}
	if stored, _ := server.Get(created.ID); stored.Name != "Edited in the UI" {
		t.Errorf("stored name = %q: the UI's change was overwritten", stored.Name)
	}
}

func TestCreateThatMayHaveBeenAppliedIsAdoptedNotRepeated(t *testing.T) {
	client, server := newClient(t)
	server.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)

	created := createGraphUsers(t, client)
	if n := len(server.List()); n != 1 {
		t.Fatalf("%d data sources stored, want exactly 1", n)
	}
	if created.ID != server.List()[0].ID || created.ETag == "" {
		t.Errorf("Create returned %+v, want the stored one with its ETag", created)
	}
	if n := server.CountRequests(http.MethodPost, "/api/v1/data-sources"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	// The source found is the one sent: nothing to update.
	if n := server.CountRequests(http.MethodPut, "/api/v1/data-sources"); n != 0 {
		t.Errorf("%d PUTs, want none", n)
	}
}

func TestCreateThatFailedBeforeReachingTheServerIsSentAgain(t *testing.T) {
	client, server := newClient(t)
	server.FailNextMatching(1, http.StatusBadGateway, http.MethodPost, "/api/v1/data-sources")
	if _, err := client.Create(context.Background(), graphUsers(externaldata.Set("s3cret"))); err != nil {
		t.Fatal(err)
	}
	if n := len(server.List()); n != 1 {
		t.Errorf("%d data sources stored, want 1", n)
	}
}

func TestErrorsNameTheFieldsAndTheFix(t *testing.T) {
	ctx := context.Background()
	client, server := newClient(t)

	bad := graphUsers(externaldata.Set("s3cret"))
	bad.Auth.OAuth2.TokenURL = ""
	_, err := client.Create(ctx, bad)
	var apiErr *externaldata.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || len(apiErr.Fields["auth.oauth2.token_url"]) == 0 {
		t.Fatalf("Create without token_url: %v, want 400 with a field error on auth.oauth2.token_url", err)
	}

	if _, err := client.Create(ctx, graphUsers(externaldata.Set("s3cret"))); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Create(ctx, graphUsers(externaldata.Set("s3cret"))); !externaldata.IsConflict(err) {
		t.Errorf("second Create with the same name: %v, want 409", err)
	}

	unauthenticated := externaldata.NewClient(httpClient(t), server.URL, externaldata.StaticToken("wrong"))
	if _, err := unauthenticated.List(ctx); err == nil || !strings.Contains(err.Error(), "api_token") {
		t.Errorf("List with a wrong token: %v, want 401 naming the setting", err)
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	client, server := newClient(t)
	server.FailNext(1, http.StatusTooManyRequests)
	if _, err := client.List(context.Background()); err != nil {
		t.Fatalf("List after one 429: %v", err)
	}
}

func TestTestAndAuthenticate(t *testing.T) {
	ctx := context.Background()
	client, server := newClient(t)
	entra := fakeentra.StartTenant(t)

	ds := graphUsers(externaldata.Set(entra.SecretValue))
	ds.Auth.OAuth2.ClientID, ds.Auth.OAuth2.TokenURL = entra.ClientID, entra.TokenURL()
	created, err := client.Create(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	result, err := client.Authenticate(ctx, created.ID)
	if err != nil || !result.Authenticated {
		t.Fatalf("Authenticate = %+v, %v; want authenticated", result, err)
	}
	if got, _ := client.Get(ctx, created.ID); !got.OAuth2().Authenticated {
		t.Error("authenticated is still false after Authenticate")
	}

	server.SetTestResult(func(_ fakeexternaldata.Source, variables map[string]string) *fakeexternaldata.TestResult {
		return &fakeexternaldata.TestResult{OK: variables["name"] == "Ada", Status: 200, Message: "got " + variables["name"]}
	})
	test, err := client.Test(ctx, created.ID, map[string]string{"name": "Ada"})
	if err != nil || !test.OK || test.Message != "got Ada" {
		t.Errorf("Test = %+v, %v; want the variables passed on", test, err)
	}
}

func TestOAuthCredentialsFetchOneTokenForManyRequests(t *testing.T) {
	ctx := context.Background()
	entra := fakeentra.StartTenant(t)
	const audience = "api://external-data"
	entra.AddResource(audience)
	entra.GrantRoles(audience, "DataSources.ReadWrite")
	server := fakeexternaldata.Start(t)
	server.TrustEntra(entra.Fake, audience)

	h := httpClient(t)
	tokens := oauth.NewClient(h)
	req := oauth.Request{TokenURL: entra.TokenURL(), ClientID: entra.ClientID, ClientSecret: entra.SecretValue, Scopes: []string{audience + "/.default"}}
	client := externaldata.NewClient(h, server.URL, func(ctx context.Context) (string, error) {
		t, err := tokens.Token(ctx, req)
		if err != nil {
			return "", err
		}
		return t.AccessToken, nil
	})
	for range 10 {
		if _, err := client.List(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := entra.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for 10 API calls, want 1", n)
	}
}

func TestWriteOnlyOnTheWire(t *testing.T) {
	for _, tc := range []struct {
		value externaldata.WriteOnly
		want  string
	}{
		{externaldata.Keep(), `{"username":"u"}`},
		{externaldata.Clear(), `{"username":"u","password":null}`},
		{externaldata.Set("p"), `{"username":"u","password":"p"}`},
	} {
		got, err := json.Marshal(externaldata.Basic{Username: "u", Password: tc.value})
		if err != nil || string(got) != tc.want {
			t.Errorf("%v marshals to %s, %v; want %s", tc.value, got, err, tc.want)
		}
	}
	var b externaldata.Basic
	if err := json.Unmarshal([]byte(`{"username":"u","password":"leaked"}`), &b); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Password.Value(); ok {
		t.Error("a password in an answer was taken for the stored value")
	}
}

func TestVariablesAndChecks(t *testing.T) {
	if got := externaldata.Variables("https://x/{a}/{b}?q={a}&r={issue.key}"); strings.Join(got, ",") != "a,b,issue.key" {
		t.Errorf("Variables = %v", got)
	}
	for raw, ok := range map[string]bool{
		"https://graph.microsoft.com/v1.0/users/{id}": true,
		"https://{tenant}.sharepoint.com/sites/x":     true,
		"http://127.0.0.1:8080/x":                     true,
		"http://example.com/x":                        false,
		"/relative":                                   false,
	} {
		if err := externaldata.CheckURL(raw); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
	for raw, ok := range map[string]bool{
		"https://example.com/": true, "https://example.com:8443/": true, "https://example.com:9443/": false,
	} {
		if err := externaldata.CheckPort(raw); (err == nil) != ok {
			t.Errorf("CheckPort(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
	if err := externaldata.CheckPort("https://example.com:9443/"); err == nil || !strings.Contains(err.Error(), "8443") {
		t.Errorf("CheckPort's error should list the allowed ports: %v", err)
	}
}

// BenchmarkLookup compares reading one data source by id with finding it by app and name, which
// lists every page: the cost of adopting a create that may have been applied, at 1,000 sources.
func BenchmarkLookup(b *testing.B) {
	server := fakeexternaldata.Start(b)
	h, err := httpx.New(httpx.Options{})
	if err != nil {
		b.Fatal(err)
	}
	client := externaldata.NewClient(h, server.URL, externaldata.StaticToken(server.APIToken))
	var last fakeexternaldata.Source
	for i := range 1000 {
		last = server.Add(fakeexternaldata.Source{
			App: "jira", Name: "source " + strconv.Itoa(i), Type: "url",
			URL:  &fakeexternaldata.URL{URL: "https://example.com/", Method: "GET", ResponseType: "json"},
			Auth: &fakeexternaldata.Auth{Type: "none"},
		})
	}
	ctx := context.Background()
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			if _, err := client.Get(ctx, last.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindByName", func(b *testing.B) {
		for b.Loop() {
			if found, err := client.FindByName(ctx, "jira", last.Name); err != nil || found == nil {
				b.Fatal(found, err)
			}
		}
	})
}

func TestCanonicalSpelling(t *testing.T) {
	for _, c := range []struct {
		value   string
		allowed []string
		want    string
	}{
		{"post", externaldata.Methods, "POST"},
		{"Get", externaldata.Methods, "GET"},
		{"JSON", externaldata.ResponseTypes, "json"},
		{"MySQL", externaldata.Drivers, "mysql"},
		{"VERIFY_CA", externaldata.SSLModes, "verify_ca"},
		{"Client_Credentials", externaldata.GrantTypes, "client_credentials"},
		{"PUT", externaldata.Methods, "PUT"}, // none matches: left for validation to refuse
	} {
		if got := externaldata.Canonical(c.value, c.allowed); got != c.want {
			t.Errorf("externaldata.Canonical(%q) = %q, want %q", c.value, got, c.want)
		}
	}
}
