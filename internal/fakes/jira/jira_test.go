package jira

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

const (
	jiraTestToken    = "admin-pat"
	outgoingBase     = "/rest/oauth2-client/latest/config"
	incomingBase     = "/rest/oauth2/latest/client"
	commonAuthorize  = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
	commonToken      = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
	commonSuffix     = "FC8GQRj7OZO_j1_b6A-Eig" // from the facts' example: MD5, base64url, unpadded
	imapScope        = "https://outlook.office.com/IMAP.AccessAsUser.All"
	jiraErrorHeaders = "no-store, no-cache"
)

// jiraResponse is one answer of the fake.
type jiraResponse struct {
	status int
	body   string
	header http.Header
}

// decode unmarshals the body into v, failing the test when it is not JSON.
func (r jiraResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("answer %d %q is not the expected JSON: %v", r.status, r.body, err)
	}
}

// errorBody decodes a mapped error and checks its headers.
func (r jiraResponse) errorBody(t *testing.T) errorBody {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	if cc := r.header.Get("Cache-Control"); cc != jiraErrorHeaders {
		t.Errorf("error Cache-Control = %q, want %q", cc, jiraErrorHeaders)
	}
	var body errorBody
	r.decode(t, &body)
	if body.Errors == nil || body.FieldErrors == nil {
		t.Errorf("error body %s lacks errors or fieldErrors", r.body)
	}
	return body
}

// jiraTest is a started fake and how to call it.
type jiraTest struct {
	*Fake
	url string
}

func startJiraTest(t *testing.T) *jiraTest {
	t.Helper()
	j := New(jiraTestToken)
	return &jiraTest{Fake: j, url: fakeserver.Start(t, j)}
}

// bearer, basic and anonymous authenticate a request.
func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

func basic(user, password string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(user, password) }
}

func anonymous(*http.Request) {}

// call sends a request authenticated with auth; a non-empty body is sent as JSON.
func (jt *jiraTest) call(t *testing.T, auth func(*http.Request), method, path, body string) jiraResponse {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, jt.url+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	auth(req)
	resp, data := fakeserver.Do(t, req)
	return jiraResponse{status: resp.StatusCode, body: string(data), header: resp.Header}
}

// admin sends a request as the system administrator.
func (jt *jiraTest) admin(t *testing.T, method, path, body string) jiraResponse {
	t.Helper()
	return jt.call(t, bearer(jiraTestToken), method, path, body)
}

// outgoingFields is a valid Exchange Online link, as JSON fields.
func outgoingFields() map[string]any {
	return map[string]any{
		"name": "Exchange", "description": "Mail handler", "type": "microsoft", "clientId": "app-id",
		"clientSecret": "s1", "authorizationEndpoint": commonAuthorize, "tokenEndpoint": commonToken,
		"scopes": []any{imapScope, "offline_access"}, "redirectUriSuffix": commonSuffix,
	}
}

// outgoingJSONBody is outgoingFields changed by edit (a nil value deletes the field), as JSON.
func outgoingJSONBody(t *testing.T, edit func(map[string]any)) string {
	t.Helper()
	fields := outgoingFields()
	if edit != nil {
		edit(fields)
	}
	data, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func set(pairs ...any) func(map[string]any) {
	return func(m map[string]any) {
		for i := 0; i < len(pairs); i += 2 {
			m[pairs[i].(string)] = pairs[i+1]
		}
	}
}

func drop(names ...string) func(map[string]any) {
	return func(m map[string]any) {
		for _, n := range names {
			delete(m, n)
		}
	}
}

// outgoingRaw decodes an outgoing link as answered, keeping nulls visible.
func outgoingRaw(t *testing.T, r jiraResponse) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

func TestJiraOutgoingLifecycle(t *testing.T) {
	jt := startJiraTest(t)

	// POST: 200 (not 201), an id in the body ignored, type upper-case, secret null, scopes a
	// sorted set without blanks, unknown fields ignored.
	created := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, set(
		"id", "chosen-by-client", "unknownField", 1, "grantType", "authorization_code",
		"scopes", []any{"offline_access", " ", imapScope, "offline_access", ""},
	)))
	if created.status != http.StatusOK {
		t.Fatalf("POST: %d %s, want 200", created.status, created.body)
	}
	link := outgoingRaw(t, created)
	id, _ := link["id"].(string)
	switch {
	case id == "" || id == "chosen-by-client":
		t.Errorf("POST id = %q, want one the server generated", id)
	case link["type"] != "MICROSOFT":
		t.Errorf("POST type = %v, want MICROSOFT", link["type"])
	case link["clientSecret"] != nil:
		t.Errorf("POST clientSecret = %v, want null", link["clientSecret"])
	case fmt.Sprint(link["scopes"]) != fmt.Sprint([]any{imapScope, "offline_access"}):
		t.Errorf("POST scopes = %v, want sorted, de-duplicated, without blanks", link["scopes"])
	case link["redirectUriSuffix"] != commonSuffix || link["description"] != "Mail handler":
		t.Errorf("POST answered %v", link)
	}
	if _, has := link["clientSecret"]; !has {
		t.Error("POST answer has no clientSecret field; Jira sends null")
	}
	if got := jt.OutgoingSecret(id); got != "s1" {
		t.Errorf("stored secret = %q, want s1", got)
	}

	// Reads: by id, in the list, by name (path-escaped); never with the secret.
	for _, path := range []string{outgoingBase + "/" + id, outgoingBase + "/name/" + url.PathEscape("Exchange")} {
		r := jt.admin(t, http.MethodGet, path, "")
		if got := outgoingRaw(t, r); r.status != http.StatusOK || got["id"] != id || got["clientSecret"] != nil || got["type"] != "MICROSOFT" {
			t.Errorf("GET %s: %d %s", path, r.status, r.body)
		}
	}
	list := jt.admin(t, http.MethodGet, outgoingBase, "")
	var links []map[string]any
	list.decode(t, &links)
	if list.status != http.StatusOK || len(links) != 1 || links[0]["id"] != id || links[0]["clientSecret"] != nil {
		t.Errorf("GET list: %d %s", list.status, list.body)
	}

	// PUT: 204 without a body; a full replace; null keeps the secret.
	put := jt.admin(t, http.MethodPut, outgoingBase+"/"+id, outgoingJSONBody(t, set(
		"id", "other", "name", "Exchange (IMAP)", "clientSecret", nil, "type", "Generic", "scopes", []any{"b", "a", "b"},
	)))
	if put.status != http.StatusNoContent || put.body != "" {
		t.Fatalf("PUT: %d %q, want 204 without a body", put.status, put.body)
	}
	stored, _ := jt.OutgoingLink(id)
	if stored.Name != "Exchange (IMAP)" || stored.Type != "GENERIC" || strings.Join(stored.Scopes, ",") != "a,b" || stored.ID != id {
		t.Errorf("after PUT Jira stores %+v", stored)
	}
	if got := jt.OutgoingSecret(id); got != "s1" {
		t.Errorf("PUT with a null secret: stored secret = %q, want s1 kept", got)
	}
	// An absent secret is null too.
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+id, outgoingJSONBody(t, drop("clientSecret"))); r.status != http.StatusNoContent || jt.OutgoingSecret(id) != "s1" {
		t.Errorf("PUT without a secret: %d %s, secret %q", r.status, r.body, jt.OutgoingSecret(id))
	}
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+id, outgoingJSONBody(t, set("clientSecret", "s2"))); r.status != http.StatusNoContent || jt.OutgoingSecret(id) != "s2" {
		t.Errorf("PUT with a new secret: %d %s, secret %q", r.status, r.body, jt.OutgoingSecret(id))
	}
	// A full replace: a field left out is required again, and nothing changes.
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+id, outgoingJSONBody(t, drop("clientId", "description"))); r.status != http.StatusBadRequest || r.errorBody(t).FieldErrors["clientId"] == nil {
		t.Errorf("PUT without clientId: %d %s, want 400 with a clientId field error", r.status, r.body)
	}
	if after, _ := jt.OutgoingLink(id); after.ClientID != "app-id" || after.Description != "Mail handler" {
		t.Errorf("a refused PUT changed the link: %+v", after)
	}
	// Leaving the description out clears it; Jira answers null.
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+id, outgoingJSONBody(t, drop("description"))); r.status != http.StatusNoContent {
		t.Errorf("PUT without description: %d %s", r.status, r.body)
	}
	if got := outgoingRaw(t, jt.admin(t, http.MethodGet, outgoingBase+"/"+id, "")); got["description"] != nil {
		t.Errorf("description after clearing = %v, want null", got["description"])
	}

	// DELETE: 204; then every path says it is gone.
	if r := jt.admin(t, http.MethodDelete, outgoingBase+"/"+id, ""); r.status != http.StatusNoContent || r.body != "" {
		t.Errorf("DELETE: %d %q, want 204", r.status, r.body)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete, http.MethodPut} {
		r := jt.admin(t, method, outgoingBase+"/"+id, outgoingJSONBody(t, nil))
		if r.status != http.StatusNotFound {
			t.Errorf("%s after delete: %d, want 404", method, r.status)
			continue
		}
		if body := r.errorBody(t); !slices.Equal(body.Errors, []string{"Configuration " + id + " does not exist"}) || len(body.FieldErrors) != 0 {
			t.Errorf("%s after delete: %s", method, r.body)
		}
	}
	if r := jt.admin(t, http.MethodGet, outgoingBase+"/name/Exchange", ""); r.status != http.StatusNotFound || r.body != "" {
		t.Errorf("GET by a missing name: %d %q, want 404 with an empty body", r.status, r.body)
	}
}

func TestJiraOutgoingValidation(t *testing.T) {
	long := strings.Repeat("n", 256)
	for _, tc := range []struct {
		name       string
		edit       func(map[string]any)
		allowHTTP  bool
		wantFields []string // field errors expected; none means the create succeeds
	}{
		{name: "valid"},
		{name: "type is case-insensitive", edit: set("type", "GoOgLe")},
		{name: "255 characters", edit: set("name", strings.Repeat("n", 255), "description", strings.Repeat("d", 255), "clientId", strings.Repeat("c", 255))},
		{name: "255 UTF-16 units", edit: set("name", strings.Repeat("é", 255))},
		{name: "name missing", edit: drop("name"), wantFields: []string{"name"}},
		{name: "name blank", edit: set("name", "  "), wantFields: []string{"name"}},
		{name: "name too long", edit: set("name", long), wantFields: []string{"name"}},
		{name: "name too long in UTF-16 units", edit: set("name", strings.Repeat("😀", 128)), wantFields: []string{"name"}},
		{name: "description too long", edit: set("description", long), wantFields: []string{"description"}},
		{name: "type missing", edit: drop("type"), wantFields: []string{"type"}},
		{name: "type unknown", edit: set("type", "okta"), wantFields: []string{"type"}},
		{name: "client id missing", edit: drop("clientId"), wantFields: []string{"clientId"}},
		{name: "client id too long", edit: set("clientId", long), wantFields: []string{"clientId"}},
		{name: "secret missing on create", edit: drop("clientSecret"), wantFields: []string{"clientSecret"}},
		{name: "secret null on create", edit: set("clientSecret", nil), wantFields: []string{"clientSecret"}},
		{name: "secret empty", edit: set("clientSecret", ""), wantFields: []string{"clientSecret"}},
		{name: "authorization endpoint missing", edit: drop("authorizationEndpoint"), wantFields: []string{"authorizationEndpoint", "redirectUriSuffix"}},
		{name: "authorization endpoint not a URL", edit: set("authorizationEndpoint", "login", "redirectUriSuffix", redirectURISuffix("login")), wantFields: []string{"authorizationEndpoint"}},
		{name: "authorization endpoint http", edit: set("authorizationEndpoint", "http://127.0.0.1/authorize", "redirectUriSuffix", redirectURISuffix("http://127.0.0.1/authorize")), wantFields: []string{"authorizationEndpoint"}},
		{name: "http allowed in dev mode", allowHTTP: true, edit: set("authorizationEndpoint", "http://127.0.0.1/authorize", "tokenEndpoint", "http://127.0.0.1/token", "redirectUriSuffix", redirectURISuffix("http://127.0.0.1/authorize"))},
		{name: "dev mode allows http only", allowHTTP: true, edit: set("tokenEndpoint", "ftp://127.0.0.1/token"), wantFields: []string{"tokenEndpoint"}},
		{name: "token endpoint http", edit: set("tokenEndpoint", "http://login.microsoftonline.com/common/oauth2/v2.0/token"), wantFields: []string{"tokenEndpoint"}},
		{name: "token endpoint missing", edit: drop("tokenEndpoint"), wantFields: []string{"tokenEndpoint"}},
		{name: "scopes missing", edit: drop("scopes"), wantFields: []string{"scopes"}},
		{name: "scopes empty", edit: set("scopes", []any{}), wantFields: []string{"scopes"}},
		{name: "scopes only blanks", edit: set("scopes", []any{"", "  ", nil}), wantFields: []string{"scopes"}},
		{name: "suffix missing", edit: drop("redirectUriSuffix"), wantFields: []string{"redirectUriSuffix"}},
		{name: "suffix of another endpoint", edit: set("redirectUriSuffix", redirectURISuffix(commonToken)), wantFields: []string{"redirectUriSuffix"}},
		{name: "suffix of the endpoint with a trailing slash", edit: set("redirectUriSuffix", redirectURISuffix(commonAuthorize+"/")), wantFields: []string{"redirectUriSuffix"}},
		{name: "suffix padded", edit: set("redirectUriSuffix", commonSuffix+"=="), wantFields: []string{"redirectUriSuffix"}},
		// Jackson binds property names exactly: "Name" is an unknown property, so name is missing.
		{name: "property names are case-sensitive", edit: func(m map[string]any) { m["Name"] = m["name"]; delete(m, "name") }, wantFields: []string{"name"}},
		{name: "several at once", edit: drop("name", "clientId", "scopes"), wantFields: []string{"clientId", "name", "scopes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			jt := startJiraTest(t)
			jt.SetAllowHTTPEndpoints(tc.allowHTTP)
			r := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, tc.edit))
			if len(tc.wantFields) == 0 {
				if r.status != http.StatusOK {
					t.Fatalf("POST: %d %s, want 200", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusBadRequest {
				t.Fatalf("POST: %d %s, want 400", r.status, r.body)
			}
			body := r.errorBody(t)
			if got := slices.Sorted(maps.Keys(body.FieldErrors)); !slices.Equal(got, tc.wantFields) {
				t.Errorf("field errors on %v, want %v: %s", got, tc.wantFields, r.body)
			}
			if len(body.Errors) != 0 {
				t.Errorf("errors = %v, want []", body.Errors)
			}
			if n := len(jt.OutgoingLinks()); n != 0 {
				t.Errorf("a refused create stored %d links", n)
			}
		})
	}
}

func TestJiraOutgoingUniqueNames(t *testing.T) {
	jt := startJiraTest(t)
	first := outgoingRaw(t, jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, nil)))["id"].(string)
	second := outgoingRaw(t, jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, set("name", "Other"))))["id"].(string)

	r := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, nil))
	if msgs := r.errorBody(t).FieldErrors["name"]; r.status != http.StatusBadRequest || len(msgs) != 1 || !strings.Contains(msgs[0], "already exists") {
		t.Errorf("duplicate create: %d %s", r.status, r.body)
	}
	// A replace may keep the link's own name, not take another's.
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+first, outgoingJSONBody(t, set("clientSecret", nil))); r.status != http.StatusNoContent {
		t.Errorf("PUT keeping its name: %d %s", r.status, r.body)
	}
	if r := jt.admin(t, http.MethodPut, outgoingBase+"/"+second, outgoingJSONBody(t, set("clientSecret", nil))); r.status != http.StatusBadRequest || r.errorBody(t).FieldErrors["name"] == nil {
		t.Errorf("PUT taking another's name: %d %s", r.status, r.body)
	}
	// Names compare exactly.
	if r := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, set("name", "exchange"))); r.status != http.StatusOK {
		t.Errorf("create differing in case: %d %s", r.status, r.body)
	}

	for _, tc := range []struct{ query, want string }{
		{"name=Exchange", "false"},
		{"name=Exchange&id=" + first, "true"},
		{"name=Exchange&id=" + second, "false"},
		{"name=Nobody", "true"},
		{"name=" + url.QueryEscape("Other") + "&id=", "false"},
	} {
		r := jt.admin(t, http.MethodGet, outgoingBase+"/is-name-unique?"+tc.query, "")
		if r.status != http.StatusOK || r.body != tc.want {
			t.Errorf("is-name-unique?%s: %d %s, want 200 %s", tc.query, r.status, r.body, tc.want)
		}
	}
}

func TestJiraOutgoingRedirectURI(t *testing.T) {
	jt := startJiraTest(t)
	path := outgoingBase + "/get-redirect-uri?authorizationEndpoint=" + url.QueryEscape(commonAuthorize)
	var got map[string]string
	r := jt.admin(t, http.MethodGet, path, "")
	r.decode(t, &got)
	// Without SetBaseURL the base URL is the one the request reached.
	if want := jt.url + "/plugins/servlet/oauth2/client/callback/" + commonSuffix; r.status != http.StatusOK || got["redirectUri"] != want || got["redirectUriSuffix"] != commonSuffix {
		t.Errorf("get-redirect-uri: %d %s, want redirectUri %s", r.status, r.body, want)
	}
	jt.SetBaseURL("https://jira.example.com/jira/")
	r = jt.admin(t, http.MethodGet, path, "")
	r.decode(t, &got)
	if want := "https://jira.example.com/jira/plugins/servlet/oauth2/client/callback/" + commonSuffix; got["redirectUri"] != want {
		t.Errorf("get-redirect-uri with a base URL: %s, want redirectUri %s", r.body, want)
	}
	if r := jt.admin(t, http.MethodGet, outgoingBase+"/get-redirect-uri", ""); r.status != http.StatusBadRequest || r.errorBody(t).FieldErrors["authorizationEndpoint"] == nil {
		t.Errorf("get-redirect-uri without an endpoint: %d %s", r.status, r.body)
	}
}

func TestJiraMalformedRequests(t *testing.T) {
	jt := startJiraTest(t)
	id := jt.AddOutgoingLink(OutgoingLink{Name: "L", Type: "generic", ClientID: "c", AuthorizationEndpoint: commonAuthorize, TokenEndpoint: commonToken, Scopes: []string{"s"}})
	in := jt.AddIncomingLink(IncomingLink{Name: "I", Redirects: []string{"https://a.example.com/cb"}, Scope: "READ"})
	for _, tc := range []struct {
		name, method, path, body string
		want                     int
	}{
		{"outgoing create, not JSON", http.MethodPost, outgoingBase, "{name:", http.StatusBadRequest},
		{"outgoing create, an array", http.MethodPost, outgoingBase, "[]", http.StatusBadRequest},
		{"outgoing create, no body", http.MethodPost, outgoingBase, "", http.StatusBadRequest},
		{"outgoing create, scopes a string", http.MethodPost, outgoingBase, outgoingJSONBody(t, set("scopes", "offline_access")), http.StatusBadRequest},
		{"outgoing create, name an array", http.MethodPost, outgoingBase, outgoingJSONBody(t, set("name", []any{"a"})), http.StatusBadRequest},
		{"outgoing create, a scope an object", http.MethodPost, outgoingBase, outgoingJSONBody(t, set("scopes", []any{map[string]any{}})), http.StatusBadRequest},
		{"outgoing update, not JSON", http.MethodPut, outgoingBase + "/" + id, "nope", http.StatusBadRequest},
		{"outgoing update of a missing link, not JSON", http.MethodPut, outgoingBase + "/missing", "nope", http.StatusBadRequest},
		{"incoming create, not JSON", http.MethodPost, incomingBase, "{", http.StatusBadRequest},
		{"incoming update, redirects a string", http.MethodPut, incomingBase + "/" + in.ID, `{"redirects":"https://a.example.com"}`, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := jt.admin(t, tc.method, tc.path, tc.body)
			if r.status != tc.want {
				t.Fatalf("%d %s, want %d", r.status, r.body, tc.want)
			}
			if body := r.errorBody(t); len(body.Errors) != 1 {
				t.Errorf("errors = %v, want one message", body.Errors)
			}
		})
	}
	if l, _ := jt.OutgoingLink(id); l.Name != "L" {
		t.Errorf("a malformed update changed the link: %+v", l)
	}
	// Like Jackson, a number or boolean is taken as a string's text.
	r := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, set("clientId", 12345, "scopes", []any{true, "offline_access"})))
	if got := outgoingRaw(t, r); r.status != http.StatusOK || got["clientId"] != "12345" || fmt.Sprint(got["scopes"]) != "[offline_access true]" {
		t.Errorf("scalars as strings: %d %s", r.status, r.body)
	}
}

func TestJiraRouting(t *testing.T) {
	jt := startJiraTest(t)
	for _, tc := range []struct {
		method, path string
		want         int
		allow        string
	}{
		{http.MethodPatch, outgoingBase, http.StatusMethodNotAllowed, "GET,POST"},
		{http.MethodPost, outgoingBase + "/some-id", http.StatusMethodNotAllowed, "GET,PUT,DELETE"},
		{http.MethodDelete, outgoingBase + "/name/x", http.StatusMethodNotAllowed, "GET"},
		{http.MethodPost, outgoingBase + "/get-redirect-uri", http.StatusMethodNotAllowed, "GET"},
		{http.MethodDelete, incomingBase, http.StatusMethodNotAllowed, "GET,POST"},
		{http.MethodGet, incomingBase + "/reset/abc", http.StatusMethodNotAllowed, "PUT"},
		{http.MethodGet, "/rest/api/2/myself", http.StatusNotFound, ""},
		{http.MethodGet, outgoingBase + "/a/b", http.StatusNotFound, ""},
	} {
		r := jt.admin(t, tc.method, tc.path, "")
		if r.status != tc.want || r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d (Allow %q), want %d (Allow %q)", tc.method, tc.path, r.status, r.header.Get("Allow"), tc.want, tc.allow)
		}
	}
}

func TestJiraAuthentication(t *testing.T) {
	jt := startJiraTest(t)
	jt.AddAdminToken("second-admin-pat")
	jt.AddUserToken("user-pat")
	jt.AddAdminUser("alice", "alice-password")
	jt.AddUser("bob", "bob-password")
	for _, tc := range []struct {
		name string
		auth func(*http.Request)
		want int
	}{
		{"admin token", bearer(jiraTestToken), http.StatusOK},
		{"another admin token", bearer("second-admin-pat"), http.StatusOK},
		{"scheme in lower case", func(r *http.Request) { r.Header.Set("Authorization", "bearer "+jiraTestToken) }, http.StatusOK},
		{"admin by Basic auth", basic("alice", "alice-password"), http.StatusOK},
		{"anonymous", anonymous, http.StatusUnauthorized},
		{"unknown token", bearer("guess"), http.StatusUnauthorized},
		{"empty token", bearer(""), http.StatusUnauthorized},
		{"token of a user who is not an administrator", bearer("user-pat"), http.StatusUnauthorized},
		{"wrong password", basic("alice", "wrong"), http.StatusUnauthorized},
		{"unknown user", basic("mallory", "alice-password"), http.StatusUnauthorized},
		{"user who is not an administrator", basic("bob", "bob-password"), http.StatusUnauthorized},
		{"token user has no password", basic("admin", ""), http.StatusUnauthorized},
		{"token as Basic password", basic("admin", jiraTestToken), http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{outgoingBase, incomingBase, outgoingBase + "/missing", "/rest/nothing/here"} {
				r := jt.call(t, tc.auth, http.MethodGet, path, "")
				switch {
				case tc.want == http.StatusOK && r.status == http.StatusUnauthorized:
					t.Errorf("GET %s: 401 %s", path, r.body)
				case tc.want == http.StatusUnauthorized && r.status != http.StatusUnauthorized:
					t.Errorf("GET %s: %d, want 401 (not 403)", path, r.status)
				case tc.want == http.StatusUnauthorized:
					if body := r.errorBody(t); len(body.Errors) != 1 || !strings.Contains(body.Errors[0], "authenticated") {
						t.Errorf("GET %s: %s", path, r.body)
					}
				}
			}
		})
	}
	// A refused caller changes nothing.
	if r := jt.call(t, bearer("user-pat"), http.MethodPost, outgoingBase, outgoingJSONBody(t, nil)); r.status != http.StatusUnauthorized || len(jt.OutgoingLinks()) != 0 {
		t.Errorf("POST as a user: %d, %d links", r.status, len(jt.OutgoingLinks()))
	}
	// Each user has their own key, which incoming links carry.
	if jt.UserKey("admin") != AdminUserKey || jt.UserKey("alice") == AdminUserKey || jt.UserKey("alice") == "" || jt.UserKey("nobody") != "" {
		t.Errorf("user keys: admin %q, alice %q, nobody %q", jt.UserKey("admin"), jt.UserKey("alice"), jt.UserKey("nobody"))
	}
	var link IncomingLink
	jt.call(t, basic("alice", "alice-password"), http.MethodPost, incomingBase, `{"name":"A","redirects":["https://a.example.com/cb"],"scope":"READ"}`).decode(t, &link)
	if link.UserKey != jt.UserKey("alice") {
		t.Errorf("incoming link created by alice has userKey %q, want %q", link.UserKey, jt.UserKey("alice"))
	}
}

func TestJiraIncomingLifecycle(t *testing.T) {
	jt := startJiraTest(t)
	r := jt.admin(t, http.MethodPost, incomingBase,
		`{"id":"9","clientId":"mine","clientSecret":"mine","userKey":"someone","name":"Reporting","scope":"READ","extra":true,
		  "redirects":["https://b.example.com/cb","https://a.example.com/cb","https://a.example.com/cb","http://localhost:8080/cb"]}`)
	var created IncomingLink
	r.decode(t, &created)
	switch {
	case r.status != http.StatusOK:
		t.Fatalf("POST: %d %s, want 200", r.status, r.body)
	case created.ID == "" || created.ID == "9" || strings.Trim(created.ID, "0123456789") != "":
		t.Errorf("POST id = %q, want a new numeric id", created.ID)
	case len(created.ClientID) != 32 || created.ClientID == "mine":
		t.Errorf("POST clientId = %q, want 32 generated characters", created.ClientID)
	case len(created.ClientSecret) != 64:
		t.Errorf("POST clientSecret = %q, want 64 characters", created.ClientSecret)
	case created.UserKey != AdminUserKey:
		t.Errorf("POST userKey = %q, want the caller's %s", created.UserKey, AdminUserKey)
	case strings.Join(created.Redirects, " ") != "http://localhost:8080/cb https://a.example.com/cb https://b.example.com/cb":
		t.Errorf("POST redirects = %v, want sorted and de-duplicated", created.Redirects)
	case created.Name != "Reporting" || created.Scope != "READ":
		t.Errorf("POST answered %s", r.body)
	}
	path := incomingBase + "/" + created.ID

	var got IncomingLink
	if r := jt.admin(t, http.MethodGet, path, ""); r.status != http.StatusOK {
		t.Errorf("GET: %d %s", r.status, r.body)
	} else if r.decode(t, &got); !jiraIncomingEqual(got, created) {
		t.Errorf("GET = %+v, want %+v (secret included)", got, created)
	}
	var list []IncomingLink
	if r := jt.admin(t, http.MethodGet, incomingBase, ""); r.status != http.StatusOK {
		t.Errorf("GET list: %d %s", r.status, r.body)
	} else if r.decode(t, &list); len(list) != 1 || !jiraIncomingEqual(list[0], created) {
		t.Errorf("GET list = %+v", list)
	}

	// PUT is partial: 204; blank name, empty redirects and blank scope keep the old values;
	// clientId and clientSecret in the body are ignored.
	const created3 = "http://localhost:8080/cb https://a.example.com/cb https://b.example.com/cb"
	for _, tc := range []struct {
		body                   string
		name, scope, redirects string
	}{
		{`{"name":"","redirects":[],"scope":" "}`, "Reporting", "READ", created3},
		{`{}`, "Reporting", "READ", created3},
		{`null`, "Reporting", "READ", created3},
		{`{"scope":"WRITE","clientId":"x","clientSecret":"y"}`, "Reporting", "WRITE", created3},
		{`{"name":"Reporting connector"}`, "Reporting connector", "WRITE", created3},
		{`{"redirects":["https://c.example.com/cb","https://c.example.com/cb"]}`, "Reporting connector", "WRITE", "https://c.example.com/cb"},
		{`{"name":"Reporting connector","redirects":["https://c.example.com/cb"],"scope":"SYSTEM_ADMIN"}`, "Reporting connector", "SYSTEM_ADMIN", "https://c.example.com/cb"},
	} {
		if r := jt.admin(t, http.MethodPut, path, tc.body); r.status != http.StatusNoContent || r.body != "" {
			t.Errorf("PUT %s: %d %q, want 204 without a body", tc.body, r.status, r.body)
		}
		l, _ := jt.IncomingLink(created.ID)
		if l.Name != tc.name || l.Scope != tc.scope || strings.Join(l.Redirects, " ") != tc.redirects || l.ClientID != created.ClientID || l.ClientSecret != created.ClientSecret {
			t.Errorf("after PUT %s Jira stores %+v", tc.body, l)
		}
	}

	// Reset takes the OAuth client id, not the id, and issues a new secret.
	r = jt.admin(t, http.MethodPut, incomingBase+"/reset/"+created.ClientID, "")
	var reset IncomingLink
	r.decode(t, &reset)
	if r.status != http.StatusOK || reset.ClientSecret == created.ClientSecret || len(reset.ClientSecret) != 64 ||
		reset.ClientID != created.ClientID || reset.ID != created.ID || reset.Name != "Reporting connector" {
		t.Errorf("reset: %d %s", r.status, r.body)
	}
	if l, _ := jt.IncomingLink(created.ID); l.ClientSecret != reset.ClientSecret {
		t.Errorf("Jira stores secret %q, reset answered %q", l.ClientSecret, reset.ClientSecret)
	}
	if r := jt.admin(t, http.MethodPut, incomingBase+"/reset/"+created.ID, ""); r.status != http.StatusNotFound {
		t.Errorf("reset by id: %d %s, want 404", r.status, r.body)
	}

	// DELETE answers 200 with the deleted entity; then it is gone.
	r = jt.admin(t, http.MethodDelete, path, "")
	var deleted IncomingLink
	r.decode(t, &deleted)
	if r.status != http.StatusOK || deleted.ID != created.ID || deleted.ClientSecret != reset.ClientSecret || deleted.Name != "Reporting connector" {
		t.Errorf("DELETE: %d %s, want 200 with the entity", r.status, r.body)
	}
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodGet, path, ""},
		{http.MethodPut, path, `{"name":"x"}`},
		{http.MethodDelete, path, ""},
		{http.MethodPut, incomingBase + "/reset/" + created.ClientID, ""},
	} {
		r := jt.admin(t, tc.method, tc.path, tc.body)
		if r.status != http.StatusNotFound {
			t.Errorf("%s %s after delete: %d, want 404", tc.method, tc.path, r.status)
		} else if body := r.errorBody(t); !slices.Equal(body.Errors, []string{"client does not exist"}) {
			t.Errorf("%s %s after delete: %s", tc.method, tc.path, r.body)
		}
	}
}

func jiraIncomingEqual(a, b IncomingLink) bool {
	return a.ID == b.ID && a.ClientID == b.ClientID && a.ClientSecret == b.ClientSecret && a.Name == b.Name &&
		slices.Equal(a.Redirects, b.Redirects) && a.UserKey == b.UserKey && a.Scope == b.Scope
}

func TestJiraIncomingValidation(t *testing.T) {
	long := "https://a.example.com/" + strings.Repeat("p", 450-len("https://a.example.com/"))
	for _, tc := range []struct {
		name      string
		body      string
		wantField []string // field errors; nil with wantScope false means accepted
		wantScope bool     // the {"error":"invalid scope"} body
	}{
		{name: "valid", body: `{"name":"N","redirects":["https://a.example.com/cb"],"scope":"ADMIN"}`},
		{name: "http for localhost", body: `{"name":"N","redirects":["http://localhost:8080/cb","http://LOCALHOST/cb"],"scope":"READ"}`},
		{name: "http for 127.0.0.1", body: `{"name":"N","redirects":["http://127.0.0.1:8400/cb"],"scope":"READ"}`},
		{name: "redirect of 450 characters", body: `{"name":"N","redirects":["` + long + `"],"scope":"READ"}`},
		{name: "redirect of 451 characters", body: `{"name":"N","redirects":["` + long + `x"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "http elsewhere", body: `{"name":"N","redirects":["http://a.example.com/cb"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "http for a localhost subdomain", body: `{"name":"N","redirects":["http://localhost.example.com/cb"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "fragment", body: `{"name":"N","redirects":["https://a.example.com/cb#top"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "empty fragment", body: `{"name":"N","redirects":["https://a.example.com/cb#"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "relative", body: `{"name":"N","redirects":["/cb"],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "blank redirect", body: `{"name":"N","redirects":[""],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "no redirects", body: `{"name":"N","redirects":[],"scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "redirects missing", body: `{"name":"N","scope":"READ"}`, wantField: []string{"redirects"}},
		{name: "name missing", body: `{"redirects":["https://a.example.com/cb"],"scope":"READ"}`, wantField: []string{"name"}},
		{name: "name blank", body: `{"name":" ","redirects":["https://a.example.com/cb"],"scope":"READ"}`, wantField: []string{"name"}},
		{name: "name too long", body: `{"name":"` + strings.Repeat("n", 256) + `","redirects":["https://a.example.com/cb"],"scope":"READ"}`, wantField: []string{"name"}},
		{name: "name taken", body: `{"name":"Taken","redirects":["https://a.example.com/cb"],"scope":"READ"}`, wantField: []string{"name"}},
		{name: "scope missing", body: `{"name":"N","redirects":["https://a.example.com/cb"]}`, wantField: []string{"scope"}},
		{name: "scope unknown", body: `{"name":"N","redirects":["https://a.example.com/cb"],"scope":"OWNER"}`, wantScope: true},
		{name: "scope in lower case", body: `{"name":"N","redirects":["https://a.example.com/cb"],"scope":"read"}`, wantScope: true},
		{name: "scope unknown and name missing", body: `{"redirects":["https://a.example.com/cb"],"scope":"OWNER"}`, wantScope: true},
		{name: "several at once", body: `{"name":"","redirects":["http://a.example.com"],"scope":""}`, wantField: []string{"name", "redirects", "scope"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			jt := startJiraTest(t)
			jt.AddIncomingLink(IncomingLink{Name: "Taken", Redirects: []string{"https://t.example.com/cb"}, Scope: "READ"})
			r := jt.admin(t, http.MethodPost, incomingBase, tc.body)
			switch {
			case tc.wantScope:
				var body map[string]any
				r.decode(t, &body)
				if r.status != http.StatusBadRequest || body["error"] != "invalid scope" || body["error_description"] == "" {
					t.Errorf("%d %s, want 400 invalid scope", r.status, r.body)
				}
			case tc.wantField != nil:
				if r.status != http.StatusBadRequest {
					t.Fatalf("%d %s, want 400", r.status, r.body)
				}
				body := r.errorBody(t)
				if got := slices.Sorted(maps.Keys(body.FieldErrors)); !slices.Equal(got, tc.wantField) || len(body.Errors) != 0 {
					t.Errorf("field errors on %v, want %v: %s", got, tc.wantField, r.body)
				}
			case r.status != http.StatusOK:
				t.Errorf("%d %s, want 200", r.status, r.body)
			}
			if want := map[bool]int{true: 2, false: 1}[tc.wantField == nil && !tc.wantScope]; len(jt.IncomingLinks()) != want {
				t.Errorf("Jira holds %d incoming links, want %d", len(jt.IncomingLinks()), want)
			}
		})
	}
}

func TestJiraIncomingUpdateValidation(t *testing.T) {
	jt := startJiraTest(t)
	jt.AddIncomingLink(IncomingLink{Name: "Taken", Redirects: []string{"https://t.example.com/cb"}, Scope: "READ"})
	l := jt.AddIncomingLink(IncomingLink{Name: "Mine", Redirects: []string{"https://m.example.com/cb"}, Scope: "WRITE"})
	for _, tc := range []struct {
		body  string
		field string // "" for the invalid scope body
		want  int
	}{
		{`{"name":"Taken"}`, "name", http.StatusBadRequest},
		{`{"name":"Mine"}`, "", http.StatusNoContent},
		{`{"redirects":["http://m.example.com/cb"]}`, "redirects", http.StatusBadRequest},
		{`{"scope":"OWNER"}`, "", http.StatusBadRequest},
		{`{"name":"` + strings.Repeat("n", 256) + `"}`, "name", http.StatusBadRequest},
	} {
		r := jt.admin(t, http.MethodPut, incomingBase+"/"+l.ID, tc.body)
		switch {
		case r.status != tc.want:
			t.Errorf("PUT %s: %d %s, want %d", tc.body, r.status, r.body, tc.want)
		case tc.field != "" && r.errorBody(t).FieldErrors[tc.field] == nil:
			t.Errorf("PUT %s: %s, want a %s field error", tc.body, r.body, tc.field)
		case tc.want == http.StatusBadRequest && tc.field == "" && !strings.Contains(r.body, `"invalid scope"`):
			t.Errorf("PUT %s: %s, want invalid scope", tc.body, r.body)
		}
	}
	if got, _ := jt.IncomingLink(l.ID); !jiraIncomingEqual(got, l) {
		t.Errorf("refused updates changed the link: %+v, was %+v", got, l)
	}
}

func TestJiraFailureInjection(t *testing.T) {
	jt := startJiraTest(t)

	jt.FailNext(2, http.StatusServiceUnavailable)
	for i, want := range []int{http.StatusServiceUnavailable, http.StatusServiceUnavailable, http.StatusOK} {
		// Injected failures come before authentication, as from a proxy in front of Jira.
		auth := bearer(jiraTestToken)
		if i == 0 {
			auth = anonymous
		}
		if r := jt.call(t, auth, http.MethodGet, outgoingBase, ""); r.status != want {
			t.Errorf("request %d: %d, want %d", i, r.status, want)
		}
	}
	jt.FailNext(100, http.StatusInternalServerError)
	if r := jt.admin(t, http.MethodGet, incomingBase, ""); r.status != http.StatusInternalServerError || r.errorBody(t).Errors == nil {
		t.Errorf("FailNext(100, 500): %d %s", r.status, r.body)
	}
	jt.FailNext(0, 0)
	if r := jt.admin(t, http.MethodGet, incomingBase, ""); r.status != http.StatusOK {
		t.Errorf("after FailNext(0, 0): %d", r.status)
	}

	// Matching failures hit only their method and path prefix.
	jt.FailNextMatching(1, http.StatusTooManyRequests, http.MethodPost, incomingBase)
	if r := jt.admin(t, http.MethodGet, incomingBase, ""); r.status != http.StatusOK {
		t.Errorf("GET with a POST failure pending: %d", r.status)
	}
	if r := jt.admin(t, http.MethodPost, outgoingBase, outgoingJSONBody(t, nil)); r.status != http.StatusOK {
		t.Errorf("POST elsewhere with a failure pending: %d %s", r.status, r.body)
	}
	body := `{"name":"N","redirects":["https://a.example.com/cb"],"scope":"READ"}`
	if r := jt.admin(t, http.MethodPost, incomingBase, body); r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("matching POST: %d (Retry-After %q), want 429 with Retry-After", r.status, r.header.Get("Retry-After"))
	}
	if n := len(jt.IncomingLinks()); n != 0 {
		t.Errorf("a failed-before-handling create stored %d links", n)
	}

	// After handling: the create happens, the answer is lost.
	jt.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)
	if r := jt.admin(t, http.MethodPost, incomingBase, body); r.status != http.StatusBadGateway {
		t.Errorf("POST failing after handling: %d, want 502", r.status)
	}
	if n := len(jt.IncomingLinks()); n != 1 {
		t.Errorf("after a lost answer Jira holds %d links, want 1", n)
	}
	if r := jt.admin(t, http.MethodPost, incomingBase, body); r.status != http.StatusBadRequest {
		t.Errorf("the retried create: %d, want 400 (the name is taken)", r.status)
	}

	// Every request was recorded, failures included.
	if n := jt.CountRequests(http.MethodPost, incomingBase); n != 3 {
		t.Errorf("CountRequests(POST incoming) = %d, want 3", n)
	}
	reqs := jt.Requests()
	if len(reqs) != 10 {
		t.Fatalf("recorded %d requests, want 10: %+v", len(reqs), reqs)
	}
	if first := reqs[0]; first.Method != http.MethodGet || first.Path != outgoingBase || first.Status != http.StatusServiceUnavailable || first.User != "" {
		t.Errorf("first request recorded as %+v", first)
	}
	if last := reqs[len(reqs)-1]; last.Status != http.StatusBadRequest || last.User != "admin" {
		t.Errorf("last request recorded as %+v", last)
	}
	jt.admin(t, http.MethodGet, outgoingBase+"/get-redirect-uri?authorizationEndpoint=x", "")
	if last := jt.Requests()[len(jt.Requests())-1]; last.Query != "authorizationEndpoint=x" {
		t.Errorf("query recorded as %q", last.Query)
	}
}

func TestJiraHooks(t *testing.T) {
	jt := startJiraTest(t)
	secret := "ui-secret"
	id := jt.AddOutgoingLink(OutgoingLink{
		Name: "From the UI", Type: "microsoft", ClientID: "c", ClientSecret: &secret,
		AuthorizationEndpoint: commonAuthorize, TokenEndpoint: commonToken, Scopes: []string{"b", "a", "a"},
	})
	secret = "changed by the caller"
	l, ok := jt.OutgoingLink(id)
	if !ok || l.Type != "MICROSOFT" || l.RedirectURISuffix != commonSuffix || strings.Join(l.Scopes, ",") != "a,b" || jt.OutgoingSecret(id) != "ui-secret" {
		t.Fatalf("AddOutgoingLink stored %+v (secret %q)", l, jt.OutgoingSecret(id))
	}
	// Copies: changing what a hook returned changes nothing stored.
	l.Scopes[0] = "z"
	*l.ClientSecret = "z"
	if again, _ := jt.OutgoingLink(id); again.Scopes[0] != "a" || *again.ClientSecret != "ui-secret" {
		t.Errorf("OutgoingLink returned shared state")
	}
	if !jt.EditOutgoingLink(id, func(l *OutgoingLink) { l.Scopes = append(l.Scopes, "c"); l.Description = "edited" }) {
		t.Error("EditOutgoingLink: link not found")
	}
	got := outgoingRaw(t, jt.admin(t, http.MethodGet, outgoingBase+"/"+id, ""))
	if got["description"] != "edited" || len(got["scopes"].([]any)) != 3 || got["clientSecret"] != nil {
		t.Errorf("GET after an edit in the UI: %v", got)
	}
	if !jt.DeleteOutgoingLink(id) || jt.DeleteOutgoingLink(id) || jt.EditOutgoingLink(id, func(*OutgoingLink) {}) || jt.OutgoingSecret(id) != "" {
		t.Error("DeleteOutgoingLink / EditOutgoingLink report existence wrongly")
	}
	if r := jt.admin(t, http.MethodGet, outgoingBase+"/"+id, ""); r.status != http.StatusNotFound {
		t.Errorf("GET after a delete in the UI: %d", r.status)
	}

	in := jt.AddIncomingLink(IncomingLink{Name: "CI", Redirects: []string{"https://b.example.com", "https://a.example.com"}, Scope: "WRITE"})
	if len(in.ClientID) != 32 || len(in.ClientSecret) != 64 || in.UserKey != AdminUserKey || in.Redirects[0] != "https://a.example.com" || in.ID == "" {
		t.Fatalf("AddIncomingLink stored %+v", in)
	}
	jt.EditIncomingLink(in.ID, func(l *IncomingLink) { l.ClientSecret = "reset-in-ui"; l.Scope = "ADMIN" })
	var read IncomingLink
	jt.admin(t, http.MethodGet, incomingBase+"/"+in.ID, "").decode(t, &read)
	if read.ClientSecret != "reset-in-ui" || read.Scope != "ADMIN" {
		t.Errorf("GET after an edit in the UI: %+v", read)
	}
	if !jt.DeleteIncomingLink(in.ID) || jt.DeleteIncomingLink(in.ID) {
		t.Error("DeleteIncomingLink reports existence wrongly")
	}
	if r := jt.admin(t, http.MethodGet, incomingBase+"/"+in.ID, ""); r.status != http.StatusNotFound {
		t.Errorf("GET after a delete in the UI: %d", r.status)
	}
	// Ids: numeric for incoming links, distinct for both kinds.
	a := jt.AddIncomingLink(IncomingLink{Name: "A"})
	b := jt.AddIncomingLink(IncomingLink{Name: "B"})
	if a.ID == b.ID || a.ID == in.ID || strings.Trim(a.ID+b.ID, "0123456789") != "" {
		t.Errorf("incoming ids %q, %q, %q", in.ID, a.ID, b.ID)
	}
	if x, y := jt.AddOutgoingLink(OutgoingLink{Name: "X"}), jt.AddOutgoingLink(OutgoingLink{Name: "Y"}); x == y || x == "" {
		t.Errorf("outgoing ids %q, %q", x, y)
	}
	if names := jt.OutgoingLinks(); len(names) != 2 || names[0].Name != "X" || names[1].Name != "Y" {
		t.Errorf("OutgoingLinks = %+v, want X then Y", names)
	}
}

func TestJiraConcurrentCreates(t *testing.T) {
	jt := startJiraTest(t)
	const n = 20
	var wg sync.WaitGroup
	statuses := make([]int, 2*n)
	post := func(path, body string) int {
		req, _ := http.NewRequest(http.MethodPost, jt.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+jiraTestToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range n {
		outgoing := outgoingJSONBody(t, set("name", fmt.Sprint("L", i)))
		wg.Go(func() { statuses[i] = post(outgoingBase, outgoing) })
		wg.Go(func() { // all with the same name: exactly one wins
			statuses[n+i] = post(incomingBase, `{"name":"Same","redirects":["https://a.example.com/cb"],"scope":"READ"}`)
		})
	}
	wg.Wait()
	ok := 0
	for i, s := range statuses {
		if i < n && s != http.StatusOK {
			t.Errorf("outgoing create %d: %d", i, s)
		}
		if i >= n && s == http.StatusOK {
			ok++
		}
	}
	if ok != 1 || len(jt.IncomingLinks()) != 1 {
		t.Errorf("%d concurrent creates with one name succeeded, %d stored; want 1", ok, len(jt.IncomingLinks()))
	}
	ids := map[string]bool{}
	for _, l := range jt.OutgoingLinks() {
		ids[l.ID] = true
	}
	if len(ids) != n || jt.CountRequests(http.MethodPost, outgoingBase) != n {
		t.Errorf("%d distinct outgoing ids, %d creates recorded; want %d", len(ids), jt.CountRequests(http.MethodPost, outgoingBase), n)
	}
}
