package httpx

import (
	"html"
	"mime"
	"regexp"
	"strings"
)

var (
	tags       = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]*>`)
	whitespace = regexp.MustCompile(`\s+`)
)

// maxExcerpt is how much of an unexpected body a message quotes.
const maxExcerpt = 200

// Excerpt returns the start of a body as readable text for an error message: HTML tags are
// dropped and white space collapsed.
func Excerpt(contentType string, body []byte) string {
	text := string(body)
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "text/html" || strings.HasPrefix(strings.TrimSpace(text), "<") {
		text = html.UnescapeString(tags.ReplaceAllString(text, " "))
	}
	text = strings.TrimSpace(whitespace.ReplaceAllString(text, " "))
	if len(text) > maxExcerpt {
		text = strings.ToValidUTF8(text[:maxExcerpt], "") + "…"
	}
	if text == "" {
		return "(empty body)"
	}
	return text
}
