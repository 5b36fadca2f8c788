package oauth

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// Claims are the non-secret claims of a JWT access token that tell an administrator what the
// token is for and which permissions it carries. The token is not verified: these claims describe
// it, they do not authorise anything.
type Claims struct {
	Audience []string // aud, a string or an array in the token
	Issuer   string   // iss
	TenantID string   // tid (Entra)
	AppID    string   // appid (Entra v1 tokens)
	AZP      string   // azp (v2 tokens, OIDC)
	// Roles are the application permissions granted by admin consent; nil when the token has no
	// roles claim.
	Roles []string
	// Scopes are the delegated permissions (scp, space separated); nil when absent.
	Scopes    []string
	ExpiresAt int64 // exp, seconds since the epoch; 0 when absent
}

type rawClaims struct {
	Aud   json.RawMessage `json:"aud"`
	Iss   string          `json:"iss"`
	Tid   string          `json:"tid"`
	AppID string          `json:"appid"`
	AZP   string          `json:"azp"`
	Roles []string        `json:"roles"`
	Scp   *string         `json:"scp"`
	Exp   json.Number     `json:"exp"`
}

// ParseClaims reads the claims of a JWS compact token. It returns false for opaque tokens.
func ParseClaims(token string) (*Claims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, false
	}
	var raw rawClaims
	if err := json.Unmarshal(payload, &raw); err != nil {
		return nil, false
	}
	c := &Claims{Issuer: raw.Iss, TenantID: raw.Tid, AppID: raw.AppID, AZP: raw.AZP, Roles: raw.Roles}
	if raw.Scp != nil {
		c.Scopes = strings.Fields(*raw.Scp)
	}
	if exp, err := raw.Exp.Float64(); err == nil {
		c.ExpiresAt = int64(exp)
	}
	var single string
	if json.Unmarshal(raw.Aud, &single) == nil {
		c.Audience = []string{single}
	} else {
		_ = json.Unmarshal(raw.Aud, &c.Audience)
	}
	return c, true
}

// MissingConsent reports whether an Entra app-only token carries no application permission: the
// roles claim is absent or empty, which almost always means that admin consent was not granted.
func (c *Claims) MissingConsent() bool {
	appOnly := c.TenantID != "" && c.Scopes == nil
	return appOnly && len(c.Roles) == 0
}
