package fakes

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// Jira is a fake of Jira Data Center's OAuth 2.0 admin REST API (the atlassian-oauth2-client and
// atlassian-oauth2-provider plugins, 3.1.5), as ../shared/design/jira-*-oauth2-api.md describe
// it: POST answers 200, PUT 204 without a body, types come back upper-case, client secrets of
// outgoing links are never returned, incoming updates are partial. It implements http.Handler and
// is safe for concurrent use.
type Jira struct {
	mu          sync.Mutex
	adminTokens map[string]bool
	outgoing    map[string]*JiraOutgoingLink
	incoming    map[string]*JiraIncomingLink
	nextID      int
	requests    []JiraRequest
	failures    []jiraFailure
	// AllowHTTPEndpoints lifts the https requirement on outgoing endpoints, as Jira's
	// atlassian.dev.mode system property does.
	AllowHTTPEndpoints bool
}

// JiraOutgoingLink is an outgoing link as Jira stores it.
type JiraOutgoingLink struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Description           string   `json:"description,omitempty"`
	Type                  string   `json:"type"`
	ClientID              string   `json:"clientId"`
	ClientSecret          *string  `json:"clientSecret"`
	AuthorizationEndpoint string   `json:"authorizationEndpoint"`
	TokenEndpoint         string   `json:"tokenEndpoint"`
	Scopes                []string `json:"scopes"`
	RedirectURISuffix     string   `json:"redirectUriSuffix"`
}

// JiraIncomingLink is an incoming link (OAuth client of Jira) as Jira stores it.
type JiraIncomingLink struct {
	ID           string   `json:"id"`
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	Name         string   `json:"name"`
	Redirects    []string `json:"redirects"`
	UserKey      string   `json:"userKey"`
	Scope        string   `json:"scope"`
}

// JiraRequest is what the fake saw of one request.
type JiraRequest struct {
	Method, Path string
	Status       int
}

type jiraFailure struct {
	method string // "" matches every method
	status int
	after  bool // handle the request, then answer status: the answer is lost, the change is not
}

// jiraAdminUserKey is the user key of the administrator every admin token belongs to.
const jiraAdminUserKey = "JIRAUSER10000"

// NewJira returns a fake that accepts the given personal access tokens as a system
// administrator's.
func NewJira(adminTokens ...string) *Jira {
	j := &Jira{adminTokens: map[string]bool{}, outgoing: map[string]*JiraOutgoingLink{}, incoming: map[string]*JiraIncomingLink{}, nextID: 10100}
	for _, t := range adminTokens {
		j.adminTokens[t] = true
	}
	return j
}

// FailNext makes the next n requests answer status without being handled; n = 0 ends it.
func (j *Jira) FailNext(n, status int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.failures = nil
	for range n {
		j.failures = append(j.failures, jiraFailure{status: status})
	}
}

// FailNextAfterHandling makes the next n requests with the given method be handled and then
// answered with status, as when a proxy loses Jira's answer.
func (j *Jira) FailNextAfterHandling(n int, method string, status int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for range n {
		j.failures = append(j.failures, jiraFailure{method: method, status: status, after: true})
	}
}

// Requests returns the requests seen so far.
func (j *Jira) Requests() []JiraRequest {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.requests)
}

// CountRequests counts the requests with the given method and path.
func (j *Jira) CountRequests(method, path string) int {
	n := 0
	for _, r := range j.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func (j *Jira) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		j.mu.Lock()
		j.requests = append(j.requests, JiraRequest{Method: r.Method, Path: r.URL.Path, Status: rec.status})
		j.mu.Unlock()
	}()
	failure, fail := j.nextFailure(r.Method)
	if fail && !failure.after {
		writeJiraError(rec, failure.status, "injected failure")
		return
	}
	if !j.isAdmin(r) {
		writeJiraError(rec, http.StatusUnauthorized, "Client must be authenticated as a system administrator to access this resource.")
		return
	}
	if fail {
		j.route(discardingWriter{header: http.Header{}}, r)
		writeJiraError(rec, failure.status, "injected failure after handling")
		return
	}
	j.route(rec, r)
}

func (j *Jira) nextFailure(method string) (jiraFailure, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, f := range j.failures {
		if f.method == "" || f.method == method {
			j.failures = slices.Delete(j.failures, i, i+1)
			return f, true
		}
	}
	return jiraFailure{}, false
}

func (j *Jira) isAdmin(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	j.mu.Lock()
	defer j.mu.Unlock()
	return ok && j.adminTokens[token]
}

func (j *Jira) route(w http.ResponseWriter, r *http.Request) {
	const outgoing, incoming = "/rest/oauth2-client/latest/config", "/rest/oauth2/latest/client"
	p := r.URL.Path
	switch {
	case p == outgoing && r.Method == http.MethodGet:
		j.listOutgoing(w)
	case p == outgoing && r.Method == http.MethodPost:
		j.createOutgoing(w, r)
	case strings.HasPrefix(p, outgoing+"/name/") && r.Method == http.MethodGet:
		j.outgoingByName(w, strings.TrimPrefix(p, outgoing+"/name/"))
	case strings.HasPrefix(p, outgoing+"/"):
		j.outgoingByID(w, r, strings.TrimPrefix(p, outgoing+"/"))
	case p == incoming && r.Method == http.MethodGet:
		j.listIncoming(w)
	case p == incoming && r.Method == http.MethodPost:
		j.createIncoming(w, r)
	case strings.HasPrefix(p, incoming+"/reset/") && r.Method == http.MethodPut:
		j.resetIncoming(w, strings.TrimPrefix(p, incoming+"/reset/"))
	case strings.HasPrefix(p, incoming+"/"):
		j.incomingByID(w, r, strings.TrimPrefix(p, incoming+"/"))
	default:
		writeJiraError(w, http.StatusNotFound, "no such resource")
	}
}

// --- outgoing links ---

func (j *Jira) listOutgoing(w http.ResponseWriter) {
	j.mu.Lock()
	defer j.mu.Unlock()
	links := []JiraOutgoingLink{}
	for _, l := range j.outgoing {
		links = append(links, l.forRead())
	}
	slices.SortFunc(links, func(a, b JiraOutgoingLink) int { return strings.Compare(a.ID, b.ID) })
	writeJSON(w, http.StatusOK, links)
}

// forRead is the link as Jira answers it: never with its secret.
func (l *JiraOutgoingLink) forRead() JiraOutgoingLink {
	c := *l
	c.ClientSecret = nil
	c.Scopes = slices.Clone(l.Scopes)
	return c
}

func (j *Jira) createOutgoing(w http.ResponseWriter, r *http.Request) {
	var in JiraOutgoingLink
	if !decodeJiraJSON(w, r, &in) {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.validOutgoing(w, &in, "", true) {
		return
	}
	in.ID = j.newID() // an id in the body is ignored
	j.outgoing[in.ID] = &in
	writeJSON(w, http.StatusOK, in.forRead()) // 200, not 201
}

func (j *Jira) outgoingByName(w http.ResponseWriter, name string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, l := range j.outgoing {
		if l.Name == name {
			writeJSON(w, http.StatusOK, l.forRead())
			return
		}
	}
	w.WriteHeader(http.StatusNotFound) // with an empty body, unlike every other 404
}

func (j *Jira) outgoingByID(w http.ResponseWriter, r *http.Request, id string) {
	var in JiraOutgoingLink
	if r.Method == http.MethodPut && !decodeJiraJSON(w, r, &in) {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	stored, ok := j.outgoing[id]
	if !ok {
		writeJiraError(w, http.StatusNotFound, fmt.Sprintf("Configuration %s does not exist", id))
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, stored.forRead())
	case http.MethodPut:
		// A full replace, validated again; a null secret keeps the stored one.
		if !j.validOutgoing(w, &in, id, false) {
			return
		}
		in.ID = id
		if in.ClientSecret == nil {
			in.ClientSecret = stored.ClientSecret
		}
		j.outgoing[id] = &in
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		delete(j.outgoing, id)
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJiraError(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

// validOutgoing checks and normalises a link as the plugin does, and answers 400 when it fails.
func (j *Jira) validOutgoing(w http.ResponseWriter, l *JiraOutgoingLink, id string, creating bool) bool {
	fields := map[string][]string{}
	add := func(field, msg string) { fields[field] = append(fields[field], msg) }
	switch {
	case l.Name == "":
		add("name", "Name is required")
	case len(l.Name) > 255:
		add("name", "Name must be at most 255 characters")
	default:
		for _, other := range j.outgoing {
			if other.Name == l.Name && other.ID != id {
				add("name", "A configuration with this name already exists")
			}
		}
	}
	if len(l.Description) > 255 {
		add("description", "Description must be at most 255 characters")
	}
	if t := strings.ToUpper(l.Type); slices.Contains([]string{"GOOGLE", "MICROSOFT", "GENERIC"}, t) {
		l.Type = t
	} else {
		add("type", "Type must be one of google, microsoft, generic")
	}
	if l.ClientID == "" || len(l.ClientID) > 255 {
		add("clientId", "Client ID is required and at most 255 characters")
	}
	if (creating && l.ClientSecret == nil) || (l.ClientSecret != nil && *l.ClientSecret == "") {
		add("clientSecret", "Client secret is required")
	}
	for field, endpoint := range map[string]string{"authorizationEndpoint": l.AuthorizationEndpoint, "tokenEndpoint": l.TokenEndpoint} {
		u, err := url.Parse(endpoint)
		if endpoint == "" || err != nil || !u.IsAbs() {
			add(field, "Must be a valid URL")
		} else if u.Scheme != "https" && !j.AllowHTTPEndpoints {
			add(field, "Must use HTTPS")
		}
	}
	l.Scopes = slices.DeleteFunc(l.Scopes, func(s string) bool { return strings.TrimSpace(s) == "" })
	slices.Sort(l.Scopes)
	l.Scopes = slices.Compact(l.Scopes)
	if len(l.Scopes) == 0 {
		add("scopes", "At least one scope is required")
	}
	if l.RedirectURISuffix != jira.RedirectURISuffix(l.AuthorizationEndpoint) {
		add("redirectUriSuffix", "Redirect URI suffix does not match the authorization endpoint")
	}
	if len(fields) > 0 {
		writeJSON(w, http.StatusBadRequest, jiraErrorBody{Errors: []string{}, FieldErrors: fields})
		return false
	}
	return true
}

// --- incoming links ---

func (j *Jira) listIncoming(w http.ResponseWriter) {
	j.mu.Lock()
	defer j.mu.Unlock()
	links := []JiraIncomingLink{}
	for _, l := range j.incoming {
		links = append(links, *l)
	}
	slices.SortFunc(links, func(a, b JiraIncomingLink) int { return strings.Compare(a.ID, b.ID) })
	writeJSON(w, http.StatusOK, links)
}

func (j *Jira) createIncoming(w http.ResponseWriter, r *http.Request) {
	var in JiraIncomingLink
	if !decodeJiraJSON(w, r, &in) {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.validIncoming(w, &in, "", true) {
		return
	}
	link := &JiraIncomingLink{
		ID: j.newID(), ClientID: randomHex(16), ClientSecret: randomHex(32),
		Name: in.Name, Redirects: in.Redirects, Scope: in.Scope, UserKey: jiraAdminUserKey,
	}
	j.incoming[link.ID] = link
	writeJSON(w, http.StatusOK, link)
}

func (j *Jira) incomingByID(w http.ResponseWriter, r *http.Request, id string) {
	var in JiraIncomingLink
	if r.Method == http.MethodPut && !decodeJiraJSON(w, r, &in) {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	stored, ok := j.incoming[id]
	if !ok {
		writeJiraError(w, http.StatusNotFound, "client does not exist")
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, stored)
	case http.MethodPut:
		if !j.validIncoming(w, &in, id, false) {
			return
		}
		// Partial: a blank name, empty redirects or blank scope keep the old value.
		if in.Name != "" {
			stored.Name = in.Name
		}
		if len(in.Redirects) > 0 {
			stored.Redirects = in.Redirects
		}
		if in.Scope != "" {
			stored.Scope = in.Scope
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		delete(j.incoming, id)
		writeJSON(w, http.StatusOK, stored) // 200 with the deleted entity
	default:
		writeJiraError(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

func (j *Jira) resetIncoming(w http.ResponseWriter, clientID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, l := range j.incoming {
		if l.ClientID == clientID {
			l.ClientSecret = randomHex(32)
			writeJSON(w, http.StatusOK, l)
			return
		}
	}
	writeJiraError(w, http.StatusNotFound, "client does not exist")
}

// validIncoming checks an incoming link; on update, blank values are allowed (they keep the old).
func (j *Jira) validIncoming(w http.ResponseWriter, l *JiraIncomingLink, id string, creating bool) bool {
	if l.Scope != "" && !slices.Contains(jira.IncomingScopes, l.Scope) || creating && l.Scope == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid scope", "error_description": "scope must be one of " + strings.Join(jira.IncomingScopes, ", ")})
		return false
	}
	fields := map[string][]string{}
	switch {
	case creating && l.Name == "":
		fields["name"] = append(fields["name"], "name is required")
	case len(l.Name) > 255:
		fields["name"] = append(fields["name"], "name must be at most 255 characters")
	case l.Name != "":
		for _, other := range j.incoming {
			if other.Name == l.Name && other.ID != id {
				fields["name"] = append(fields["name"], "name must be unique")
			}
		}
	}
	if creating && len(l.Redirects) == 0 {
		fields["redirects"] = append(fields["redirects"], "at least one redirect is required")
	}
	for _, redirect := range l.Redirects {
		if err := validators.CheckRedirectURI(redirect); err != nil {
			fields["redirects"] = append(fields["redirects"], err.Error())
		}
	}
	if len(fields) > 0 {
		writeJSON(w, http.StatusBadRequest, jiraErrorBody{Errors: []string{}, FieldErrors: fields})
		return false
	}
	slices.Sort(l.Redirects)
	l.Redirects = slices.Compact(l.Redirects)
	return true
}

// --- test hooks: changes behind Terraform's back ---

// AddOutgoingLink stores a link as if an administrator had created it in Jira's UI and returns
// its id. The suffix is derived when empty.
func (j *Jira) AddOutgoingLink(l JiraOutgoingLink) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	l.ID = j.newID()
	if l.RedirectURISuffix == "" {
		l.RedirectURISuffix = jira.RedirectURISuffix(l.AuthorizationEndpoint)
	}
	j.outgoing[l.ID] = &l
	return l.ID
}

// OutgoingLink returns a stored outgoing link, secret included.
func (j *Jira) OutgoingLink(id string) (JiraOutgoingLink, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	l, ok := j.outgoing[id]
	if !ok {
		return JiraOutgoingLink{}, false
	}
	return *l, true
}

// OutgoingLinks returns every stored outgoing link.
func (j *Jira) OutgoingLinks() []JiraOutgoingLink {
	j.mu.Lock()
	defer j.mu.Unlock()
	var links []JiraOutgoingLink
	for _, l := range j.outgoing {
		links = append(links, *l)
	}
	return links
}

// EditOutgoingLink changes a stored outgoing link.
func (j *Jira) EditOutgoingLink(id string, edit func(*JiraOutgoingLink)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if l, ok := j.outgoing[id]; ok {
		edit(l)
	}
}

// DeleteOutgoingLink deletes a stored outgoing link.
func (j *Jira) DeleteOutgoingLink(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.outgoing, id)
}

// IncomingLink returns a stored incoming link.
func (j *Jira) IncomingLink(id string) (JiraIncomingLink, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	l, ok := j.incoming[id]
	if !ok {
		return JiraIncomingLink{}, false
	}
	return *l, true
}

// EditIncomingLink changes a stored incoming link.
func (j *Jira) EditIncomingLink(id string, edit func(*JiraIncomingLink)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if l, ok := j.incoming[id]; ok {
		edit(l)
	}
}

// DeleteIncomingLink deletes a stored incoming link.
func (j *Jira) DeleteIncomingLink(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.incoming, id)
}

// --- helpers ---

type jiraErrorBody struct {
	Errors      []string            `json:"errors"`
	FieldErrors map[string][]string `json:"fieldErrors"`
}

func writeJiraError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store, no-cache")
	writeJSON(w, status, jiraErrorBody{Errors: []string{msg}, FieldErrors: map[string][]string{}})
}

func decodeJiraJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	// Unknown fields are ignored, as Jira's JSON binding does.
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJiraError(w, http.StatusBadRequest, "Malformed JSON: "+err.Error())
		return false
	}
	return true
}

func (j *Jira) newID() string {
	j.nextID++
	return strconv.Itoa(j.nextID)
}

func randomHex(bytes int) string {
	b := make([]byte, bytes)
	rand.Read(b) // never fails, see crypto/rand.Read
	return hex.EncodeToString(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

// discardingWriter handles a request whose answer is to be lost.
type discardingWriter struct{ header http.Header }

func (d discardingWriter) Header() http.Header         { return d.header }
func (d discardingWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardingWriter) WriteHeader(int)             {}
