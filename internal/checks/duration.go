package checks

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// durationShape is what time.ParseDuration takes; a string of this shape that it refuses is too
// long for a time.Duration (about 290 years).
var durationShape = regexp.MustCompile(`^[-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+$`)

// ParsePositiveDuration parses a Go duration string such as "30s" or "2m" that must be above zero
// and at most max.
func ParsePositiveDuration(raw string, max time.Duration) (time.Duration, error) {
	tooLong := fmt.Errorf("%q is longer than %s, the most the provider allows: write a shorter duration, e.g. \"30s\" or \"5m\"", raw, FormatDuration(max))
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil && durationShape.MatchString(raw) && raw != "0":
		return 0, tooLong
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration: write a number with a unit, e.g. \"30s\", \"2m\" or \"1m30s\"", raw)
	case d <= 0:
		return 0, fmt.Errorf("%q must be longer than zero", raw)
	case d > max:
		return 0, tooLong
	}
	return d, nil
}

// FormatDuration writes d without zero minutes and seconds: "1h" rather than "1h0m0s".
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
