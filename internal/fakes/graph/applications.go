package graph

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Application is an app registration as GET /v1.0/applications/{id} returns it. ID is the
// object id; AppID is the Application (client) ID that token requests name.
type Application struct {
	ID                  string               `json:"id"`
	AppID               string               `json:"appId"`
	DisplayName         string               `json:"displayName"`
	PasswordCredentials []PasswordCredential `json:"passwordCredentials"`
}

// PasswordCredential is what Graph tells about a client secret. It has no secret: Graph returns
// secretText only once, in addPassword's answer, never on a read; Hint is the secret's first
// three characters.
type PasswordCredential struct {
	KeyID         string    `json:"keyId"`
	DisplayName   string    `json:"displayName"`
	Hint          string    `json:"hint"`
	StartDateTime time.Time `json:"startDateTime"`
	EndDateTime   time.Time `json:"endDateTime"`
}

// applicationReaders are the application permissions that may read any app registration.
var applicationReaders = []string{"Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"}

// AddApplication registers an app (by its Application (client) ID) with the secrets it has and
// returns it with its new object id.
func (g *Fake) AddApplication(appID, displayName string, secrets ...PasswordCredential) Application {
	app := Application{ID: fakeserver.NewGUID(), AppID: appID, DisplayName: displayName,
		PasswordCredentials: append([]PasswordCredential{}, secrets...)}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.applications = append(g.applications, app)
	return app
}

// getApplication serves GET /v1.0/applications/{object id} and the alternate key
// /v1.0/applications(appId='{app id}'), with $select.
func (g *Fake) getApplication(w http.ResponseWriter, r *http.Request, roles []string) {
	key, byAppID := strings.CutPrefix(r.URL.Path, "/v1.0/applications(appId='")
	if byAppID {
		key, byAppID = strings.CutSuffix(key, "')")
	} else {
		key = strings.TrimPrefix(r.URL.Path, "/v1.0/applications/")
	}
	if key == "" || strings.Contains(key, "/") {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+r.URL.Path+"'.")
		return
	}
	if !slices.ContainsFunc(roles, func(role string) bool { return slices.Contains(applicationReaders, role) }) {
		writeGraphError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
		return
	}
	g.mu.Lock()
	i := slices.IndexFunc(g.applications, func(a Application) bool {
		return strings.EqualFold(key, a.ID) && !byAppID || strings.EqualFold(key, a.AppID) && byAppID
	})
	var app Application
	if i >= 0 {
		app = g.applications[i]
	}
	g.mu.Unlock()
	if i < 0 {
		writeGraphError(w, http.StatusNotFound, "Request_ResourceNotFound",
			"Resource '"+key+"' does not exist or one of its queried reference-property objects are not present.")
		return
	}
	body, unknown := selected(app, r.URL.Query().Get("$select"))
	if unknown != "" {
		writeGraphError(w, http.StatusBadRequest, "BadRequest",
			"Could not find a property named '"+unknown+"' on type 'microsoft.graph.application'.")
		return
	}
	fakeserver.WriteJSON(w, http.StatusOK, body)
}

// selected keeps the properties $select names (all when it is empty), as Graph does, or names
// the first property that an application does not have.
func selected(app Application, selectParam string) (body map[string]any, unknown string) {
	body = map[string]any{"id": app.ID, "appId": app.AppID, "displayName": app.DisplayName,
		"passwordCredentials": app.PasswordCredentials}
	if selectParam == "" {
		return body, ""
	}
	kept := map[string]any{}
	for name := range strings.SplitSeq(selectParam, ",") {
		name = strings.TrimSpace(name)
		value, ok := body[name]
		if !ok {
			return nil, name
		}
		kept[name] = value
	}
	return kept, ""
}
