package validators

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// maxRedirectURI is the longest redirect URI Jira stores.
const maxRedirectURI = 450

// CheckRedirectURI returns an error unless raw can be an OAuth redirect URI: an absolute https URL
// (http only for loopback), without a fragment (RFC 6749 §3.1.2), at most 450 characters as Jira
// counts them.
func CheckRedirectURI(raw string) error {
	if n := JavaLength(raw); n > maxRedirectURI {
		return fmt.Errorf("the redirect URI is %d characters long%s; Jira accepts at most %d: shorten it", n, JiraCharacters.How, maxRedirectURI)
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
	return AttributeCheck("Invalid redirect URI", "must be an absolute https URL without a fragment, at most 450 characters",
		func(attribute, value string) error {
			if err := CheckRedirectURI(value); err != nil {
				return fmt.Errorf("%s: %w", attribute, err)
			}
			return nil
		})
}
