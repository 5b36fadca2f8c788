package jira

import (
	"crypto/md5" //nolint:gosec // Jira derives the callback suffix with MD5; it is an identifier, not a protection.
	"encoding/base64"
	"strings"
)

// callbackPath is where Jira receives authorization codes for outgoing links.
const callbackPath = "/plugins/servlet/oauth2/client/callback/"

// RedirectURISuffix is what Jira requires as an outgoing link's redirectUriSuffix: the unpadded
// base64url encoding of the MD5 digest of the exact authorization endpoint string.
func RedirectURISuffix(authorizationEndpoint string) string {
	sum := md5.Sum([]byte(authorizationEndpoint)) //nolint:gosec // see the import
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// RedirectURI is the redirect URI to register at the OAuth provider (Entra, Google) for an
// outgoing link of the Jira at baseURL.
func RedirectURI(baseURL, authorizationEndpoint string) string {
	return RedirectURIWithSuffix(baseURL, RedirectURISuffix(authorizationEndpoint))
}

// RedirectURIWithSuffix is the redirect URI of an outgoing link whose suffix Jira reported.
func RedirectURIWithSuffix(baseURL, suffix string) string {
	return trimBase(baseURL) + callbackPath + suffix
}

func trimBase(baseURL string) string { return strings.TrimRight(baseURL, "/") }
