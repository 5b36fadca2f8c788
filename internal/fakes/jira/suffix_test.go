package jira

import (
	"net/http"
	"net/url"
	"testing"
)

// suffixVectors are redirect URI suffixes worked out by hand from the facts' algorithm
// (jira-outgoing-oauth2-api.md: the unpadded base64url encoding of the MD5 digest of the
// authorization endpoint, the exact string), not by any code of this repository: the MD5 digests
// are RFC 1321's test suite where it has the input, else `openssl md5`, and the encoding is
// RFC 4648 §5 without padding. The first is the facts' own example.
var suffixVectors = []struct{ endpoint, hexDigest, suffix string }{
	{"https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "142f064118fb3993bf8f5fdbe80f848a", "FC8GQRj7OZO_j1_b6A-Eig"},
	// The exact string: a trailing slash or an upper-case scheme is another endpoint.
	{"https://login.microsoftonline.com/common/oauth2/v2.0/authorize/", "a1bdb520be33de5869885464fb4722f9", "ob21IL4z3lhpiFRk-0ci-Q"},
	{"HTTPS://login.microsoftonline.com/common/oauth2/v2.0/authorize", "b5cda6120bdbfda257076f5d00a33a2c", "tc2mEgvb_aJXB29dAKM6LA"},
	{"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize", "ad6e2dcf4bbd0551e9b4da9e476ca138", "rW4tz0u9BVHptNqeR2yhOA"},
	{"https://accounts.google.com/o/oauth2/v2/auth", "5594d50771f8132a37479283bd3a75be", "VZTVB3H4Eyo3R5KDvTp1vg"},
	// RFC 1321 A.5; "-" and "_" where standard base64 has "+" and "/".
	{"", "d41d8cd98f00b204e9800998ecf8427e", "1B2M2Y8AsgTpgAmY7PhCfg"},
	{"abc", "900150983cd24fb0d6963f7d28e17f72", "kAFQmDzST7DWlj99KOF_cg"},
	{"message digest", "f96b697d7cb7938d525a2f31aaf161d0", "-WtpfXy3k41SWi8xqvFh0A"},
}

func TestRedirectURISuffixVectors(t *testing.T) {
	for _, v := range suffixVectors {
		if got := redirectURISuffix(v.endpoint); got != v.suffix {
			t.Errorf("redirectURISuffix(%q) = %s, want %s (MD5 %s)", v.endpoint, got, v.suffix, v.hexDigest)
		}
	}
}

// TestRedirectURISuffixOverHTTP checks that the fake answers and accepts the vectors' suffixes.
func TestRedirectURISuffixOverHTTP(t *testing.T) {
	jt := startJiraTest(t)
	jt.SetAllowHTTPEndpoints(true)
	for _, v := range suffixVectors[:5] { // the endpoints
		var got map[string]string
		r := jt.admin(t, http.MethodGet, outgoingBase+"/get-redirect-uri?authorizationEndpoint="+url.QueryEscape(v.endpoint), "")
		if r.decode(t, &got); got["redirectUriSuffix"] != v.suffix {
			t.Errorf("get-redirect-uri of %s: %s, want suffix %s", v.endpoint, r.body, v.suffix)
		}
		body := outgoingJSONBody(t, set("name", v.endpoint, "authorizationEndpoint", v.endpoint, "redirectUriSuffix", v.suffix))
		if r := jt.admin(t, http.MethodPost, outgoingBase, body); r.status != http.StatusOK {
			t.Errorf("create with the suffix %s of %s: %d %s", v.suffix, v.endpoint, r.status, r.body)
		}
	}
}
