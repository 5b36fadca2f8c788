package graph

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Fake is a fake of the few Microsoft Graph endpoints the examples call: a SharePoint site by
// path (the id multi-step setups look up first), the users list with startswith filters, and an
// app registration with its client secrets' metadata. Like Graph, it accepts only access tokens
// issued for Graph by its Entra (checked with the Entra fake's key), and answers 403 when the
// token lacks the application permission (roles claim) an endpoint needs.
type Fake struct {
	issuer *entra.Fake
	mu     sync.Mutex
	sites  map[string]Site // by "hostname:/server-relative path"
	users  []User
	// applications are the app registrations; reading one needs an application permission
	// of applicationReaders.
	applications []Application
}

// User is a user as GET /v1.0/users lists it.
type User struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Mail        string `json:"mail"`
}

// Site is a SharePoint site as GET /v1.0/sites/{hostname}:/{path} returns it.
type Site struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	WebURL      string `json:"webUrl"`
}

// New returns a Graph fake that trusts the tokens issuer issues.
func New(issuer *entra.Fake) *Fake { return &Fake{issuer: issuer, sites: map[string]Site{}} }

// AddSite makes a site known at hostname and path (e.g. "contoso.sharepoint.com", "sites/Sales");
// its id takes Graph's form "{hostname},{site collection id},{web id}".
func (g *Fake) AddSite(hostname, path, displayName string) Site {
	site := Site{
		ID:          hostname + "," + fakeserver.NewGUID() + "," + fakeserver.NewGUID(),
		DisplayName: displayName,
		WebURL:      "https://" + hostname + "/" + path,
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sites[hostname+":/"+path] = site
	return site
}

// AddUser adds a user to the directory.
func (g *Fake) AddUser(displayName, mail string) User {
	u := User{ID: fakeserver.NewGUID(), DisplayName: displayName, Mail: mail}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.users = append(g.users, u)
	return u
}

// ServeHTTP implements http.Handler.
func (g *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	roles, ok := g.authorize(w, r)
	if !ok {
		return
	}
	if r.URL.Path == "/v1.0/users" && r.Method == http.MethodGet {
		g.listUsers(w, r, roles)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/v1.0/applications") && r.Method == http.MethodGet {
		g.getApplication(w, r, roles)
		return
	}
	key, isSite := strings.CutPrefix(r.URL.Path, "/v1.0/sites/")
	if !isSite || r.Method != http.MethodGet {
		writeGraphError(w, http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+r.URL.Path+"'.")
		return
	}
	if !slices.Contains(roles, "Sites.Read.All") && !slices.Contains(roles, "Sites.ReadWrite.All") {
		writeGraphError(w, http.StatusForbidden, "accessDenied", "Access denied")
		return
	}
	g.mu.Lock()
	site, found := g.sites[key]
	g.mu.Unlock()
	if !found {
		writeGraphError(w, http.StatusNotFound, "itemNotFound", "Requested site could not be found")
		return
	}
	fakeserver.WriteJSON(w, http.StatusOK, site)
}

// startsWith is the one $filter form the fake understands, as the examples use it.
var startsWith = regexp.MustCompile(`^startswith\(displayName,'([^']*)'\)$`)

func (g *Fake) listUsers(w http.ResponseWriter, r *http.Request, roles []string) {
	if !slices.Contains(roles, "User.Read.All") && !slices.Contains(roles, "Directory.Read.All") {
		writeGraphError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
		return
	}
	prefix := ""
	if filter := r.URL.Query().Get("$filter"); filter != "" {
		m := startsWith.FindStringSubmatch(filter)
		if m == nil {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "Invalid filter clause")
			return
		}
		prefix = m[1]
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	users := []User{}
	for _, u := range g.users {
		if strings.HasPrefix(strings.ToLower(u.DisplayName), strings.ToLower(prefix)) {
			users = append(users, u)
		}
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"value": users})
}

// authorize checks the bearer token as Graph does and returns its roles.
func (g *Fake) authorize(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		writeGraphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
		return nil, false
	}
	payload, err := g.issuer.Verify(token)
	var claims struct {
		Aud   string   `json:"aud"`
		Exp   int64    `json:"exp"`
		Roles []string `json:"roles"`
	}
	if err == nil {
		err = json.Unmarshal(payload, &claims)
	}
	if err != nil || claims.Aud != entra.GraphResource || time.Now().Unix() > claims.Exp {
		writeGraphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
		return nil, false
	}
	return claims.Roles, true
}

func writeGraphError(w http.ResponseWriter, status int, code, message string) {
	fakeserver.WriteJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
}
