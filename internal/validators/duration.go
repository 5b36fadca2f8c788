package validators

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ParsePositiveDuration parses a Go duration string such as "30s" or "2m" that must be above zero.
func ParsePositiveDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write a number with a unit, e.g. \"30s\", \"2m\" or \"1m30s\"", raw)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be longer than zero", raw)
	}
	return d, nil
}

// PositiveDuration validates a string attribute with ParsePositiveDuration.
func PositiveDuration() validator.String {
	return StringCheck("Invalid duration", `must be a duration above zero such as "30s" or "2m"`, func(raw string) error {
		_, err := ParsePositiveDuration(raw)
		return err
	})
}
