package externaldata

import (
	"maps"
	"slices"
	"strings"
)

// differences names the fields the API returns in which found differs from sent, by the JSON
// paths the API's errors use. Secrets are not compared (the API never returns them), nor are the
// read-only fields. It tells an object this provider wrote (a create or update whose answer was
// lost) from one someone else made or changed.
func differences(sent, found DataSource) []string {
	var d differ
	d.check("app", sent.App == found.App)
	d.check("name", sent.Name == found.Name)
	d.check("type", sent.Type == found.Type)
	compareBlock(&d, "url", sent.URL, found.URL, func(s, f *URL) {
		d.check("url.url", s.URL == f.URL)
		d.check("url.method", strings.EqualFold(s.Method, f.Method))
		d.check("url.content_type", equalPointers(s.ContentType, f.ContentType))
		d.check("url.body", equalPointers(s.Body, f.Body))
		d.check("url.response_type", s.ResponseType == f.ResponseType)
		d.check("url.headers", maps.Equal(s.Headers, f.Headers))
	})
	compareBlock(&d, "database", sent.Database, found.Database, func(s, f *Database) {
		d.check("database.driver", s.Driver == f.Driver)
		d.check("database.host", s.Host == f.Host)
		d.check("database.port", s.Port == f.Port)
		d.check("database.database", equalPointers(s.Database, f.Database))
		d.check("database.username", equalPointers(s.Username, f.Username))
		d.check("database.query", s.Query == f.Query)
		d.check("database.ssl_mode", equalPointers(s.SSLMode, f.SSLMode))
		d.check("database.server_ca", equalPointers(s.ServerCA, f.ServerCA))
		d.check("database.client_cert", equalPointers(s.ClientCert, f.ClientCert))
	})

	sentAuth, foundAuth := authOrNone(sent.Auth), authOrNone(found.Auth)
	if sentAuth.Type != foundAuth.Type {
		d.add("auth.type")
		return d.fields
	}
	compareBlock(&d, "auth.basic", sentAuth.Basic, foundAuth.Basic, func(s, f *Basic) {
		d.check("auth.basic.username", s.Username == f.Username)
	})
	compareBlock(&d, "auth.bearer", sentAuth.Bearer, foundAuth.Bearer, func(*Bearer, *Bearer) {})
	compareBlock(&d, "auth.custom_header", sentAuth.CustomHeader, foundAuth.CustomHeader, func(s, f *CustomHeader) {
		d.check("auth.custom_header.name", s.Name == f.Name)
	})
	compareBlock(&d, "auth.oauth2", sentAuth.OAuth2, foundAuth.OAuth2, func(s, f *OAuth2) {
		d.check("auth.oauth2.grant_type", s.GrantType == f.GrantType)
		d.check("auth.oauth2.client_id", s.ClientID == f.ClientID)
		d.check("auth.oauth2.auth_url", equalPointers(s.AuthURL, f.AuthURL))
		d.check("auth.oauth2.token_url", s.TokenURL == f.TokenURL)
		d.check("auth.oauth2.revoke_url", equalPointers(s.RevokeURL, f.RevokeURL))
		d.check("auth.oauth2.scopes", slices.Equal(s.Scopes, f.Scopes))
	})
	return d.fields
}

// differ collects the fields that differ.
type differ struct{ fields []string }

func (d *differ) add(field string) { d.fields = append(d.fields, field) }

func (d *differ) check(field string, equal bool) {
	if !equal {
		d.add(field)
	}
}

// compareBlock compares two optional blocks: one missing on one side only is a difference of the
// whole block; two present ones are compared field by field.
func compareBlock[T any](d *differ, field string, sent, found *T, compare func(sent, found *T)) {
	if sent == nil || found == nil {
		d.check(field, sent == nil && found == nil)
		return
	}
	compare(sent, found)
}

func equalPointers[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// authOrNone is auth, with a missing one read as no authentication.
func authOrNone(auth *Auth) Auth {
	if auth == nil {
		return Auth{Type: AuthNone}
	}
	return *auth
}
