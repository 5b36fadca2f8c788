// Package externaldata fakes the External Data management API, the contract that
// /work/shared/design/external-data-api.md defines for External Data for Jira fields and External
// Data for Confluence (its vendor publishes none): data sources under /api/v1, with write-only
// secrets, ETags, "Authenticate" and "Save and test" that really call out. Fake is the service,
// Server one started for a test with an administrator's API token; TrustEntra makes it accept the
// access tokens of the Entra fake (package entra).
package externaldata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Fake is a fake of the External Data management API, the contract that
// /work/shared/design/external-data-api.md defines ("the facts"): data sources of External Data
// for Jira fields and External Data for Confluence, under /api/v1.
//
//	GET    /api/v1/data-sources?cursor=…&limit=…
//	POST   /api/v1/data-sources
//	GET    /api/v1/data-sources/{id}
//	PUT    /api/v1/data-sources/{id}                (If-Match required)
//	DELETE /api/v1/data-sources/{id}
//	POST   /api/v1/data-sources/{id}/test
//	POST   /api/v1/data-sources/{id}/authenticate
//
// It keeps what a client must cope with: write-only secrets are never returned, an omitted one on
// PUT keeps the stored value and null clears it, version and ETag move on every change (also the
// ones made "in the UI" with Edit and Touch), a stale If-Match is refused with 412 and a missing
// one with 428, names are unique per app (409), and authorization-code sources stay
// unauthenticated until a test consents for an administrator (Consent). "Authenticate" and
// "Save and test" really call out: the first fetches a client-credentials token from the
// source's token URL, the second requests the source's URL with its authentication.
//
// Callers authenticate with an API token (New, AddReadOnlyToken) or, after TrustEntra,
// with an access token the Entra fake issued for the API. Test hooks change the stored sources
// behind Terraform's back, inject failures and list the requests seen. All methods are safe for
// concurrent use.
type Fake struct {
	mu             sync.Mutex
	adminTokens    map[string]bool
	readOnlyTokens map[string]bool
	issuer         *entra.Fake // trusted issuer of access tokens, see TrustEntra
	audience       string
	anyPort        bool

	sources  map[string]*Source
	order    []string          // ids in creation order, for listing
	held     map[string]string // id → the access token the service holds for the source
	nextID   int
	requests []Request
	failures fakeserver.Failures
	hooks    []hook
	tester   func(Source, map[string]string) *TestResult

	// outbound calls token endpoints and data-source URLs for /authenticate and /test.
	outbound *http.Client
}

// Source is a data source as the service stores it, secrets included. The JSON names
// are the wire names; ToWire drops the write-only fields for an answer.
type Source struct {
	ID        string    `json:"id"`
	App       string    `json:"app"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	URL       *URL      `json:"url"`
	Database  *Database `json:"database"`
	Auth      *Auth     `json:"auth"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// URL is a REST data source.
type URL struct {
	URL          string            `json:"url"`
	Method       string            `json:"method"`
	ContentType  *string           `json:"content_type"`
	Body         *string           `json:"body"`
	ResponseType string            `json:"response_type"`
	Headers      map[string]string `json:"headers"`
}

// Database is a database data source. Password and ClientKey are write-only.
type Database struct {
	Driver     string  `json:"driver"`
	Host       string  `json:"host"`
	Port       int64   `json:"port"`
	Database   *string `json:"database"`
	Username   *string `json:"username"`
	Password   *string `json:"password,omitempty"`
	Query      string  `json:"query"`
	SSLMode    *string `json:"ssl_mode"`
	ServerCA   *string `json:"server_ca"`
	ClientCert *string `json:"client_cert"`
	ClientKey  *string `json:"client_key,omitempty"`
}

// Auth is how a source authenticates to its URL: Type and the block it names.
type Auth struct {
	Type         string        `json:"type"`
	Basic        *Basic        `json:"basic,omitempty"`
	Bearer       *Bearer       `json:"bearer,omitempty"`
	CustomHeader *CustomHeader `json:"custom_header,omitempty"`
	OAuth2       *OAuth2       `json:"oauth2,omitempty"`
}

// Basic is HTTP Basic authentication; Password is write-only.
type Basic struct {
	Username string  `json:"username"`
	Password *string `json:"password,omitempty"`
}

// Bearer is a fixed bearer token, write-only.
type Bearer struct {
	Token *string `json:"token,omitempty"`
}

// CustomHeader is one header whose Value is write-only.
type CustomHeader struct {
	Name  string  `json:"name"`
	Value *string `json:"value,omitempty"`
}

// OAuth2 is an OAuth 2.0 client; ClientSecret is write-only, CallbackURL and
// Authenticated are set by the service.
type OAuth2 struct {
	GrantType     string   `json:"grant_type"`
	ClientID      string   `json:"client_id"`
	ClientSecret  *string  `json:"client_secret,omitempty"`
	AuthURL       *string  `json:"auth_url"`
	TokenURL      string   `json:"token_url"`
	RevokeURL     *string  `json:"revoke_url"`
	Scopes        []string `json:"scopes"`
	CallbackURL   string   `json:"callback_url"`
	Authenticated bool     `json:"authenticated"`
}

// Request is what the fake saw of one request. Body is the request body as sent,
// secrets included: tests use it to check which secrets a client sends.
type Request struct {
	Method  string
	Path    string // URL path, decoded
	Query   string // raw query, without "?"
	IfMatch string
	Body    []byte
	Status  int // the status answered, injected failures included
}

// TestResult is the answer of "Save and test".
type TestResult struct {
	OK      bool   `json:"ok"`
	Status  int    `json:"status"`
	Message string `json:"message"`
	Sample  any    `json:"sample"`
}

type hook struct {
	method, path string
	fn           func()
}

const apiPrefix = "/api/v1"

// Callback URLs the service answers per app: the redirect URI to register at the OAuth provider.
var callbackURLs = map[string]string{
	"jira":       "https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth",
	"confluence": "https://external-data-for-confluence.codefortynine.com/signin-dynamic-oauth",
}

// New returns a fake with no data source that accepts the given API tokens as an
// administrator's.
func New(apiTokens ...string) *Fake {
	ed := &Fake{
		adminTokens:    map[string]bool{},
		readOnlyTokens: map[string]bool{},
		sources:        map[string]*Source{},
		held:           map[string]string{},
		outbound:       &http.Client{Timeout: 5 * time.Second},
	}
	for _, t := range apiTokens {
		ed.adminTokens[t] = true
	}
	return ed
}

// AddReadOnlyToken accepts token for reading only: anything else answers 403, as for a token
// without admin rights.
func (ed *Fake) AddReadOnlyToken(token string) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.readOnlyTokens[token] = true
}

// TrustEntra also accepts access tokens that entra issued for audience (the aud claim), as a
// deployment that hands out OAuth 2.0 client credentials for its API does.
func (ed *Fake) TrustEntra(issuer *entra.Fake, audience string) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.issuer, ed.audience = issuer, audience
}

// AllowAnyPort accepts URLs on any port. The product connects to a fixed list of ports only, which
// loopback test servers on random ports are not in.
func (ed *Fake) AllowAnyPort() {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.anyPort = true
}

// Add stores a data source as an administrator would create it in the UI, without validation,
// and returns it with its id, version and callback URL.
func (ed *Fake) Add(ds Source) Source {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	stored := ds.clone()
	ed.createLocked(&stored)
	return stored.clone()
}

// Get returns a copy of a stored data source, secrets included.
func (ed *Fake) Get(id string) (Source, bool) {
	return fakeserver.CopyOf(&ed.mu, ed.sources, id, (*Source).clone)
}

// List returns copies of the stored data sources in creation order.
func (ed *Fake) List() []Source {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	out := make([]Source, 0, len(ed.order))
	for _, id := range ed.order {
		out = append(out, ed.sources[id].clone())
	}
	return out
}

// Edit changes a stored data source as an administrator could in the UI: version and ETag move.
// It reports whether the source exists.
func (ed *Fake) Edit(id string, edit func(*Source)) bool {
	return fakeserver.EditStored(&ed.mu, ed.sources, id, func(ds *Source) {
		edit(ds)
		ed.bumpLocked(ds)
	})
}

// Touch saves a data source again without a change, as pressing "Save" in the UI does: only
// version and ETag move.
func (ed *Fake) Touch(id string) bool { return ed.Edit(id, func(*Source) {}) }

// Delete deletes a data source behind the client's back and reports whether it existed.
func (ed *Fake) Delete(id string) bool {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	return ed.deleteLocked(id)
}

// Consent authenticates an authorization-code source as an administrator does by pressing
// "Authenticate" and consenting in a browser. It reports whether id is such a source.
func (ed *Fake) Consent(id string) bool {
	return ed.setHeldToken(id, "authorization_code", "consented-access-token-"+fakeserver.NewGUID())
}

// RevokeConsent drops an authorization-code source's token, as revoking its refresh token at the
// OAuth provider does.
func (ed *Fake) RevokeConsent(id string) bool {
	return ed.setHeldToken(id, "authorization_code", "")
}

// LoseToken drops a client-credentials source's token, as the service does when the token
// endpoint refuses the client credentials at a renewal (the client secret expired or was deleted).
// It reports whether id is such a source.
func (ed *Fake) LoseToken(id string) bool {
	return ed.setHeldToken(id, "client_credentials", "")
}

// setHeldToken records the token the service holds for an OAuth 2.0 source of grantType ("" for
// none) and reports whether id is such a source.
func (ed *Fake) setHeldToken(id, grantType, token string) bool {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ds, ok := ed.sources[id]
	if !ok || ds.oauth2() == nil || ds.oauth2().GrantType != grantType {
		return false
	}
	ds.oauth2().Authenticated = token != ""
	if token == "" {
		delete(ed.held, id)
	} else {
		ed.held[id] = token
	}
	return true
}

// Secret returns the stored value of a write-only field, named by its JSON path
// ("auth.oauth2.client_secret", "auth.basic.password", "auth.bearer.token",
// "auth.custom_header.value", "database.password", "database.client_key").
func (ed *Fake) Secret(id, field string) (string, bool) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ds, ok := ed.sources[id]
	if !ok {
		return "", false
	}
	for _, s := range ds.secrets() {
		if s.path == field && *s.value != nil {
			return **s.value, true
		}
	}
	return "", false
}

// FailNext answers the next n requests with status and an error body instead of handling them
// (429 with Retry-After: 0). FailNext(0, 0) clears every injected failure.
func (ed *Fake) FailNext(n, status int) { ed.FailNextMatching(n, status, "", "") }

// FailNextMatching answers the next n requests with this method and a path starting with
// pathPrefix ("" matches any) with status instead of handling them.
func (ed *Fake) FailNextMatching(n, status int, method, pathPrefix string) {
	ed.addFailures(n, fakeserver.Failure{Status: status, Method: method, PathPrefix: pathPrefix})
}

// FailNextAfterHandling handles the next n requests with this method, then answers status
// instead of their answer, as a gateway that times out after the service acted does.
func (ed *Fake) FailNextAfterHandling(n int, method string, status int) {
	ed.addFailures(n, fakeserver.Failure{Status: status, Method: method, AfterHandling: true})
}

// addFailures queues n copies of f; n <= 0 ends every failure still pending.
func (ed *Fake) addFailures(n int, f fakeserver.Failure) {
	if n <= 0 {
		ed.failures.Replace(0, f)
		return
	}
	ed.failures.Add(n, f)
}

// BeforeNext runs fn once, before the next request with this method and a path starting with
// pathPrefix is handled: a change made "in the UI" between a client's read and its write.
func (ed *Fake) BeforeNext(method, pathPrefix string, fn func()) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.hooks = append(ed.hooks, hook{method: method, path: pathPrefix, fn: fn})
}

// SetTestResult decides the answer of "Save and test" with fn, given the stored source and the
// sample variables; fn returning nil, or SetTestResult(nil), restores the real test.
func (ed *Fake) SetTestResult(fn func(Source, map[string]string) *TestResult) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.tester = fn
}

// Requests returns the requests seen so far, in order.
func (ed *Fake) Requests() []Request {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	out := make([]Request, len(ed.requests))
	for i, r := range ed.requests {
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// CountRequests counts the requests seen with this method and a path starting with pathPrefix.
func (ed *Fake) CountRequests(method, pathPrefix string) int {
	n := 0
	for _, r := range ed.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

func (ed *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "The request body could not be read.", nil)
		return
	}
	record := Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		IfMatch: r.Header.Get("If-Match"), Body: body,
	}
	for _, fn := range ed.takeHooks(r) {
		fn()
	}
	failure, fail := ed.failures.Take(r)
	switch {
	case fail && !failure.AfterHandling:
		record.Status = writeInjected(w, failure.Status)
	case fail:
		ed.handle(fakeserver.Discard(), r, body)
		record.Status = writeInjected(w, failure.Status)
	default:
		rec := &fakeserver.StatusRecorder{ResponseWriter: w}
		ed.handle(rec, r, body)
		record.Status = rec.Status
	}
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ed.requests = append(ed.requests, record)
}

func (ed *Fake) takeHooks(r *http.Request) []func() {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	var due []func()
	kept := ed.hooks[:0]
	for _, h := range ed.hooks {
		if h.method == r.Method && strings.HasPrefix(r.URL.Path, h.path) {
			due = append(due, h.fn)
		} else {
			kept = append(kept, h)
		}
	}
	ed.hooks = kept
	return due
}

func writeInjected(w http.ResponseWriter, status int) int {
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "0")
	}
	return writeError(w, status, "injected", fmt.Sprintf("Injected failure: %d %s.", status, http.StatusText(status)), nil)
}

// handle authenticates and routes a request.
func (ed *Fake) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	if status, message := ed.authorize(r); status != 0 {
		code := map[int]string{http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden"}[status]
		writeError(w, status, code, message, nil)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, apiPrefix+"/data-sources")
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "No such endpoint: "+r.URL.Path+".", nil)
		return
	}
	segments := strings.Split(strings.Trim(rest, "/"), "/")
	switch {
	case rest == "" || rest == "/":
		switch r.Method {
		case http.MethodGet:
			ed.list(w, r)
		case http.MethodPost:
			ed.create(w, body)
		default:
			writeMethodNotAllowed(w, r, "GET, POST")
		}
	case len(segments) == 1:
		switch r.Method {
		case http.MethodGet:
			ed.get(w, segments[0])
		case http.MethodPut:
			ed.replace(w, segments[0], r.Header.Get("If-Match"), body)
		case http.MethodDelete:
			ed.remove(w, segments[0])
		default:
			writeMethodNotAllowed(w, r, "GET, PUT, DELETE")
		}
	case len(segments) == 2 && (segments[1] == "test" || segments[1] == "authenticate"):
		switch {
		case r.Method != http.MethodPost:
			writeMethodNotAllowed(w, r, "POST")
		case segments[1] == "test":
			ed.test(w, r, segments[0], body)
		default:
			ed.authenticate(w, r, segments[0])
		}
	default:
		writeError(w, http.StatusNotFound, "not_found", "No such endpoint: "+r.URL.Path+".", nil)
	}
}

func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request, allowed string) {
	w.Header().Set("Allow", allowed)
	writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed on "+r.URL.Path+".", nil)
}

// authorize returns 0, or the status and message refusing the request's credentials.
func (ed *Fake) authorize(r *http.Request) (int, string) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return http.StatusUnauthorized, "Authentication required: send an API token as Authorization: Bearer <token>."
	}
	ed.mu.Lock()
	admin, readOnly := ed.adminTokens[token], ed.readOnlyTokens[token]
	issuer, audience := ed.issuer, ed.audience
	ed.mu.Unlock()
	if !admin && !readOnly && (issuer == nil || !validAccessToken(issuer, audience, token)) {
		return http.StatusUnauthorized, "The API token is not valid."
	}
	if readOnly && r.Method != http.MethodGet {
		return http.StatusForbidden, "The API token lacks admin rights: managing data sources needs an administrator's token."
	}
	return 0, ""
}

// validAccessToken reports whether token is a current access token issuer issued for audience.
func validAccessToken(issuer *entra.Fake, audience, token string) bool {
	payload, err := issuer.Verify(token)
	if err != nil {
		return false
	}
	var claims struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
	}
	return json.Unmarshal(payload, &claims) == nil && claims.Aud == audience && time.Now().Unix() < claims.Exp
}

func writeError(w http.ResponseWriter, status int, code, message string, fields map[string][]string) int {
	type apiError struct {
		Code    string              `json:"code"`
		Message string              `json:"message"`
		Fields  map[string][]string `json:"fields,omitempty"`
	}
	return fakeserver.WriteJSON(w, status, map[string]apiError{"error": {Code: code, Message: message, Fields: fields}})
}
