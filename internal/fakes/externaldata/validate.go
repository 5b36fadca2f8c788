package externaldata

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The values the product's form offers.
var (
	apps          = []string{"jira", "confluence"}
	sourceTypes   = []string{"url", "database"}
	methods       = []string{"GET", "POST"}
	responseTypes = []string{"json", "xml"}
	authTypes     = []string{"none", "basic", "bearer", "custom_header", "oauth2"}
	grantTypes    = []string{"client_credentials", "authorization_code"}
	drivers       = []string{"mysql", "postgresql", "mssql", "oracle", "db2", "snowflake"}
	sslModes      = []string{"disabled", "preferred", "required", "verify_ca", "verify_identity"}
	// ports are the only ports the product connects to on a URL.
	ports = []int{80, 443, 8080, 8008, 8000, 8077, 8443, 8444, 9080, 5867, 37469, 37470, 3128}
)

// variablePattern is a {variable} filled in when a field reads the source.
var variablePattern = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_.]*)\}`)

// headerToken is an HTTP header name (RFC 9110 token).
var headerToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// fieldErrors collects validation messages by JSON path.
type fieldErrors map[string][]string

func (f fieldErrors) add(path, format string, args ...any) {
	f[path] = append(f[path], fmt.Sprintf(format, args...))
}

func (f fieldErrors) oneOf(path, value string, allowed []string) {
	if !slices.Contains(allowed, value) {
		f.add(path, "must be one of %v, not %q", allowed, value)
	}
}

func (f fieldErrors) required(path, value string) {
	if value == "" {
		f.add(path, "is required")
	}
}

// validateSource returns what is wrong with a source about to be stored, by JSON path.
func validateSource(ds *Source, anyPort bool) fieldErrors {
	f := fieldErrors{}
	f.oneOf("app", ds.App, apps)
	if n := utf8.RuneCountInString(ds.Name); n < 1 || n > 255 {
		f.add("name", "must be 1 to 255 characters long")
	}
	f.oneOf("type", ds.Type, sourceTypes)
	switch {
	case ds.Type == "url" && ds.URL == nil:
		f.add("url", "is required when type is url")
	case ds.Type == "database" && ds.Database == nil:
		f.add("database", "is required when type is database")
	}
	if ds.URL != nil {
		if ds.Type != "url" {
			f.add("url", "must be null when type is %s", ds.Type)
		}
		validateURLBlock(f, ds.URL, anyPort)
	}
	if ds.Database != nil {
		if ds.Type != "database" {
			f.add("database", "must be null when type is %s", ds.Type)
		}
		validateDatabase(f, ds.Database)
	}
	validateAuth(f, ds.Auth)
	return f
}

func validateURLBlock(f fieldErrors, u *URL, anyPort bool) {
	checkSourceURL(f, "url.url", u.URL, !anyPort)
	f.oneOf("url.method", u.Method, methods)
	if u.Method != "POST" {
		if u.ContentType != nil {
			f.add("url.content_type", "is for POST only")
		}
		if u.Body != nil {
			f.add("url.body", "is for POST only")
		}
	}
	f.oneOf("url.response_type", u.ResponseType, responseTypes)
	for name := range u.Headers {
		if !headerToken.MatchString(name) {
			f.add("url.headers", "%q is not a valid header name", name)
		}
	}
}

func validateDatabase(f fieldErrors, db *Database) {
	f.oneOf("database.driver", db.Driver, drivers)
	f.required("database.host", db.Host)
	if db.Port < 1 || db.Port > 65535 {
		f.add("database.port", "must be from 1 to 65535")
	}
	f.required("database.query", db.Query)
	if db.Driver != "mysql" {
		for path, set := range map[string]bool{
			"database.ssl_mode": db.SSLMode != nil, "database.server_ca": db.ServerCA != nil,
			"database.client_cert": db.ClientCert != nil, "database.client_key": db.ClientKey != nil,
		} {
			if set {
				f.add(path, "is for the mysql driver only")
			}
		}
	} else if db.SSLMode != nil {
		f.oneOf("database.ssl_mode", *db.SSLMode, sslModes)
	}
}

func validateAuth(f fieldErrors, a *Auth) {
	f.oneOf("auth.type", a.Type, authTypes)
	blocks := map[string]bool{
		"basic": a.Basic != nil, "bearer": a.Bearer != nil,
		"custom_header": a.CustomHeader != nil, "oauth2": a.OAuth2 != nil,
	}
	for block, set := range blocks {
		switch {
		case set && block != a.Type:
			f.add("auth."+block, "must be left out when auth.type is %s", a.Type)
		case !set && block == a.Type:
			f.add("auth."+block, "is required when auth.type is %s", a.Type)
		}
	}
	if b := a.Basic; b != nil {
		f.required("auth.basic.username", b.Username)
	}
	if b := a.Bearer; b != nil && b.Token == nil {
		f.add("auth.bearer.token", "is required")
	}
	if h := a.CustomHeader; h != nil {
		if !headerToken.MatchString(h.Name) {
			f.add("auth.custom_header.name", "%q is not a valid header name", h.Name)
		}
		if h.Value == nil {
			f.add("auth.custom_header.value", "is required")
		}
	}
	if o := a.OAuth2; o != nil {
		validateOAuth2(f, o)
	}
}

func validateOAuth2(f fieldErrors, o *OAuth2) {
	f.oneOf("auth.oauth2.grant_type", o.GrantType, grantTypes)
	f.required("auth.oauth2.client_id", o.ClientID)
	if o.TokenURL == "" {
		f.add("auth.oauth2.token_url", "is required")
	} else {
		checkSourceURL(f, "auth.oauth2.token_url", o.TokenURL, false)
	}
	if o.RevokeURL != nil {
		checkSourceURL(f, "auth.oauth2.revoke_url", *o.RevokeURL, false)
	}
	if o.AuthURL != nil {
		checkSourceURL(f, "auth.oauth2.auth_url", *o.AuthURL, false)
	}
	if o.GrantType == "authorization_code" {
		if o.AuthURL == nil {
			f.add("auth.oauth2.auth_url", "is required for the authorization_code grant")
		}
		if len(o.Scopes) == 0 {
			f.add("auth.oauth2.scopes", "must not be empty for the authorization_code grant")
		}
	}
}

// checkSourceURL requires an absolute https URL (http for loopback only) and, when checkPort,
// one of the ports the product connects to. {variables} may stand anywhere.
func checkSourceURL(f fieldErrors, path, raw string, checkPort bool) {
	u, err := url.Parse(variablePattern.ReplaceAllString(raw, "x"))
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		f.add(path, "must be an absolute URL")
		return
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		f.add(path, "must use https (http is allowed for localhost only)")
	case u.Scheme != "http" && u.Scheme != "https":
		f.add(path, "must use https")
	}
	if port := u.Port(); checkPort && port != "" {
		n, _ := strconv.Atoi(port)
		if !slices.Contains(ports, n) {
			f.add(path, "port %s is not allowed; allowed ports: %v", port, ports)
		}
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
