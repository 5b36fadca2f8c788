package jira

import (
	"crypto/md5" //nolint:gosec // Jira's redirect URI suffix is an MD5 digest, not a security measure.
	"encoding/base64"
)

// redirectURISuffix is the redirectUriSuffix Jira requires of an outgoing link, computed as the
// facts (jira-outgoing-oauth2-api.md, "JSON model") say: the unpadded base64url encoding of the MD5
// digest of the authorization endpoint, the exact string. The fake computes it itself rather than
// asking the provider's client (internal/jira), whose computation it exists to check.
func redirectURISuffix(authorizationEndpoint string) string {
	digest := md5.Sum([]byte(authorizationEndpoint)) //nolint:gosec // see the import
	return base64.RawURLEncoding.EncodeToString(digest[:])
}
