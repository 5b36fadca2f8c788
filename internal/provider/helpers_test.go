package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// providerFactories serves the provider in-process to the Terraform or OpenTofu CLI that the
// acceptance tests drive (TF_ACC_TERRAFORM_PATH picks it), with the echo provider beside it to
// carry ephemeral values into state where a test needs to look at them.
func providerFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"oauthlink": providerserver.NewProtocol6WithError(New("test")()),
		"echo":      echoprovider.NewProviderServer(),
	}
}

// countingFactories is providerFactories that also counts how many provider processes the CLI
// started: each CLI command starts its own, with a cache of its own.
func countingFactories(started *atomic.Int32) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := providerFactories()
	serve := factories["oauthlink"]
	factories["oauthlink"] = func() (tfprotov6.ProviderServer, error) {
		started.Add(1)
		return serve()
	}
	return factories
}

// noSecretsIn fails when any of the given strings, or anything shaped like a JWT, appears in
// what a check sees of the plan or the state.
type noSecretsIn struct{ secrets []string }

func (c noSecretsIn) find(doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	text := string(raw)
	for _, s := range append([]string{"eyJ"}, c.secrets...) {
		if strings.Contains(text, s) {
			return fmt.Errorf("found %q in %s", s, text)
		}
	}
	return nil
}

func (c noSecretsIn) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.find(req.State)
}

func (c noSecretsIn) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.find(req.Plan)
}

var (
	_ statecheck.StateCheck = noSecretsIn{}
	_ plancheck.PlanCheck   = noSecretsIn{}
)

// errorMatching matches an error output that contains each part, in order. The CLIs wrap
// diagnostics to the terminal's width, so a space in a part matches any run of white space.
func errorMatching(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, part := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(part), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

func TestNoSecretsInFindsTokensAndSecrets(t *testing.T) {
	check := noSecretsIn{secrets: []string{"hunter2"}}
	for doc, wantErr := range map[string]bool{
		`{"access_token":"eyJhbGciOiJSUzI1NiJ9.e30.sig"}`: true,
		`{"client_secret":"hunter2"}`:                     true,
		`{"token_type":"Bearer"}`:                         false,
	} {
		var v any
		_ = json.Unmarshal([]byte(doc), &v)
		if err := check.find(v); (err != nil) != wantErr {
			t.Errorf("find(%s) = %v, want error %v", doc, err, wantErr)
		}
	}
}
