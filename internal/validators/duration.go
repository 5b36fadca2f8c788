package validators

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// PositiveDuration validates a string attribute with checks.ParsePositiveDuration.
func PositiveDuration(max time.Duration) validator.String {
	return StringCheck("Invalid duration", fmt.Sprintf(`must be a duration above zero and at most %s, such as "30s" or "2m"`, checks.FormatDuration(max)),
		func(raw string) error {
			_, err := checks.ParsePositiveDuration(raw, max)
			return err
		})
}
