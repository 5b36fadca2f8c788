package oauth

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestTroubleshootingPageExplainsEveryCode fails when an AADSTS code that the provider explains
// (entraAdvice) has no section on the troubleshooting page, which says what administrators see
// in Jira or Confluence besides the provider's advice.
func TestTroubleshootingPageExplainsEveryCode(t *testing.T) {
	const page = "../../templates/guides/troubleshooting.md.tmpl"
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range entraAdvice {
		if heading := fmt.Sprintf("\n### AADSTS%d: ", a.code); !strings.Contains(string(raw), heading) {
			t.Errorf("%s has no section %q for a code the provider explains", page, strings.TrimSpace(heading))
		}
	}
}
