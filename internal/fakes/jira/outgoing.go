package jira

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Outgoing links (Jira as OAuth client), /rest/oauth2-client/latest/config: see
// jira-outgoing-oauth2-api.md.

// maxLength is the limit of names, descriptions and client ids (the facts: "at most 255").
const maxLength = 255

// outgoingTypes are the provider types, as Jira answers them (upper-case enum names).
var outgoingTypes = []string{"GOOGLE", "MICROSOFT", "GENERIC"}

// outgoingJSON is an outgoing link as Jira answers it.
type outgoingJSON struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Description           *string  `json:"description"` // null when empty
	Type                  string   `json:"type"`
	ClientID              string   `json:"clientId"`
	ClientSecret          *string  `json:"clientSecret"` // always null
	AuthorizationEndpoint string   `json:"authorizationEndpoint"`
	TokenEndpoint         string   `json:"tokenEndpoint"`
	Scopes                []string `json:"scopes"`
	RedirectURISuffix     string   `json:"redirectUriSuffix"`
}

// forRead is the link as Jira answers it: the facts say clientSecret is "always null on read".
// The fake answers POST's saved config the same way (the facts do not say otherwise).
func (l *OutgoingLink) forRead() outgoingJSON {
	out := outgoingJSON{
		ID: l.ID, Name: l.Name, Type: l.Type, ClientID: l.ClientID,
		AuthorizationEndpoint: l.AuthorizationEndpoint, TokenEndpoint: l.TokenEndpoint,
		Scopes: slices.Clone(l.Scopes), RedirectURISuffix: l.RedirectURISuffix,
	}
	if l.Description != "" {
		d := l.Description
		out.Description = &d
	}
	if out.Scopes == nil {
		out.Scopes = []string{}
	}
	return out
}

func (l *OutgoingLink) clone() OutgoingLink {
	c := *l
	c.Scopes = slices.Clone(l.Scopes)
	if l.ClientSecret != nil {
		s := *l.ClientSecret
		c.ClientSecret = &s
	}
	return c
}

func (j *Fake) storeOutgoingLocked(l *OutgoingLink) {
	l.ID = fakeserver.NewGUID() // opaque, server-generated
	j.nextOutgoing++
	j.outgoing[l.ID] = l
	j.outgoingSeq[l.ID] = j.nextOutgoing
}

// outgoingListLocked returns the stored links oldest first, as answered (forWire) or as stored.
func (j *Fake) outgoingListLocked(forWire bool) []OutgoingLink {
	links := make([]OutgoingLink, 0, len(j.outgoing))
	for _, l := range j.outgoing {
		c := l.clone()
		if forWire {
			c.ClientSecret = nil
		}
		links = append(links, c)
	}
	slices.SortFunc(links, func(a, b OutgoingLink) int { return j.outgoingSeq[a.ID] - j.outgoingSeq[b.ID] })
	return links
}

func (j *Fake) listOutgoing(w http.ResponseWriter) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []outgoingJSON{}
	for _, l := range j.outgoingListLocked(true) {
		out = append(out, l.forRead())
	}
	fakeserver.WriteJSON(w, http.StatusOK, out)
}

func (j *Fake) createOutgoing(w http.ResponseWriter, r *http.Request) {
	in, ok := readOutgoing(w, r)
	if !ok {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if fields := j.validateOutgoingLocked(&in, "", true); len(fields) > 0 {
		writeFieldErrors(w, fields)
		return
	}
	j.storeOutgoingLocked(&in)                           // an id in the body is ignored
	fakeserver.WriteJSON(w, http.StatusOK, in.forRead()) // 200, not 201
}

func (j *Fake) outgoingByName(w http.ResponseWriter, name string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, l := range j.outgoingListLocked(true) {
		if l.Name == name {
			fakeserver.WriteJSON(w, http.StatusOK, l.forRead())
			return
		}
	}
	w.WriteHeader(http.StatusNotFound) // an empty body, unlike every other 404
}

func (j *Fake) outgoingByID(w http.ResponseWriter, r *http.Request, id string) {
	in, ok := readPutBody(w, r, readOutgoing)
	if !ok {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	stored, ok := j.outgoing[id]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Configuration %s does not exist", id))
		return
	}
	switch r.Method {
	case http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, stored.forRead())
	case http.MethodPut:
		// A full replace, every field validated again; a null secret keeps the stored one.
		if fields := j.validateOutgoingLocked(&in, id, false); len(fields) > 0 {
			writeFieldErrors(w, fields)
			return
		}
		if in.ClientSecret == nil {
			in.ClientSecret = stored.ClientSecret
		}
		in.ID = id // an id in the body is ignored
		*stored = in
		w.WriteHeader(http.StatusNoContent) // 204, no body
	case http.MethodDelete:
		delete(j.outgoing, id)
		delete(j.outgoingSeq, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

// redirectURI answers GET /config/get-redirect-uri?authorizationEndpoint=….
func (j *Fake) redirectURI(w http.ResponseWriter, r *http.Request) {
	endpoint := r.URL.Query().Get("authorizationEndpoint")
	if strings.TrimSpace(endpoint) == "" {
		writeFieldErrors(w, map[string][]string{"authorizationEndpoint": {"authorization endpoint is required"}})
		return
	}
	suffix := redirectURISuffix(endpoint)
	fakeserver.WriteJSON(w, http.StatusOK, map[string]string{
		"redirectUri":       j.baseURLFor(r) + "/plugins/servlet/oauth2/client/callback/" + suffix,
		"redirectUriSuffix": suffix,
	})
}

// jiraBaseURL is the base URL set by SetBaseURL, else the one the request was sent to.
func (j *Fake) baseURLFor(r *http.Request) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.baseURL != "" {
		return j.baseURL
	}
	return fakeserver.Origin(r)
}

// isNameUnique answers GET /config/is-name-unique?id=&name=: whether no link other than id has
// exactly that name.
func (j *Fake) isNameUnique(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	j.mu.Lock()
	defer j.mu.Unlock()
	fakeserver.WriteJSON(w, http.StatusOK, j.outgoingNameFreeLocked(q.Get("name"), q.Get("id")))
}

func (j *Fake) outgoingNameFreeLocked(name, selfID string) bool {
	for id, l := range j.outgoing {
		if l.Name == name && id != selfID {
			return false
		}
	}
	return true
}

// readOutgoing reads an outgoing link from a request body; it answers 400 and returns false
// when the body is not a JSON object with fields of the right types.
func readOutgoing(w http.ResponseWriter, r *http.Request) (OutgoingLink, bool) {
	var l OutgoingLink
	ok := readJacksonBody(w, r, func(obj jacksonObject) error {
		err := obj.stringFields(map[string]*string{
			"name": &l.Name, "description": &l.Description, "type": &l.Type, "clientId": &l.ClientID,
			"authorizationEndpoint": &l.AuthorizationEndpoint, "tokenEndpoint": &l.TokenEndpoint,
			"redirectUriSuffix": &l.RedirectURISuffix,
		})
		if err == nil {
			l.ClientSecret, err = obj.optionalString("clientSecret")
		}
		if err == nil {
			l.Scopes, err = obj.stringList("scopes")
		}
		return err
	})
	return l, ok
}

// validateOutgoingLocked checks a link as the plugin does and returns the field errors, keyed by
// JSON field name. It normalises the type (upper-case) and the scopes (blanks dropped, sorted,
// de-duplicated). selfID is the link being replaced ("" on create), whose name may stay.
func (j *Fake) validateOutgoingLocked(l *OutgoingLink, selfID string, creating bool) map[string][]string {
	fields := map[string][]string{}
	add := func(field, msg string) { fields[field] = append(fields[field], msg) }

	switch {
	case isBlank(l.Name):
		add("name", "name is required")
	case javaLength(l.Name) > maxLength:
		add("name", "name must be at most 255 characters")
	case !j.outgoingNameFreeLocked(l.Name, selfID):
		add("name", "a configuration with this name already exists")
	}
	if javaLength(l.Description) > maxLength {
		add("description", "description must be at most 255 characters")
	}
	// Matched case-insensitively, answered as the upper-case enum name.
	switch t := strings.ToUpper(l.Type); {
	case isBlank(l.Type):
		add("type", "type is required")
	case slices.Contains(outgoingTypes, t):
		l.Type = t
	default:
		add("type", "type must be one of google, microsoft, generic")
	}
	switch {
	case isBlank(l.ClientID):
		add("clientId", "client id is required")
	case javaLength(l.ClientID) > maxLength:
		add("clientId", "client id must be at most 255 characters")
	}
	// Required on create; on PUT null keeps the stored secret, and "" is refused either way.
	if (creating && l.ClientSecret == nil) || (l.ClientSecret != nil && isBlank(*l.ClientSecret)) {
		add("clientSecret", "client secret is required")
	}
	for _, e := range []struct{ field, label, value string }{
		{"authorizationEndpoint", "authorization endpoint", l.AuthorizationEndpoint},
		{"tokenEndpoint", "token endpoint", l.TokenEndpoint},
	} {
		if msg := j.checkEndpointLocked(e.label, e.value); msg != "" {
			add(e.field, msg)
		}
	}
	l.Scopes = normaliseScopes(l.Scopes)
	if len(l.Scopes) == 0 {
		add("scopes", "at least one scope is required")
	}
	switch {
	case isBlank(l.RedirectURISuffix):
		add("redirectUriSuffix", "redirect URI suffix is required")
	case l.RedirectURISuffix != redirectURISuffix(l.AuthorizationEndpoint):
		add("redirectUriSuffix", "redirect URI suffix does not match the authorization endpoint")
	}
	return fields
}

// checkEndpointLocked returns why an endpoint is refused, or "": it must parse as an absolute
// URL with a host and use https (http too when AllowHTTPEndpoints is set).
func (j *Fake) checkEndpointLocked(label, endpoint string) string {
	if isBlank(endpoint) {
		return label + " is required"
	}
	u, err := url.Parse(endpoint)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return label + " must be a valid URL"
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "https", scheme == "http" && j.AllowHTTPEndpoints:
		return ""
	default:
		return label + " must use https"
	}
}

// normaliseScopes drops blank scopes, then sorts and de-duplicates the rest.
func normaliseScopes(scopes []string) []string {
	return sortedSet(slices.DeleteFunc(slices.Clone(scopes), isBlank))
}

// isBlank is Apache Commons' StringUtils.isBlank: empty or only white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// javaLength is String.length() in Java, which Jira's length limits count: UTF-16 code units.
func javaLength(s string) int { return len(utf16.Encode([]rune(s))) }

// jacksonObject is a request body as Jackson binds it: property names match exactly (case-sensitive,
// unlike encoding/json), unknown properties are ignored, null reads as absent.
type jacksonObject map[string]json.RawMessage

// readJacksonBody reads a JSON object (or null) from the body and binds its fields with bind; when
// either fails, it answers 400 and returns false.
func readJacksonBody(w http.ResponseWriter, r *http.Request, bind func(jacksonObject) error) bool {
	var obj jacksonObject
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&obj)
	if err == nil {
		err = bind(obj)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "Malformed JSON: "+err.Error())
		return false
	}
	return true
}

// stringFields reads string properties into their destinations; absent and null leave "".
func (o jacksonObject) stringFields(dest map[string]*string) error {
	for name, d := range dest {
		s, err := o.optionalString(name)
		if err != nil {
			return err
		}
		if s != nil {
			*d = *s
		}
	}
	return nil
}

// optionalString reads a string property; absent and null give nil. Like Jackson's
// StringDeserializer it takes a number or a boolean as its text; an array or object is an error.
func (o jacksonObject) optionalString(name string) (*string, error) {
	raw, ok := o[name]
	if !ok {
		return nil, nil
	}
	s, err := jacksonString(raw)
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", name, err)
	}
	return s, nil
}

// stringList reads an array of strings; absent and null give nil, null elements "". A single
// string is an error, as Jackson does not accept a single value as an array by default.
func (o jacksonObject) stringList(name string) ([]string, error) {
	raw, ok := o[name]
	if !ok {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, fmt.Errorf("field %q: %w", name, err)
	}
	if elems == nil {
		return nil, nil
	}
	list := make([]string, 0, len(elems))
	for _, e := range elems {
		s, err := jacksonString(e)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", name, err)
		}
		if s == nil {
			list = append(list, "")
		} else {
			list = append(list, *s)
		}
	}
	return list, nil
}

// jacksonString binds one JSON value to a Java String: null gives nil, a string its value, a
// number or boolean its JSON text.
func jacksonString(raw json.RawMessage) (*string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return &x, nil
	case float64, bool:
		s := string(bytes.TrimSpace(raw))
		return &s, nil
	default:
		return nil, fmt.Errorf("cannot read %s as a string", bytes.TrimSpace(raw))
	}
}
