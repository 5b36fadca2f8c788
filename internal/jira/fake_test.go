package jira

import (
	"errors"
	"net/http"
	"testing"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// TestClientAgreesWithTheFake runs the client against the Jira fake (internal/fakes/jira), which
// computes the redirect URI suffix it checks on its own.
func TestClientAgreesWithTheFake(t *testing.T) {
	j := fakejira.Start(t)
	ctx := t.Context()
	j.AddAdminUser("alice", "alice-password")
	for _, creds := range []Credentials{{Token: j.AdminToken}, {Username: "alice", Password: "alice-password"}} {
		client := NewClient(http.DefaultClient, j.URL, creds)
		name := "Gmail " + creds.Username
		secret := "s"
		endpoint := "https://accounts.google.com/o/oauth2/v2/auth"
		created, err := client.CreateOutgoingLink(ctx, OutgoingLink{
			Name: name, Type: ProviderGoogle, ClientID: "c", ClientSecret: &secret, AuthorizationEndpoint: endpoint,
			TokenEndpoint: "https://oauth2.googleapis.com/token", Scopes: []string{"https://mail.google.com/"}, RedirectURISuffix: RedirectURISuffix(endpoint),
		})
		if err != nil || created.Type != ProviderGoogle || created.ClientSecret != nil {
			t.Fatalf("create: %+v %v", created, err)
		}
		byName, err := client.GetOutgoingLinkByName(ctx, name)
		if err != nil || byName.ID != created.ID {
			t.Fatalf("by name: %+v %v", byName, err)
		}
		if _, err := client.GetOutgoingLinkByName(ctx, "nope"); !IsNotFound(err) {
			t.Fatalf("missing by name: %v", err)
		}
		if err := j.ExpectOutgoingSecret(created.ID, "s"); err != nil {
			t.Fatal(err)
		}

		in, err := client.CreateIncomingLink(ctx, IncomingLink{Name: "CI " + creds.Username, Redirects: []string{"http://127.0.0.1:8400/cb"}, Scope: "WRITE"})
		if err != nil || len(in.ClientSecret) != 64 {
			t.Fatalf("create incoming: %+v %v", in, err)
		}
		reset, err := client.ResetIncomingSecret(ctx, in.ClientID)
		if err != nil || reset.ClientSecret == in.ClientSecret {
			t.Fatalf("reset: %+v %v", reset, err)
		}
		if err := client.DeleteIncomingLink(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := client.GetIncomingLink(ctx, in.ID); !IsNotFound(err) {
			t.Fatalf("deleted incoming link: %v", err)
		}
	}
	// Errors come back as the client expects them: field errors, 401.
	admin := NewClient(http.DefaultClient, j.URL, Credentials{Token: j.AdminToken})
	twin := IncomingLink{Name: "Twin", Redirects: []string{"https://a.example.com/cb"}, Scope: "READ"}
	if _, err := admin.CreateIncomingLink(ctx, twin); err != nil {
		t.Fatal(err)
	}
	var apiErr *APIError
	if _, err := admin.CreateIncomingLink(ctx, twin); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.FieldErrors["name"] == nil {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := NewClient(http.DefaultClient, j.URL, Credentials{Token: "not-an-admin"}).ListOutgoingLinks(ctx); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Fatalf("as a stranger: %v, want a 401", err)
	}
}
