package validators

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// JavaLength is the length of s as Java's String.length() counts it, in UTF-16 code units, which
// is what Jira's length limits count: a character outside the Basic Multilingual Plane, such as
// most emoji, counts 2.
func JavaLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// Counting is how a service counts the length of a string, and how messages say so after "n
// characters long".
type Counting struct {
	Count func(string) int
	How   string
}

var (
	// JiraCharacters counts as Jira does (JavaLength).
	JiraCharacters = Counting{JavaLength, " as Jira counts them (UTF-16 code units, in which an emoji usually counts 2)"}
	// Characters counts Unicode code points.
	Characters = Counting{utf8.RuneCountInString, ""}
)

// CheckLength returns an error naming attribute when value is shorter than min or longer than max.
func CheckLength(attribute, value string, min, max int, counting Counting) error {
	switch n := counting.Count(value); {
	case n == 0 && min > 0:
		return fmt.Errorf("%s is empty: write a value of %d to %d characters", attribute, min, max)
	case n < min:
		return fmt.Errorf("%s is %d characters long%s; it needs at least %d: lengthen it", attribute, n, counting.How, min)
	case n > max:
		return fmt.Errorf("%s is %d characters long%s; at most %d are allowed: shorten it", attribute, n, counting.How, max)
	}
	return nil
}

// Length validates the length of a string attribute with CheckLength.
func Length(min, max int, counting Counting) validator.String {
	return AttributeCheck("Invalid length", fmt.Sprintf("must be %d to %d characters long%s", min, max, counting.How),
		func(attribute, value string) error { return CheckLength(attribute, value, min, max, counting) })
}

// controlCharacter finds the first control character in s (tab too, unless allowTab) and says
// what it is and where, e.g. "a line feed (U+000A) at character 9", without s itself, which may
// be a secret.
func controlCharacter(s string, allowTab bool) (string, bool) {
	position := 0
	for _, r := range s {
		position++
		if !unicode.IsControl(r) || (allowTab && r == '\t') {
			continue
		}
		name := map[rune]string{'\n': "a line feed", '\r': "a carriage return", '\t': "a tab", 0: "a NUL character"}[r]
		if name == "" {
			name = "a control character"
		}
		return fmt.Sprintf("%s (%U) at character %d", name, r, position), true
	}
	return "", false
}

// NoControlCharacters refuses line breaks, tabs and other control characters. The message names
// the attribute and the character, never the value, and ends with fix, e.g. "remove it".
func NoControlCharacters(fix string) validator.String {
	return AttributeCheck("Control character in value", "must not hold control characters such as line breaks",
		func(attribute, value string) error {
			if found, ok := controlCharacter(value, false); ok {
				return fmt.Errorf("%s holds %s: %s", attribute, found, fix)
			}
			return nil
		})
}

// CheckHeaderValue returns an error unless value can be sent as an HTTP header value (RFC 9110
// §5.5): no control characters but tab. A CR or LF would end the header and start another.
func CheckHeaderValue(value string) error {
	if found, ok := controlCharacter(value, true); ok {
		return fmt.Errorf("holds %s: a header value is one line of text, and a line break would end the header and start another; remove it", found)
	}
	return nil
}

// HeaderValue validates a header value with CheckHeaderValue. The message names the attribute and
// never shows the value, which may be a secret.
func HeaderValue() validator.String {
	return AttributeCheck("Invalid header value", "must be one line of text, without control characters other than tab",
		func(attribute, value string) error {
			if err := CheckHeaderValue(value); err != nil {
				return fmt.Errorf("%s %v", attribute, err)
			}
			return nil
		})
}

// CheckName returns an error unless value can name something that people pick from a list: not
// blank, one line of printable text, and at most max characters as counting counts them.
func CheckName(attribute, value string, max int, counting Counting) error {
	if strings.TrimSpace(value) == "" {
		blank := "empty"
		if value != "" {
			blank = "only white space"
		}
		return fmt.Errorf("%s is %s: give it a name people recognise, e.g. the system it connects to", attribute, blank)
	}
	if found, ok := controlCharacter(value, false); ok {
		return fmt.Errorf("%s %q holds %s: a name is one line of printable text; remove it", attribute, value, found)
	}
	return CheckLength(attribute, value, 1, max, counting)
}

// Name validates a name with CheckName.
func Name(max int, counting Counting) validator.String {
	return AttributeCheck("Invalid name", fmt.Sprintf("must be 1 to %d characters%s, not blank, without line breaks or other control characters", max, counting.How),
		func(attribute, value string) error { return CheckName(attribute, value, max, counting) })
}
