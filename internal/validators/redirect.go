package validators

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// maxRedirectURI is the longest redirect URI Jira stores.
const maxRedirectURI = 450

// CheckRedirectURI returns an error unless raw can be an OAuth redirect URI: an absolute https URL
// (http only for loopback), without a fragment (RFC 6749 §3.1.2), at most 450 characters.
func CheckRedirectURI(raw string) error {
	if len(raw) > maxRedirectURI {
		return fmt.Errorf("the redirect URI is %d characters long; Jira accepts at most %d", len(raw), maxRedirectURI)
	}
	if err := CheckHTTPSURL(raw); err != nil {
		return err
	}
	if u, _ := url.Parse(raw); u.Fragment != "" || u.RawFragment != "" {
		return fmt.Errorf("%q has a fragment (#%s): redirect URIs must not have one (RFC 6749 §3.1.2)", raw, u.Fragment)
	}
	return nil
}

// RedirectURI validates a string (a set element) with CheckRedirectURI.
func RedirectURI() validator.String {
	return StringCheck("Invalid redirect URI", "must be an absolute https URL without a fragment, at most 450 characters", CheckRedirectURI)
}
