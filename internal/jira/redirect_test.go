package jira

import "testing"

func TestRedirectURI(t *testing.T) {
	// The design's example: MD5 of the common authorize endpoint, base64url without padding.
	const common = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
	if got := RedirectURISuffix(common); got != "FC8GQRj7OZO_j1_b6A-Eig" {
		t.Errorf("RedirectURISuffix = %q", got)
	}
	for _, base := range []string{"https://jira.example.com", "https://jira.example.com/"} {
		if got := RedirectURI(base, common); got != "https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig" {
			t.Errorf("RedirectURI(%q) = %q", base, got)
		}
	}
	if RedirectURISuffix(common+"/") == RedirectURISuffix(common) {
		t.Error("the suffix must hash the exact string")
	}
}
