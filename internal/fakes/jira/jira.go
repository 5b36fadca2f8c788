// Package jira fakes Jira Data Center's OAuth 2.0 admin REST API: the outgoing links (Jira as
// OAuth client) of /work/shared/design/jira-outgoing-oauth2-api.md and the incoming links (Jira as
// OAuth provider) of jira-incoming-oauth2-api.md, with their quirks, as Fake; Server is one started
// for a test with an administrator's personal access token. It computes what it checks (the
// redirect URI suffix) from those facts alone: it shares no code with the provider's Jira client,
// which it exists to test.
package jira

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Fake is a fake of Jira Data Center's OAuth 2.0 admin REST API: the outgoing links of the
// atlassian-oauth2-client plugin under /rest/oauth2-client/latest/config and the incoming links
// of the atlassian-oauth2-provider plugin under /rest/oauth2/latest/client (both 3.1.5), as
// /work/shared/design/jira-outgoing-oauth2-api.md and jira-incoming-oauth2-api.md ("the facts")
// describe them. It keeps the quirks a client must cope with rather than what a client would
// wish: POST answers 200 (not 201), outgoing PUT answers 204 without a body and replaces the
// whole link, types come back upper-case, outgoing client secrets are never returned, incoming
// updates are partial, DELETE of an incoming link answers 200 with the deleted entity, a missing
// outgoing link by name is a 404 with an empty body, and anyone who is not a system
// administrator gets 401, not 403.
//
// Served (relative to the fake's root, which stands for Jira's base URL):
//
//	GET    /rest/oauth2-client/latest/config
//	POST   /rest/oauth2-client/latest/config
//	GET    /rest/oauth2-client/latest/config/{id}
//	PUT    /rest/oauth2-client/latest/config/{id}
//	DELETE /rest/oauth2-client/latest/config/{id}
//	GET    /rest/oauth2-client/latest/config/name/{name}
//	GET    /rest/oauth2-client/latest/config/get-redirect-uri?authorizationEndpoint=…
//	GET    /rest/oauth2-client/latest/config/is-name-unique?id=…&name=…
//	GET    /rest/oauth2/latest/client
//	POST   /rest/oauth2/latest/client
//	GET    /rest/oauth2/latest/client/{id}
//	PUT    /rest/oauth2/latest/client/{id}
//	DELETE /rest/oauth2/latest/client/{id}
//	PUT    /rest/oauth2/latest/client/reset/{clientId}
//
// Not served: the browser-bound "test connection" flow (/config/flow) and the OAuth endpoints
// incoming clients use (/authorize, /token, /revoke, metadata).
//
// Callers authenticate with a personal access token (Authorization: Bearer) or Basic auth, as
// registered with AddAdminToken, AddAdminUser, AddUserToken and AddUser. Test hooks read and
// change the stored links "behind Terraform's back", inject failures and list the requests seen.
// All methods are safe for concurrent use.
type Fake struct {
	mu       sync.Mutex
	users    map[string]*account // by username
	tokens   map[string]string   // personal access token → username
	nextUser int                 // numeric part of the next user key
	baseURL  string              // "" derives it from each request, see SetBaseURL

	outgoing     map[string]*OutgoingLink
	outgoingSeq  map[string]int // creation order of outgoing links, for listing
	nextOutgoing int
	incoming     map[string]*IncomingLink
	nextIncoming int

	requests []Request
	failures fakeserver.Failures

	// AllowHTTPEndpoints lets outgoing links use http authorization and token endpoints, as the
	// system properties atlassian.oauth2.client.skip.provider.https.requirement and
	// atlassian.dev.mode do on a test Jira (tests point endpoints at loopback fakes). Set it
	// before the fake serves requests, or use SetAllowHTTPEndpoints.
	AllowHTTPEndpoints bool
}

// OutgoingLink is an outgoing link (Jira as OAuth client) as Jira stores it. The JSON names
// are the wire names; Jira never sends ClientSecret back (it answers null).
type OutgoingLink struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Type is stored as Jira answers it: GOOGLE, MICROSOFT or GENERIC.
	Type     string `json:"type"`
	ClientID string `json:"clientId"`
	// ClientSecret is the stored secret; nil only for links added by a test without one.
	ClientSecret          *string  `json:"clientSecret"`
	AuthorizationEndpoint string   `json:"authorizationEndpoint"`
	TokenEndpoint         string   `json:"tokenEndpoint"`
	Scopes                []string `json:"scopes"`
	RedirectURISuffix     string   `json:"redirectUriSuffix"`
}

// IncomingLink is an incoming link (an OAuth client of Jira) as Jira stores and returns it,
// client secret included.
type IncomingLink struct {
	ID           string   `json:"id"`
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	Name         string   `json:"name"`
	Redirects    []string `json:"redirects"`
	UserKey      string   `json:"userKey"`
	Scope        string   `json:"scope"`
}

// Request is what the fake saw of one request.
type Request struct {
	Method string
	Path   string // URL path, decoded
	Query  string // raw query, without "?"
	User   string // the authenticated username; "" when authentication failed or was not reached
	Status int    // the status answered, injected failures included
}

// AdminUserKey is the user key of "admin", the system administrator that the tokens passed
// to New and AddAdminToken belong to. Incoming links created with them carry it as userKey.
const AdminUserKey = "JIRAUSER10000"

// adminUsername and userUsername own the tokens of AddAdminToken and AddUserToken.
const (
	adminUsername = "admin"
	userUsername  = "user"
)

type account struct {
	name     string
	key      string // JIRAUSERnnnnn, as Jira gives users created since Jira 8
	password string // "" means Basic auth is refused for this user
	admin    bool   // a system administrator
}

// New returns a fake that knows the user "admin" (user key AdminUserKey), a system
// administrator whose personal access tokens are adminTokens, and no link.
func New(adminTokens ...string) *Fake {
	j := &Fake{
		users:        map[string]*account{},
		tokens:       map[string]string{},
		nextUser:     10000,
		outgoing:     map[string]*OutgoingLink{},
		outgoingSeq:  map[string]int{},
		incoming:     map[string]*IncomingLink{},
		nextIncoming: 1,
	}
	j.userLocked(adminUsername).admin = true
	for _, t := range adminTokens {
		j.tokens[t] = adminUsername
	}
	return j
}

// userLocked returns the user with the given name, creating it (not an administrator, no
// password) with the next user key when it is new. j.mu must be held.
func (j *Fake) userLocked(username string) *account {
	u := j.users[username]
	if u == nil {
		u = &account{name: username, key: "JIRAUSER" + strconv.Itoa(j.nextUser)}
		j.nextUser++
		j.users[username] = u
	}
	return u
}

// AddAdminToken accepts token as a personal access token of "admin", a system administrator.
func (j *Fake) AddAdminToken(token string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.tokens[token] = adminUsername
}

// AddUserToken accepts token as a personal access token of "user", who is not a system
// administrator: the admin API answers it 401, as it answers anyone unauthenticated.
func (j *Fake) AddUserToken(token string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	u := j.userLocked(userUsername)
	u.admin = false
	j.tokens[token] = userUsername
}

// AddAdminUser makes username a system administrator who signs in with Basic auth and password.
// A new user gets the next user key (JIRAUSER10001, …); see UserKey.
func (j *Fake) AddAdminUser(username, password string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	u := j.userLocked(username)
	u.password, u.admin = password, true
}

// AddUser makes username a user who is not a system administrator and signs in with Basic auth
// and password.
func (j *Fake) AddUser(username, password string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	u := j.userLocked(username)
	u.password, u.admin = password, false
}

// UserKey returns the user key of a known user ("" for an unknown one): what incoming links
// created by that user carry as userKey.
func (j *Fake) UserKey(username string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if u := j.users[username]; u != nil {
		return u.key
	}
	return ""
}

// SetBaseURL sets Jira's base URL (its "Base URL" setting), which redirect URIs start with.
// Until it is set, the fake derives it from each request: https when the request came over TLS,
// else http, then the Host header, without a context path.
func (j *Fake) SetBaseURL(baseURL string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.baseURL = strings.TrimRight(baseURL, "/")
}

// SetAllowHTTPEndpoints sets AllowHTTPEndpoints while the fake may be serving.
func (j *Fake) SetAllowHTTPEndpoints(allow bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.AllowHTTPEndpoints = allow
}

// --- failure injection and request log ---

// FailNext makes the next n requests, whatever they are, get status (e.g. 500, 503, 429) without
// being handled or even authenticated, as an overloaded Jira or its proxy would answer. It
// replaces every failure still pending, so FailNext(0, 0) ends them all.
func (j *Fake) FailNext(n, status int) {
	j.failures.Replace(n, fakeserver.Failure{Status: status})
}

// FailNextMatching queues n failures like FailNext's that hit only requests with the given
// method ("" for any) whose path starts with pathPrefix ("" for any); other requests pass.
// Failures already pending stay.
func (j *Fake) FailNextMatching(n, status int, method, pathPrefix string) {
	j.failures.Add(n, fakeserver.Failure{Method: method, PathPrefix: pathPrefix, Status: status})
}

// FailNextAfterHandling queues n failures that hit the next authenticated requests with the
// given method ("" for any): Jira handles each request (a create creates), then the answer is
// replaced by status, as when a proxy loses Jira's answer. Failures already pending stay.
func (j *Fake) FailNextAfterHandling(n int, method string, status int) {
	j.failures.Add(n, fakeserver.Failure{Method: method, Status: status, AfterHandling: true})
}

// Requests returns the requests answered so far, in the order they were answered.
func (j *Fake) Requests() []Request {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.requests)
}

// CountRequests counts the requests answered so far with the given method and (decoded) path,
// e.g. the creates: CountRequests("POST", "/rest/oauth2-client/latest/config").
func (j *Fake) CountRequests(method, path string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for _, r := range j.requests {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// --- serving ---

// ServeHTTP implements http.Handler.
func (j *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &fakeserver.StatusRecorder{ResponseWriter: w, Status: http.StatusOK}
	logged := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	defer func() {
		logged.Status = rec.Status
		j.mu.Lock()
		j.requests = append(j.requests, logged)
		j.mu.Unlock()
	}()

	failure, fail := j.failures.Take(r)
	if fail && !failure.AfterHandling {
		writeInjectedFailure(rec, failure.Status)
		return
	}
	user, problem := j.authenticate(r)
	if problem != "" {
		// Both the anonymous and the non-administrator caller get 401 (the facts: "not 403").
		writeError(rec, http.StatusUnauthorized, problem)
		return
	}
	logged.User = user.name
	if fail {
		j.route(fakeserver.Discard(), r, user)
		writeInjectedFailure(rec, failure.Status)
		return
	}
	j.route(rec, r, user)
}

// authenticate returns the caller when it is a system administrator, else the message of the
// 401: Atlassian REST's messages for an anonymous and for an unprivileged caller.
func (j *Fake) authenticate(r *http.Request) (*account, string) {
	const (
		anonymous    = "Client must be authenticated to access this resource."
		notSysadmin  = "Client must be authenticated as a system administrator to access this resource."
		bearerScheme = "bearer "
	)
	j.mu.Lock()
	defer j.mu.Unlock()
	var u *account
	header := r.Header.Get("Authorization")
	if len(header) > len(bearerScheme) && strings.EqualFold(header[:len(bearerScheme)], bearerScheme) {
		// Authentication schemes are case-insensitive (RFC 9110 §11.1).
		if name, ok := j.tokens[strings.TrimSpace(header[len(bearerScheme):])]; ok {
			u = j.users[name]
		}
	} else if name, password, ok := r.BasicAuth(); ok {
		if known := j.users[name]; known != nil && known.password != "" && known.password == password {
			u = known
		}
	}
	switch {
	case u == nil:
		return nil, anonymous
	case !u.admin:
		return nil, notSysadmin
	}
	c := *u
	return &c, ""
}

// route dispatches an authenticated request. Literal paths (name/…, get-redirect-uri,
// is-name-unique, reset/…) win over {id}, as in JAX-RS.
func (j *Fake) route(w http.ResponseWriter, r *http.Request, user *account) {
	const outgoing, incoming = "/rest/oauth2-client/latest/config", "/rest/oauth2/latest/client"
	p := r.URL.Path
	switch {
	case p == outgoing:
		switch r.Method {
		case http.MethodGet:
			j.listOutgoing(w)
		case http.MethodPost:
			j.createOutgoing(w, r)
		default:
			methodNotAllowed(w, http.MethodGet, http.MethodPost)
		}
	case strings.HasPrefix(p, outgoing+"/name/"):
		if r.Method != http.MethodGet {
			methodNotAllowed(w, http.MethodGet)
			return
		}
		j.outgoingByName(w, strings.TrimPrefix(p, outgoing+"/name/"))
	case p == outgoing+"/get-redirect-uri":
		if r.Method != http.MethodGet {
			methodNotAllowed(w, http.MethodGet)
			return
		}
		j.redirectURI(w, r)
	case p == outgoing+"/is-name-unique":
		if r.Method != http.MethodGet {
			methodNotAllowed(w, http.MethodGet)
			return
		}
		j.isNameUnique(w, r)
	case isSegment(p, outgoing+"/"):
		j.outgoingByID(w, r, strings.TrimPrefix(p, outgoing+"/"))
	case p == incoming:
		switch r.Method {
		case http.MethodGet:
			j.listIncoming(w)
		case http.MethodPost:
			j.createIncoming(w, r, user)
		default:
			methodNotAllowed(w, http.MethodGet, http.MethodPost)
		}
	case isSegment(p, incoming+"/reset/"):
		if r.Method != http.MethodPut {
			methodNotAllowed(w, http.MethodPut)
			return
		}
		j.resetIncoming(w, strings.TrimPrefix(p, incoming+"/reset/"))
	case isSegment(p, incoming+"/"):
		j.incomingByID(w, r, strings.TrimPrefix(p, incoming+"/"))
	default:
		// Atlassian REST's answer for a path no resource matches.
		fakeserver.WriteJSON(w, http.StatusNotFound, map[string]any{"message": "null for uri: " + r.URL.String(), "status-code": http.StatusNotFound})
	}
}

// isSegment reports whether p is prefix followed by one non-empty path segment.
func isSegment(p, prefix string) bool {
	rest, ok := strings.CutPrefix(p, prefix)
	return ok && rest != "" && !strings.Contains(rest, "/")
}

// --- test hooks: what an administrator could do in Jira's UI, behind Terraform's back ---

// AddOutgoingLink stores a link as if an administrator had created it in Jira's UI, without
// validating it, and returns its new id. Type is upper-cased, scopes are sorted and
// de-duplicated, and an empty RedirectURISuffix is derived from AuthorizationEndpoint.
func (j *Fake) AddOutgoingLink(l OutgoingLink) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	l.Type = strings.ToUpper(l.Type)
	l.Scopes = normaliseScopes(l.Scopes)
	if l.RedirectURISuffix == "" {
		l.RedirectURISuffix = redirectURISuffix(l.AuthorizationEndpoint)
	}
	if l.ClientSecret != nil {
		s := *l.ClientSecret
		l.ClientSecret = &s
	}
	j.storeOutgoingLocked(&l)
	return l.ID
}

// OutgoingLink returns a copy of a stored outgoing link, secret included.
func (j *Fake) OutgoingLink(id string) (OutgoingLink, bool) {
	return fakeserver.CopyOf(&j.mu, j.outgoing, id, (*OutgoingLink).clone)
}

// OutgoingLinks returns copies of every stored outgoing link, secrets included, oldest first.
func (j *Fake) OutgoingLinks() []OutgoingLink {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.outgoingListLocked(false)
}

// OutgoingSecret returns the client secret Jira stores for an outgoing link; "" when the link
// does not exist or has none.
func (j *Fake) OutgoingSecret(id string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if l, ok := j.outgoing[id]; ok && l.ClientSecret != nil {
		return *l.ClientSecret
	}
	return ""
}

// EditOutgoingLink changes a stored outgoing link in place, without validation (the ID must
// stay), and reports whether the link exists.
func (j *Fake) EditOutgoingLink(id string, edit func(*OutgoingLink)) bool {
	return fakeserver.EditStored(&j.mu, j.outgoing, id, edit)
}

// DeleteOutgoingLink deletes a stored outgoing link and reports whether it existed.
func (j *Fake) DeleteOutgoingLink(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.outgoing[id]
	delete(j.outgoing, id)
	delete(j.outgoingSeq, id)
	return ok
}

// AddIncomingLink stores an incoming link as if an administrator had created it in Jira's UI,
// without validating it, and returns it as stored: with a new ID, a generated ClientID and
// ClientSecret unless given, UserKey AdminUserKey unless given, and redirects sorted and
// de-duplicated.
func (j *Fake) AddIncomingLink(l IncomingLink) IncomingLink {
	j.mu.Lock()
	defer j.mu.Unlock()
	if l.ClientID == "" {
		l.ClientID = newIncomingClientID()
	}
	if l.ClientSecret == "" {
		l.ClientSecret = newIncomingClientSecret()
	}
	if l.UserKey == "" {
		l.UserKey = AdminUserKey
	}
	l.Redirects = sortedSet(l.Redirects)
	j.storeIncomingLocked(&l)
	return l.clone()
}

// IncomingLink returns a copy of a stored incoming link.
func (j *Fake) IncomingLink(id string) (IncomingLink, bool) {
	return fakeserver.CopyOf(&j.mu, j.incoming, id, (*IncomingLink).clone)
}

// IncomingLinks returns copies of every stored incoming link, oldest first.
func (j *Fake) IncomingLinks() []IncomingLink {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.incomingListLocked()
}

// EditIncomingLink changes a stored incoming link in place, without validation (the ID must
// stay), and reports whether the link exists. Setting ClientSecret is how a test "resets the
// secret in the UI".
func (j *Fake) EditIncomingLink(id string, edit func(*IncomingLink)) bool {
	return fakeserver.EditStored(&j.mu, j.incoming, id, edit)
}

// DeleteIncomingLink deletes a stored incoming link and reports whether it existed.
func (j *Fake) DeleteIncomingLink(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.incoming[id]
	delete(j.incoming, id)
	return ok
}

// --- helpers shared by both APIs ---

// errorBody is the body of the plugins' mapped errors.
type errorBody struct {
	Errors      []string            `json:"errors"`
	FieldErrors map[string][]string `json:"fieldErrors"`
}

// writeErrorBody answers a mapped error: application/json and Cache-Control: no-store,
// no-cache, as the facts give for every mapped error.
func writeErrorBody(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Cache-Control", "no-store, no-cache")
	fakeserver.WriteJSON(w, status, body)
}

// writeError answers {"errors":[msg],"fieldErrors":{}}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeErrorBody(w, status, errorBody{Errors: []string{msg}, FieldErrors: map[string][]string{}})
}

// writeFieldErrors answers 400 {"errors":[],"fieldErrors":{…}}.
func writeFieldErrors(w http.ResponseWriter, fields map[string][]string) {
	writeErrorBody(w, http.StatusBadRequest, errorBody{Errors: []string{}, FieldErrors: fields})
}

// writeInjectedFailure answers an injected failure. A 429 carries Retry-After: 1, as Jira's
// rate limiter sends the seconds to wait.
func writeInjectedFailure(w http.ResponseWriter, status int) {
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	writeError(w, status, "injected failure: "+http.StatusText(status))
}

// methodNotAllowed is JAX-RS's answer for a known path and another method: 405, an Allow
// header, no body.
func methodNotAllowed(w http.ResponseWriter, allowed ...string) {
	w.Header().Set("Allow", strings.Join(allowed, ","))
	w.WriteHeader(http.StatusMethodNotAllowed)
}

// readPutBody starts the answer to a request for a link by id: it answers 405 to a method other
// than GET, PUT and DELETE, and reads a PUT's body with read, which answers a malformed one (400)
// before the link is looked up, as Jira does. It reports whether to go on.
func readPutBody[T any](w http.ResponseWriter, r *http.Request, read func(http.ResponseWriter, *http.Request) (T, bool)) (T, bool) {
	switch r.Method {
	case http.MethodGet, http.MethodDelete:
		var none T
		return none, true
	case http.MethodPut:
		return read(w, r)
	default:
		methodNotAllowed(w, http.MethodGet, http.MethodPut, http.MethodDelete)
		var none T
		return none, false
	}
}

// randomHex returns n random bytes in lower-case hex (2n characters).
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails, see crypto/rand.Read
	return hex.EncodeToString(b)
}

// sortedSet returns the strings sorted and de-duplicated, never nil.
func sortedSet(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}
