package jira

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Incoming links (Jira as OAuth provider), /rest/oauth2/latest/client: see
// jira-incoming-oauth2-api.md.

// incomingScopes are the scopes of incoming links; each includes the ones before it.
var incomingScopes = []string{"READ", "WRITE", "ADMIN", "SYSTEM_ADMIN"}

// maxRedirectLength is the limit of each redirect URI (the facts: "at most 450").
const maxRedirectLength = 450

// newIncomingClientID and newIncomingClientSecret have the lengths the facts give (32 and 64).
func newIncomingClientID() string     { return randomHex(16) }
func newIncomingClientSecret() string { return randomHex(32) }

func (l *IncomingLink) clone() IncomingLink {
	c := *l
	c.Redirects = slices.Clone(l.Redirects)
	return c
}

func (j *Fake) storeIncomingLocked(l *IncomingLink) {
	l.ID = strconv.Itoa(j.nextIncoming) // numeric, as Active Objects ids are
	j.nextIncoming++
	j.incoming[l.ID] = l
}

// incomingListLocked returns copies of the stored links by ascending (numeric) id.
func (j *Fake) incomingListLocked() []IncomingLink {
	links := make([]IncomingLink, 0, len(j.incoming))
	for _, l := range j.incoming {
		links = append(links, l.clone())
	}
	slices.SortFunc(links, func(a, b IncomingLink) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return x - y
	})
	return links
}

func (j *Fake) listIncoming(w http.ResponseWriter) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fakeserver.WriteJSON(w, http.StatusOK, j.incomingListLocked())
}

// incomingInput is what POST and PUT read: name, redirects and scope. id, clientId,
// clientSecret and userKey in a body are ignored.
type incomingInput struct {
	name, scope string
	redirects   []string
}

func readIncoming(w http.ResponseWriter, r *http.Request) (incomingInput, bool) {
	var in incomingInput
	ok := readJacksonBody(w, r, func(obj jacksonObject) error {
		err := obj.stringFields(map[string]*string{"name": &in.name, "scope": &in.scope})
		if err == nil {
			in.redirects, err = obj.stringList("redirects")
		}
		return err
	})
	return in, ok
}

func (j *Fake) createIncoming(w http.ResponseWriter, r *http.Request, user *account) {
	in, ok := readIncoming(w, r)
	if !ok {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.validIncomingLocked(w, in, "") {
		return
	}
	link := &IncomingLink{
		ClientID: newIncomingClientID(), ClientSecret: newIncomingClientSecret(),
		Name: in.name, Redirects: sortedSet(in.redirects), UserKey: user.key, Scope: in.scope,
	}
	j.storeIncomingLocked(link)
	fakeserver.WriteJSON(w, http.StatusOK, link) // 200, with the secret
}

func (j *Fake) incomingByID(w http.ResponseWriter, r *http.Request, id string) {
	in, ok := readPutBody(w, r, readIncoming)
	if !ok {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	stored, ok := j.incoming[id]
	if !ok {
		writeError(w, http.StatusNotFound, "client does not exist")
		return
	}
	switch r.Method {
	case http.MethodGet:
		fakeserver.WriteJSON(w, http.StatusOK, stored) // with the secret
	case http.MethodPut:
		if !j.validIncomingLocked(w, in, id) {
			return
		}
		// Partial: a blank name, empty redirects or a blank scope keep the old value; the
		// client id and secret change only through reset.
		if !isBlank(in.name) {
			stored.Name = in.name
		}
		if len(in.redirects) > 0 {
			stored.Redirects = sortedSet(in.redirects)
		}
		if !isBlank(in.scope) {
			stored.Scope = in.scope
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		delete(j.incoming, id)
		fakeserver.WriteJSON(w, http.StatusOK, stored) // 200 with the deleted entity
	}
}

// resetIncoming answers PUT /client/reset/{clientId}: the path names the OAuth client id.
func (j *Fake) resetIncoming(w http.ResponseWriter, clientID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, l := range j.incoming {
		if l.ClientID == clientID {
			l.ClientSecret = newIncomingClientSecret()
			fakeserver.WriteJSON(w, http.StatusOK, l)
			return
		}
	}
	writeError(w, http.StatusNotFound, "client does not exist")
}

// validIncomingLocked checks a create (selfID "") or an update of selfID, and answers 400 when
// it fails. An unknown scope gets the OAuth-style body {"error":"invalid scope",…}; everything
// else field errors. On update, blank values are not checked: they keep the old ones.
func (j *Fake) validIncomingLocked(w http.ResponseWriter, in incomingInput, selfID string) bool {
	creating := selfID == ""
	if !isBlank(in.scope) && !slices.Contains(incomingScopes, in.scope) {
		writeErrorBody(w, http.StatusBadRequest, map[string]string{
			"error":             "invalid scope",
			"error_description": "scope " + strconv.Quote(in.scope) + " is not one of " + strings.Join(incomingScopes, ", "),
		})
		return false
	}
	fields := map[string][]string{}
	add := func(field, msg string) { fields[field] = append(fields[field], msg) }
	switch {
	case isBlank(in.name):
		if creating {
			add("name", "name is required")
		}
	case javaLength(in.name) > maxLength:
		add("name", "name must be at most 255 characters")
	default:
		for id, other := range j.incoming {
			if other.Name == in.name && id != selfID {
				add("name", "name must be unique")
				break
			}
		}
	}
	if creating && len(in.redirects) == 0 {
		add("redirects", "at least one redirect URI is required")
	}
	for _, redirect := range in.redirects {
		if msg := checkIncomingRedirect(redirect); msg != "" {
			add("redirects", msg)
		}
	}
	if creating && isBlank(in.scope) {
		add("scope", "scope is required")
	}
	if len(fields) > 0 {
		writeFieldErrors(w, fields)
		return false
	}
	return true
}

// checkIncomingRedirect returns why a redirect URI is refused, or "": at most 450 characters,
// absolute, no fragment, http only for localhost and 127.0.0.1.
func checkIncomingRedirect(redirect string) string {
	if javaLength(redirect) > maxRedirectLength {
		return "redirect URI must be at most 450 characters: " + redirect
	}
	u, err := url.Parse(redirect)
	if err != nil || !u.IsAbs() {
		return "redirect URI must be an absolute URI: " + redirect
	}
	if strings.Contains(redirect, "#") { // java.net.URI gives "" (not null) for a trailing "#"
		return "redirect URI must not contain a fragment: " + redirect
	}
	if strings.EqualFold(u.Scheme, "http") {
		if host := strings.ToLower(u.Hostname()); host != "localhost" && host != "127.0.0.1" {
			return "redirect URI must use https unless its host is localhost: " + redirect
		}
	}
	return ""
}
