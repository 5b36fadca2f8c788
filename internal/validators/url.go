// Package validators holds the plan-time validators the provider's schemas share. Most adapt a
// plain check of internal/checks, so that each rule is written once and serves plan-time
// validation as well as values from elsewhere (the environment, a function argument); the rest
// need the plugin framework itself (objects, whole numbers, secrets shaped like IDs).
package validators

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// HTTPSURL validates a string attribute with checks.HTTPSURL.
func HTTPSURL() validator.String { return URL(checks.HTTPSURL) }

// URL validates a URL attribute with check, a checks.HTTPSURL that may allow more.
func URL(check func(string) error) validator.String {
	return StringCheck("Invalid URL", fmt.Sprintf("must be an absolute https URL (http only for loopback addresses), at most %d characters", checks.MaxURLLength),
		check)
}

// RedirectURI validates a string (a set element) with checks.RedirectURI.
func RedirectURI() validator.String {
	return StringCheck("Invalid redirect URI", "must be an absolute https URL without a fragment, at most 450 characters",
		checks.RedirectURI)
}
