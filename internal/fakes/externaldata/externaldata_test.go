package externaldata

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// edClient calls an External Data fake over HTTP as a client would.
type edClient struct {
	t     *testing.T
	base  string
	token string
}

type edAnswer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (c edClient) call(method, path, ifMatch, body string) edAnswer {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+"/api/v1"+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	resp, raw := fakeserver.Do(c.t, req)
	a := edAnswer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

// field returns the value at a dotted path of the answer's body.
func (a edAnswer) field(path string) any {
	var v any = a.body
	for _, key := range strings.Split(path, ".") {
		m, _ := v.(map[string]any)
		v = m[key]
	}
	return v
}

// fieldErrors returns the validation messages of the answer by path.
func (a edAnswer) fieldErrors() map[string]any {
	m, _ := a.field("error.fields").(map[string]any)
	return m
}

func startED(t *testing.T) (*Server, edClient) {
	t.Helper()
	s := Start(t)
	return s, edClient{t: t, base: s.URL, token: s.APIToken}
}

const edBasicSource = `{"app":"jira","name":"Inventory","type":"url",
 "url":{"url":"https://inventory.example.com/items/{id}","method":"GET","content_type":null,"body":null,"response_type":"json","headers":{"Accept":"application/json"}},
 "database":null,
 "auth":{"type":"basic","basic":{"username":"svc","password":"p4ss"}}}`

func TestExternalDataAuthentication(t *testing.T) {
	s, c := startED(t)
	s.AddReadOnlyToken("reader")
	anonymous, reader := c, c
	anonymous.token, reader.token = "", "reader"

	if a := anonymous.call("GET", "/data-sources", "", ""); a.status != 401 || a.field("error.code") != "unauthorized" {
		t.Errorf("no token: %d %s", a.status, a.raw)
	}
	if a := reader.call("GET", "/data-sources", "", ""); a.status != 200 {
		t.Errorf("read-only token reading: %d %s", a.status, a.raw)
	}
	if a := reader.call("POST", "/data-sources", "", edBasicSource); a.status != 403 {
		t.Errorf("read-only token writing: %d %s, want 403", a.status, a.raw)
	}

	tenant := entra.StartTenant(t)
	tenant.AddResource("api://external-data")
	s.TrustEntra(tenant.Fake, "api://external-data")
	token := func(resource string) string { return tenant.AppToken(t, tenant.ClientID, resource) }
	withEntra := c
	withEntra.token = token("api://external-data")
	if a := withEntra.call("GET", "/data-sources", "", ""); a.status != 200 {
		t.Errorf("Entra token for the API: %d %s", a.status, a.raw)
	}
	withEntra.token = token(entra.GraphResource)
	if a := withEntra.call("GET", "/data-sources", "", ""); a.status != 401 {
		t.Errorf("Entra token for Graph: %d, want 401", a.status)
	}
}

func TestExternalDataCreateAndGetNeverReturnSecrets(t *testing.T) {
	s, c := startED(t)
	a := c.call("POST", "/data-sources", "", edBasicSource)
	if a.status != 201 || a.header.Get("ETag") == "" || a.field("version") != 1.0 {
		t.Fatalf("create: %d ETag %q %s", a.status, a.header.Get("ETag"), a.raw)
	}
	if strings.Contains(a.raw, "p4ss") || strings.Contains(a.raw, `"password"`) {
		t.Errorf("the answer carries the write-only password: %s", a.raw)
	}
	id := a.field("id").(string)
	if got, _ := s.Secret(id, "auth.basic.password"); got != "p4ss" {
		t.Errorf("stored password %q", got)
	}
	got := c.call("GET", "/data-sources/"+id, "", "")
	if got.status != 200 || got.header.Get("ETag") != a.header.Get("ETag") || strings.Contains(got.raw, "p4ss") {
		t.Errorf("get: %d %s", got.status, got.raw)
	}
	if a := c.call("POST", "/data-sources", "", edBasicSource); a.status != 409 || a.fieldErrors()["name"] == nil {
		t.Errorf("same name in jira: %d %s, want 409", a.status, a.raw)
	}
	other := strings.Replace(edBasicSource, `"app":"jira"`, `"app":"confluence"`, 1)
	if a := c.call("POST", "/data-sources", "", other); a.status != 201 {
		t.Errorf("same name in confluence: %d %s, want 201", a.status, a.raw)
	}
}

func TestExternalDataCallbackURLPerApp(t *testing.T) {
	_, c := startED(t)
	for app, want := range map[string]string{
		"jira":       "https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth",
		"confluence": "https://external-data-for-confluence.codefortynine.com/signin-dynamic-oauth",
	} {
		a := c.call("POST", "/data-sources", "", `{"app":"`+app+`","name":"n","type":"url",
 "url":{"url":"https://graph.microsoft.com/v1.0/me","method":"GET","response_type":"json"},
 "auth":{"type":"oauth2","oauth2":{"grant_type":"authorization_code","client_id":"c","client_secret":"s",
  "auth_url":"https://login.microsoftonline.com/t/oauth2/v2.0/authorize","token_url":"https://login.microsoftonline.com/t/oauth2/v2.0/token",
  "scopes":["offline_access"],"callback_url":"https://evil.example.com/","authenticated":true}}}`)
		if a.status != 201 || a.field("auth.oauth2.callback_url") != want || a.field("auth.oauth2.authenticated") != false {
			t.Errorf("%s: %d %s; want callback %s and not authenticated", app, a.status, a.raw, want)
		}
	}
}

func TestExternalDataValidation(t *testing.T) {
	s, c := startED(t)
	for _, tc := range []struct {
		name, from, to, field string
	}{
		{"app", `"app":"jira"`, `"app":"bitbucket"`, "app"},
		{"empty name", `"name":"Inventory"`, `"name":""`, "name"},
		{"long name", `"name":"Inventory"`, `"name":"` + strings.Repeat("é", 256) + `"`, "name"},
		{"type", `"type":"url"`, `"type":"file"`, "type"},
		{"url missing", `"url":{"url"`, `"url":null,"x":{"url"`, ""}, // unknown field: 400 without fields
		{"relative url", `https://inventory.example.com/items/{id}`, `/items/{id}`, "url.url"},
		{"http url", `https://inventory.example.com`, `http://inventory.example.com`, "url.url"},
		{"port", `https://inventory.example.com/`, `https://inventory.example.com:9443/`, "url.url"},
		{"method", `"method":"GET"`, `"method":"PUT"`, "url.method"},
		{"body with GET", `"body":null`, `"body":"{}"`, "url.body"},
		{"response type", `"response_type":"json"`, `"response_type":"csv"`, "url.response_type"},
		{"header name", `"Accept":`, `"Bad Header":`, "url.headers"},
		{"auth type", `"type":"basic"`, `"type":"digest"`, "auth.type"},
		{"block of another type", `"type":"basic"`, `"type":"bearer"`, "auth.basic"},
		{"username", `"username":"svc"`, `"username":""`, "auth.basic.username"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(edBasicSource, tc.from, tc.to, 1)
			a := c.call("POST", "/data-sources", "", body)
			if a.status != 400 {
				t.Fatalf("%d %s, want 400", a.status, a.raw)
			}
			if tc.field != "" && a.fieldErrors()[tc.field] == nil {
				t.Errorf("no error on %s: %s", tc.field, a.raw)
			}
		})
	}
	if n := len(s.List()); n != 0 {
		t.Errorf("%d sources stored by invalid requests", n)
	}

	oauth2 := func(grant, extra string) string {
		return `{"app":"jira","name":"o","type":"url","url":{"url":"https://api.example.com/","method":"GET","response_type":"json"},
 "auth":{"type":"oauth2","oauth2":{"grant_type":"` + grant + `","client_id":"c"` + extra + `}}}`
	}
	for body, fields := range map[string][]string{
		oauth2("client_credentials", ``):                                                                                                                                                       {"auth.oauth2.token_url"},
		oauth2("authorization_code", `,"token_url":"https://login.example.com/token"`):                                                                                                         {"auth.oauth2.auth_url", "auth.oauth2.scopes"},
		oauth2("password", `,"token_url":"https://login.example.com/token"`):                                                                                                                   {"auth.oauth2.grant_type"},
		oauth2("client_credentials", `,"token_url":"http://login.example.com/token"`):                                                                                                          {"auth.oauth2.token_url"},
		`{"app":"jira","name":"d","type":"database","database":{"driver":"sqlite","host":"h","port":70000,"query":""}}`:                                                                        {"database.driver", "database.port", "database.query"},
		`{"app":"jira","name":"d","type":"database","database":{"driver":"postgresql","host":"h","port":5432,"query":"SELECT 1","ssl_mode":"required"}}`:                                       {"database.ssl_mode"},
		`{"app":"jira","name":"d","type":"database","url":{"url":"https://x.example.com/","method":"GET","response_type":"json"}}`:                                                             {"database", "url"},
		`{"app":"jira","name":"b","type":"url","url":{"url":"https://x.example.com/","method":"GET","response_type":"json"},"auth":{"type":"bearer","bearer":{}}}`:                             {"auth.bearer.token"},
		`{"app":"jira","name":"h","type":"url","url":{"url":"https://x.example.com/","method":"GET","response_type":"json"},"auth":{"type":"custom_header","custom_header":{"name":"X Key"}}}`: {"auth.custom_header.name", "auth.custom_header.value"},
	} {
		a := c.call("POST", "/data-sources", "", body)
		for _, field := range fields {
			if a.status != 400 || a.fieldErrors()[field] == nil {
				t.Errorf("%s\n→ %d %s; want 400 with %s", body, a.status, a.raw, field)
			}
		}
	}

	s.AllowAnyPort()
	if a := c.call("POST", "/data-sources", "", strings.Replace(edBasicSource, "inventory.example.com/", "inventory.example.com:9443/", 1)); a.status != 201 {
		t.Errorf("port 9443 after AllowAnyPort: %d %s", a.status, a.raw)
	}
}

func TestExternalDataReplace(t *testing.T) {
	s, c := startED(t)
	created := c.call("POST", "/data-sources", "", edBasicSource)
	id, etag := created.field("id").(string), created.header.Get("ETag")
	path := "/data-sources/" + id

	if a := c.call("PUT", path, "", edBasicSource); a.status != 428 {
		t.Errorf("PUT without If-Match: %d, want 428", a.status)
	}
	if a := c.call("PUT", path, `"stale"`, edBasicSource); a.status != 412 {
		t.Errorf("PUT with a stale ETag: %d, want 412", a.status)
	}
	if a := c.call("PUT", "/data-sources/ds_missing", etag, edBasicSource); a.status != 404 {
		t.Errorf("PUT of a missing source: %d, want 404", a.status)
	}

	// The same object again, password included: nothing changed, version and ETag stay.
	same := c.call("PUT", path, etag, edBasicSource)
	if same.status != 200 || same.header.Get("ETag") != etag || same.field("version") != 1.0 {
		t.Errorf("no-op PUT: %d ETag %s %s; want the version kept", same.status, same.header.Get("ETag"), same.raw)
	}

	// An omitted password is kept.
	renamed := strings.Replace(strings.Replace(edBasicSource, `,"password":"p4ss"`, ``, 1), `"Inventory"`, `"Stock"`, 1)
	a := c.call("PUT", path, etag, renamed)
	if a.status != 200 || a.field("version") != 2.0 || a.header.Get("ETag") == etag {
		t.Fatalf("rename: %d %s", a.status, a.raw)
	}
	if got, _ := s.Secret(id, "auth.basic.password"); got != "p4ss" {
		t.Errorf("password after a PUT without it: %q, want it kept", got)
	}
	etag = a.header.Get("ETag")

	// null clears it.
	a = c.call("PUT", path, etag, strings.Replace(edBasicSource, `"p4ss"`, `null`, 1))
	if _, ok := s.Secret(id, "auth.basic.password"); a.status != 200 || ok {
		t.Errorf("password after null: %d, stored %v", a.status, ok)
	}
	etag = a.header.Get("ETag")

	// The app is fixed at creation.
	if a := c.call("PUT", path, etag, strings.Replace(edBasicSource, `"jira"`, `"confluence"`, 1)); a.status != 400 || a.fieldErrors()["app"] == nil {
		t.Errorf("app change: %d %s, want 400 on app", a.status, a.raw)
	}

	// A new auth type keeps no secret of the old one.
	s.Edit(id, func(ds *Source) { p := "p4ss"; ds.Auth.Basic.Password = &p })
	etag = s.etagOf(id)
	bearer := strings.Replace(edBasicSource, `{"type":"basic","basic":{"username":"svc","password":"p4ss"}}`, `{"type":"bearer","bearer":{"token":"t0k"}}`, 1)
	if a := c.call("PUT", path, etag, bearer); a.status != 200 {
		t.Fatalf("switch to bearer: %d %s", a.status, a.raw)
	}
	if _, ok := s.Secret(id, "auth.basic.password"); ok {
		t.Error("the basic password survived the switch to bearer")
	}
	if got, _ := s.Secret(id, "auth.bearer.token"); got != "t0k" {
		t.Errorf("bearer token %q", got)
	}
}

// etagOf is the ETag the fake answers for a source.
func (ed *Fake) etagOf(id string) string {
	ds, _ := ed.Get(id)
	return ds.etag()
}

func TestExternalDataListPages(t *testing.T) {
	s, c := startED(t)
	for range 120 {
		s.Add(Source{App: "jira", Name: fakeserver.NewGUID(), Type: "url", URL: &URL{URL: "https://x.example.com/", Method: "GET", ResponseType: "json"}})
	}
	first := c.call("GET", "/data-sources", "", "")
	items, _ := first.field("items").([]any)
	cursor, _ := first.field("next_cursor").(string)
	if first.status != 200 || len(items) != 50 || cursor == "" {
		t.Fatalf("first page: %d, %d items, cursor %q", first.status, len(items), cursor)
	}
	last := c.call("GET", "/data-sources?limit=100&cursor="+url.QueryEscape(cursor), "", "")
	items, _ = last.field("items").([]any)
	if _, more := last.body["next_cursor"]; len(items) != 70 || more {
		t.Errorf("last page: %d items, next_cursor present %v; want 70 and none", len(items), more)
	}
	if a := c.call("GET", "/data-sources?limit=101", "", ""); a.status != 400 {
		t.Errorf("limit 101: %d, want 400", a.status)
	}
	if a := c.call("GET", "/data-sources?cursor=bogus", "", ""); a.status != 400 {
		t.Errorf("bogus cursor: %d, want 400", a.status)
	}
}

func TestExternalDataDelete(t *testing.T) {
	s, c := startED(t)
	id := s.Add(Source{App: "jira", Name: "n", Type: "url"}).ID
	if a := c.call("DELETE", "/data-sources/"+id, "", ""); a.status != 204 {
		t.Errorf("delete: %d", a.status)
	}
	if a := c.call("DELETE", "/data-sources/"+id, "", ""); a.status != 404 || a.field("error.code") != "not_found" {
		t.Errorf("second delete: %d %s", a.status, a.raw)
	}
	if a := c.call("PATCH", "/data-sources/"+id, "", ""); a.status != 405 || a.header.Get("Allow") == "" {
		t.Errorf("PATCH: %d, want 405 with Allow", a.status)
	}
}

func TestExternalDataAuthenticateFetchesAToken(t *testing.T) {
	s, c := startED(t)
	tenant := entra.StartTenant(t)
	source := func(secret string) string {
		return `{"app":"jira","name":"` + secret + `","type":"url","url":{"url":"https://graph.microsoft.com/v1.0/users","method":"GET","response_type":"json"},
 "auth":{"type":"oauth2","oauth2":{"grant_type":"client_credentials","client_id":"` + tenant.ClientID + `","client_secret":"` + secret + `",
 "token_url":"` + tenant.TokenURL() + `","scopes":["https://graph.microsoft.com/.default"]}}}`
	}
	good := c.call("POST", "/data-sources", "", source(tenant.SecretValue)).field("id").(string)
	a := c.call("POST", "/data-sources/"+good+"/authenticate", "", "")
	if a.status != 200 || a.field("authenticated") != true || a.field("expires_at") == nil {
		t.Fatalf("authenticate: %d %s", a.status, a.raw)
	}
	if ds, _ := s.Get(good); !ds.Auth.OAuth2.Authenticated {
		t.Error("the source is not authenticated after a successful Authenticate")
	}
	// The service loses the token when a renewal is refused; Authenticate gets a new one.
	if !s.LoseToken(good) {
		t.Error("LoseToken of a client-credentials source")
	}
	if a := c.call("GET", "/data-sources/"+good, "", ""); a.field("auth.oauth2.authenticated") != false {
		t.Errorf("authenticated after LoseToken: %s", a.raw)
	}
	if a := c.call("POST", "/data-sources/"+good+"/authenticate", "", ""); a.field("authenticated") != true {
		t.Errorf("authenticate after LoseToken: %s", a.raw)
	}
	if got := tenant.Requests(); len(got) == 0 || got[len(got)-1].AuthMethod != "post" {
		t.Errorf("token requests %+v, want client_secret_post", got)
	}

	expired := c.call("POST", "/data-sources", "", source(tenant.ExpiredSecretValue)).field("id").(string)
	a = c.call("POST", "/data-sources/"+expired+"/authenticate", "", "")
	if msg, _ := a.field("error").(string); a.status != 200 || a.field("authenticated") != false || !strings.Contains(msg, "AADSTS7000222") {
		t.Errorf("authenticate with an expired secret: %d %s", a.status, a.raw)
	}

	// A new secret drops the token: it belongs to the old one.
	etag := s.etagOf(good)
	if a := c.call("PUT", "/data-sources/"+good, etag, strings.Replace(source("another"), `"name":"another"`, `"name":"`+tenant.SecretValue+`"`, 1)); a.field("auth.oauth2.authenticated") != false {
		t.Errorf("authenticated after a new secret: %s", a.raw)
	}

	code := s.Add(Source{App: "jira", Name: "code", Type: "url", Auth: &Auth{Type: "oauth2", OAuth2: &OAuth2{GrantType: "authorization_code"}}})
	if a := c.call("POST", "/data-sources/"+code.ID+"/authenticate", "", ""); a.status != 400 {
		t.Errorf("authenticate of an authorization-code source: %d, want 400", a.status)
	}
	if s.LoseToken(code.ID) {
		t.Error("LoseToken of an authorization-code source, which RevokeConsent drops")
	}
}

func TestExternalDataTestReadsTheURL(t *testing.T) {
	s, c := startED(t)
	s.AllowAnyPort()
	var seen *http.Request
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		if r.URL.Path == "/items/missing" {
			http.Error(w, `{"message":"no such item"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"42","name":"Widget"}`))
	}))
	t.Cleanup(api.Close)
	ds := s.Add(Source{
		App: "jira", Name: "Items", Type: "url",
		URL:  &URL{URL: api.URL + "/items/{id}", Method: "GET", ResponseType: "json", Headers: map[string]string{"X-Tenant": "t1"}},
		Auth: &Auth{Type: "custom_header", CustomHeader: &CustomHeader{Name: "X-API-Key", Value: ptrTo("k3y")}},
	})
	path := "/data-sources/" + ds.ID + "/test"

	if a := c.call("POST", path, "", `{"variables":{}}`); a.field("ok") != false || !strings.Contains(a.raw, "{id}") {
		t.Errorf("test without the variable: %s", a.raw)
	}
	a := c.call("POST", path, "", `{"variables":{"id":"42"}}`)
	if a.field("ok") != true || a.field("status") != 200.0 || a.field("sample.name") != "Widget" {
		t.Errorf("test: %s", a.raw)
	}
	if seen == nil || seen.URL.Path != "/items/42" || seen.Header.Get("X-API-Key") != "k3y" || seen.Header.Get("X-Tenant") != "t1" {
		t.Errorf("the URL was requested as %+v", seen)
	}
	a = c.call("POST", path, "", `{"variables":{"id":"missing"}}`)
	if msg, _ := a.field("message").(string); a.field("ok") != false || a.field("status") != 404.0 || !strings.Contains(msg, "no such item") {
		t.Errorf("test of a missing item: %s", a.raw)
	}

	s.SetTestResult(func(_ Source, v map[string]string) *TestResult {
		return &TestResult{OK: true, Status: 299, Message: "decided by the test for " + v["id"]}
	})
	if a := c.call("POST", path, "", `{"variables":{"id":"7"}}`); a.field("status") != 299.0 {
		t.Errorf("SetTestResult ignored: %s", a.raw)
	}
	s.SetTestResult(nil)

	code := s.Add(Source{App: "jira", Name: "code", Type: "url",
		URL:  &URL{URL: api.URL + "/items/1", Method: "GET", ResponseType: "json"},
		Auth: &Auth{Type: "oauth2", OAuth2: &OAuth2{GrantType: "authorization_code"}}})
	if a := c.call("POST", "/data-sources/"+code.ID+"/test", "", `{}`); a.field("ok") != false || !strings.Contains(a.raw, "signin-dynamic-oauth") {
		t.Errorf("test before consent: %s", a.raw)
	}
	s.Consent(code.ID)
	if a := c.call("POST", "/data-sources/"+code.ID+"/test", "", `{}`); a.field("ok") != true || !strings.HasPrefix(seen.Header.Get("Authorization"), "Bearer consented-") {
		t.Errorf("test after consent: %s", a.raw)
	}
	if !s.RevokeConsent(code.ID) {
		t.Error("RevokeConsent of an authorization-code source")
	}
	if got, _ := s.Get(code.ID); got.Auth.OAuth2.Authenticated {
		t.Error("still authenticated after RevokeConsent")
	}
}

func ptrTo(s string) *string { return &s }

func TestExternalDataHooks(t *testing.T) {
	s, c := startED(t)
	s.FailNext(1, http.StatusTooManyRequests)
	if a := c.call("GET", "/data-sources", "", ""); a.status != 429 || a.header.Get("Retry-After") != "0" {
		t.Errorf("injected 429: %d Retry-After %q", a.status, a.header.Get("Retry-After"))
	}
	s.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)
	if a := c.call("POST", "/data-sources", "", edBasicSource); a.status != 502 || len(s.List()) != 1 {
		t.Errorf("failure after handling: %d, %d stored; want 502 and the source created", a.status, len(s.List()))
	}
	id := s.List()[0].ID
	s.FailNextMatching(1, http.StatusServiceUnavailable, http.MethodGet, "/api/v1/data-sources/")
	if a := c.call("GET", "/data-sources", "", ""); a.status != 200 {
		t.Errorf("a request the failure does not match: %d", a.status)
	}
	if a := c.call("GET", "/data-sources/"+id, "", ""); a.status != 503 {
		t.Errorf("a matching request: %d, want 503", a.status)
	}
	s.FailNext(5, 500)
	s.FailNext(0, 0)
	if a := c.call("GET", "/data-sources", "", ""); a.status != 200 {
		t.Errorf("after FailNext(0, 0): %d", a.status)
	}

	etag := s.etagOf(id)
	s.BeforeNext(http.MethodPut, "/api/v1/data-sources/", func() { s.Touch(id) })
	if a := c.call("PUT", "/data-sources/"+id, etag, edBasicSource); a.status != 412 {
		t.Errorf("PUT after a change made just before it: %d, want 412", a.status)
	}
	reqs := s.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "PUT" || last.IfMatch != etag || last.Status != 412 || !strings.Contains(string(last.Body), `"Inventory"`) {
		t.Errorf("last request recorded as %+v", last)
	}
	if n := s.CountRequests(http.MethodGet, "/api/v1/data-sources"); n != 4 {
		t.Errorf("CountRequests = %d, want 4", n)
	}
}
