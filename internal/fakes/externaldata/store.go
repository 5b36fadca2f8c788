package externaldata

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Page sizes of GET /data-sources.
const (
	defaultLimit = 50
	maxLimit     = 100
)

// clone is a deep copy.
func (ds *Source) clone() Source {
	data, err := json.Marshal(ds)
	if err != nil {
		panic(fmt.Sprintf("fakes: marshal data source: %v", err)) // plain structs always marshal
	}
	var out Source
	if err := json.Unmarshal(data, &out); err != nil {
		panic(fmt.Sprintf("fakes: unmarshal data source: %v", err))
	}
	return out
}

// toWire is the source as the API answers it: a copy without the write-only fields.
func (ds *Source) toWire() Source {
	out := ds.clone()
	for _, s := range out.secrets() {
		*s.value = nil
	}
	return out
}

func (ds *Source) oauth2() *OAuth2 {
	if ds.Auth == nil || ds.Auth.Type != "oauth2" {
		return nil
	}
	return ds.Auth.OAuth2
}

func (ds *Source) etag() string {
	return `"` + ds.ID + "-" + strconv.FormatInt(ds.Version, 10) + `"`
}

// secretField is one write-only field of a source: its JSON path and where it is stored.
type secretField struct {
	path  string
	value **string
}

// secrets lists the write-only fields of the blocks the source has.
func (ds *Source) secrets() []secretField {
	var out []secretField
	if db := ds.Database; db != nil {
		out = append(out, secretField{"database.password", &db.Password}, secretField{"database.client_key", &db.ClientKey})
	}
	if a := ds.Auth; a != nil {
		if a.Basic != nil {
			out = append(out, secretField{"auth.basic.password", &a.Basic.Password})
		}
		if a.Bearer != nil {
			out = append(out, secretField{"auth.bearer.token", &a.Bearer.Token})
		}
		if a.CustomHeader != nil {
			out = append(out, secretField{"auth.custom_header.value", &a.CustomHeader.Value})
		}
		if a.OAuth2 != nil {
			out = append(out, secretField{"auth.oauth2.client_secret", &a.OAuth2.ClientSecret})
		}
	}
	return out
}

// createLocked assigns the read-only fields of a new source and stores it. ed.mu must be held.
func (ed *Fake) createLocked(ds *Source) {
	ed.nextID++
	now := time.Now().UTC().Truncate(time.Second)
	ds.ID = fmt.Sprintf("ds_01J%021d", ed.nextID)
	ds.Version, ds.CreatedAt, ds.UpdatedAt = 1, now, now
	if ds.Auth == nil {
		ds.Auth = &Auth{Type: "none"}
	}
	if o := ds.oauth2(); o != nil {
		o.CallbackURL = callbackURLs[ds.App]
	}
	ed.sources[ds.ID] = ds
	ed.order = append(ed.order, ds.ID)
}

// bumpLocked records a change. ed.mu must be held.
func (ed *Fake) bumpLocked(ds *Source) {
	ds.Version++
	ds.UpdatedAt = time.Now().UTC().Truncate(time.Second)
}

func (ed *Fake) deleteLocked(id string) bool {
	if _, ok := ed.sources[id]; !ok {
		return false
	}
	delete(ed.sources, id)
	delete(ed.held, id)
	ed.order = slices.DeleteFunc(ed.order, func(s string) bool { return s == id })
	return true
}

func (ed *Fake) list(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	limit := defaultLimit
	if raw := query.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxLimit {
			writeValidationError(w, map[string][]string{"limit": {fmt.Sprintf("must be a number from 1 to %d", maxLimit)}})
			return
		}
		limit = n
	}
	offset := 0
	if raw := query.Get("cursor"); raw != "" {
		n, err := decodeCursor(raw)
		if err != nil {
			writeValidationError(w, map[string][]string{"cursor": {"is not a cursor this API returned"}})
			return
		}
		offset = n
	}
	ed.mu.Lock()
	defer ed.mu.Unlock()
	page := struct {
		Items      []Source `json:"items"`
		NextCursor string   `json:"next_cursor,omitempty"`
	}{Items: []Source{}}
	end := min(offset+limit, len(ed.order))
	for _, id := range ed.order[min(offset, end):end] {
		page.Items = append(page.Items, ed.sources[id].toWire())
	}
	if end < len(ed.order) {
		page.NextCursor = encodeCursor(end)
	}
	fakeserver.WriteJSON(w, http.StatusOK, page)
}

// Cursors are opaque to clients; here they hold an offset.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeCursor(cursor string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, err
	}
	digits, ok := bytes.CutPrefix(raw, []byte("offset:"))
	if !ok {
		return 0, fmt.Errorf("not a cursor")
	}
	return strconv.Atoi(string(digits))
}

func (ed *Fake) get(w http.ResponseWriter, id string) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ds, ok := ed.sources[id]
	if !ok {
		writeNotFound(w, id)
		return
	}
	writeSource(w, http.StatusOK, ds)
}

func (ed *Fake) create(w http.ResponseWriter, body []byte) {
	// Nothing is stored yet: an omitted secret is no secret.
	ds, _, err := decodeSource(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Bad request: "+err.Error()+".", nil)
		return
	}
	ed.mu.Lock()
	defer ed.mu.Unlock()
	if fields := validateSource(ds, ed.anyPort); len(fields) > 0 {
		writeValidationError(w, fields)
		return
	}
	if ed.nameTakenLocked(ds.App, ds.Name, "") {
		writeConflict(w, ds)
		return
	}
	ed.createLocked(ds)
	writeSource(w, http.StatusCreated, ds)
}

func (ed *Fake) replace(w http.ResponseWriter, id, ifMatch string, body []byte) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	stored, ok := ed.sources[id]
	switch {
	case !ok:
		writeNotFound(w, id)
		return
	case ifMatch == "":
		writeError(w, http.StatusPreconditionRequired, "precondition_required",
			"Updates need an If-Match header with the ETag of the data source they are based on.", nil)
		return
	case ifMatch != stored.etag():
		writeError(w, http.StatusPreconditionFailed, "precondition_failed",
			"The data source changed since it was read (ETag "+stored.etag()+"); read it again and reapply the change.", nil)
		return
	}
	ds, present, err := decodeSource(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Bad request: "+err.Error()+".", nil)
		return
	}
	keepOmittedSecrets(ds, stored, present)
	fields := validateSource(ds, ed.anyPort)
	if ds.App != stored.App {
		fields["app"] = append(fields["app"], "cannot change: a data source stays in its app; create a new one in "+ds.App+" instead")
	}
	if len(fields) > 0 {
		writeValidationError(w, fields)
		return
	}
	if ed.nameTakenLocked(ds.App, ds.Name, id) {
		writeConflict(w, ds)
		return
	}
	ds.ID, ds.Version, ds.CreatedAt, ds.UpdatedAt = stored.ID, stored.Version, stored.CreatedAt, stored.UpdatedAt
	if o := ds.oauth2(); o != nil {
		o.CallbackURL = callbackURLs[ds.App]
		if old := stored.oauth2(); old != nil && sameOAuth2Client(old, o) {
			o.Authenticated = old.Authenticated
		} else {
			delete(ed.held, id) // a token of another client, or none
		}
	}
	// A PUT that changes nothing leaves version and ETag where they were.
	if !reflect.DeepEqual(ds.clone(), stored.clone()) {
		ed.bumpLocked(ds)
	}
	ed.sources[id] = ds
	writeSource(w, http.StatusOK, ds)
}

// sameOAuth2Client reports whether a token fetched for old still serves updated: the token is
// dropped when the client, its secret, its endpoints or its scopes change.
func sameOAuth2Client(old, updated *OAuth2) bool {
	return old.GrantType == updated.GrantType && old.ClientID == updated.ClientID &&
		reflect.DeepEqual(old.ClientSecret, updated.ClientSecret) &&
		reflect.DeepEqual(old.AuthURL, updated.AuthURL) && old.TokenURL == updated.TokenURL &&
		slices.Equal(old.Scopes, updated.Scopes)
}

// keepOmittedSecrets copies into ds the stored value of every write-only field the request left
// out, where ds still has the block it belongs to. A block that changed type keeps nothing.
func keepOmittedSecrets(ds, stored *Source, present map[string]bool) {
	previous := map[string]*string{}
	for _, s := range stored.secrets() {
		previous[s.path] = *s.value
	}
	for _, s := range ds.secrets() {
		if !present[s.path] {
			*s.value = previous[s.path]
		}
	}
}

func (ed *Fake) remove(w http.ResponseWriter, id string) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	if !ed.deleteLocked(id) {
		writeNotFound(w, id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (ed *Fake) nameTakenLocked(app, name, exceptID string) bool {
	for id, ds := range ed.sources {
		if id != exceptID && ds.App == app && ds.Name == name {
			return true
		}
	}
	return false
}

// decodeSource reads a POST or PUT body: the source, and which write-only fields it carried
// (as a value or as null) by JSON path. Read-only fields in the body are ignored; unknown ones
// are refused.
func decodeSource(body []byte) (*Source, map[string]bool, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var ds Source
	if err := dec.Decode(&ds); err != nil {
		return nil, nil, fmt.Errorf("the body is not a data source: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, nil, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	present := map[string]bool{}
	for _, s := range ds.secrets() {
		if hasPath(raw, s.path) {
			present[s.path] = true
		}
	}
	if ds.Auth == nil {
		ds.Auth = &Auth{Type: "none"}
	}
	if ds.Auth.OAuth2 != nil {
		ds.Auth.OAuth2.CallbackURL, ds.Auth.OAuth2.Authenticated = "", false
	}
	return &ds, present, nil
}

// hasPath reports whether the dotted path names a member of the object, null included.
func hasPath(object map[string]any, path string) bool {
	var value any = object
	for _, key := range strings.Split(path, ".") {
		m, ok := value.(map[string]any)
		if !ok {
			return false
		}
		if value, ok = m[key]; !ok {
			return false
		}
	}
	return true
}

func writeSource(w http.ResponseWriter, status int, ds *Source) {
	w.Header().Set("ETag", ds.etag())
	fakeserver.WriteJSON(w, status, ds.toWire())
}

func writeNotFound(w http.ResponseWriter, id string) {
	writeError(w, http.StatusNotFound, "not_found", "No data source with id "+id+".", nil)
}

func writeConflict(w http.ResponseWriter, ds *Source) {
	writeError(w, http.StatusConflict, "conflict",
		fmt.Sprintf("A data source named %q already exists in %s.", ds.Name, ds.App),
		map[string][]string{"name": {"is already taken in " + ds.App}})
}

func writeValidationError(w http.ResponseWriter, fields map[string][]string) {
	writeError(w, http.StatusBadRequest, "validation_failed", "The data source is not valid.", fields)
}
