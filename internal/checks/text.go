package checks

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
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

// Length returns an error naming attribute when value is shorter than min or longer than max.
func Length(attribute, value string, min, max int, counting Counting) error {
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

// NoControlCharacters returns an error naming attribute and the character, never the value, when
// value holds a line break, a tab or another control character; the message ends with fix, e.g.
// "remove it".
func NoControlCharacters(attribute, value, fix string) error {
	if found, ok := controlCharacter(value, false); ok {
		return fmt.Errorf("%s holds %s: %s", attribute, found, fix)
	}
	return nil
}

// HeaderName returns an error unless name is a valid HTTP field name (an RFC 9110 token).
func HeaderName(name string) error {
	if name == "" {
		return fmt.Errorf("a header name cannot be empty")
	}
	for _, r := range name {
		if !isTokenChar(r) {
			return fmt.Errorf("%q is not a valid header name: use letters, digits and - (no spaces or colons), e.g. X-API-Key", name)
		}
	}
	return nil
}

// isTokenChar reports whether r may appear in an RFC 9110 token.
func isTokenChar(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

// HeaderValue returns an error unless value can be sent as an HTTP header value (RFC 9110 §5.5):
// no control characters but tab. A CR or LF would end the header and start another. The message
// does not show the value, which may be a secret.
func HeaderValue(value string) error {
	if found, ok := controlCharacter(value, true); ok {
		return fmt.Errorf("holds %s: a header value is one line of text, and a line break would end the header and start another; remove it", found)
	}
	return nil
}

// NotBlank returns an error when s holds only white space.
func NotBlank(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("the value is empty or only white space: write a value, or leave the attribute out")
	}
	return nil
}

// Name returns an error unless value can name something that people pick from a list: not
// blank, one line of printable text, and at most max characters as counting counts them.
func Name(attribute, value string, max int, counting Counting) error {
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
	return Length(attribute, value, 1, max, counting)
}

// Scope returns an error unless scope is one non-empty scope token without white space (RFC 6749
// §3.3): scopes are joined with spaces on the wire, so "a b" would silently become two.
func Scope(scope string) error {
	switch {
	case scope == "":
		return fmt.Errorf("a scope must not be empty")
	case strings.ContainsAny(scope, " \t\r\n"):
		return fmt.Errorf("%q holds white space: list each scope as its own element, e.g. [\"%s\"]", scope, strings.Join(strings.Fields(scope), `", "`))
	}
	return nil
}

var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// LooksLikeSecretID reports whether a client secret is shaped like a GUID. Entra shows each client
// secret's ID (a GUID) next to its Value, and the ID is the one people copy by mistake; Entra then
// answers AADSTS7000215. Secret values are never GUIDs.
func LooksLikeSecretID(secret string) bool { return guid.MatchString(secret) }

// Sentence ends message with exactly one full stop, unless it ends with a question or an
// exclamation mark: "e.g. 404.." and "e.g. 404" both become "e.g. 404.".
func Sentence(message string) string {
	message = strings.TrimSpace(message)
	if strings.HasSuffix(message, "?") || strings.HasSuffix(message, "!") {
		return message
	}
	return strings.TrimRight(message, ".") + "."
}

// Sentences joins messages into one text, each a Sentence, so that a message that ends with a
// full stop of its own does not get a second one: "… an administrator's token." and "Check …"
// become "… an administrator's token. Check ….". Empty messages are left out.
func Sentences(messages ...string) string {
	var parts []string
	for _, m := range messages {
		if strings.TrimSpace(m) != "" {
			parts = append(parts, Sentence(m))
		}
	}
	return strings.Join(parts, " ")
}

// Explain returns err followed by more sentences, joined by Sentences; the result wraps err, so
// errors.As still finds what it holds.
func Explain(err error, more ...string) error {
	return &explained{err: err, text: Sentences(append([]string{err.Error()}, more...)...)}
}

type explained struct {
	err  error
	text string
}

func (e *explained) Error() string { return e.text }

func (e *explained) Unwrap() error { return e.err }
