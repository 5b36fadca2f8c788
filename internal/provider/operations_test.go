package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// fakeSource is a plan, state or configuration for prepare.
type fakeSource struct{ err string }

func (s fakeSource) Get(_ context.Context, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	if s.err != "" {
		diags.AddError(s.err, "")
		return diags
	}
	*target.(*string) = "read"
	return diags
}

func TestPrepare(t *testing.T) {
	ctx := context.Background()
	client := func(err string) func() (int, diag.Diagnostics) {
		return func() (int, diag.Diagnostics) {
			var diags diag.Diagnostics
			if err != "" {
				diags.AddAttributeError(path.Root("x"), err, "")
			}
			return 7, diags
		}
	}
	var diags diag.Diagnostics
	var plan, state string
	if c, ok := prepare(ctx, &diags, client(""), into(fakeSource{}, &plan), into(fakeSource{}, &state)); !ok || c != 7 || plan != "read" || state != "read" {
		t.Errorf("all well: %d %v %q %q %v", c, ok, plan, state, diags)
	}
	if _, ok := prepare(ctx, &diags, client("not configured"), into(fakeSource{err: "bad plan"}, &plan)); ok || diags.ErrorsCount() != 2 {
		t.Errorf("failures: %v %v", ok, diags)
	}
}

func TestRefreshAndRemove(t *testing.T) {
	ctx := context.Background()
	gone := &jira.APIError{StatusCode: 404}
	failing := &externaldata.APIError{StatusCode: 503}
	get := func(err error) func(context.Context, string) (*string, error) {
		return func(_ context.Context, id string) (*string, error) {
			if err != nil {
				return nil, err
			}
			return &id, nil
		}
	}
	for name, tc := range map[string]struct {
		err     error
		found   bool
		removed bool
		errors  int
	}{"found": {nil, true, false, 0}, "gone": {gone, false, true, 0}, "failing": {failing, false, false, 1}} {
		resp := &resource.ReadResponse{State: tfsdk.State{Schema: schema.Schema{}, Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}}
		found := refresh(ctx, resp, edSourceObject, "ds_1", get(tc.err))
		if (found != nil) != tc.found || resp.State.Raw.IsNull() != tc.removed || resp.Diagnostics.ErrorsCount() != tc.errors {
			t.Errorf("%s: found %v, state %v, %v", name, found, resp.State.Raw, resp.Diagnostics)
		}
		if tc.errors > 0 && resp.Diagnostics.Errors()[0].Summary() != `Unable to read External Data source "ds_1"` {
			t.Errorf("%s: %s", name, resp.Diagnostics.Errors()[0].Summary())
		}

		var diags diag.Diagnostics
		remove(ctx, &diags, outgoingLinkObject, "Exchange", "L1", func(context.Context, string) error { return tc.err })
		if want := tc.errors; diags.ErrorsCount() != want {
			t.Errorf("%s: delete: %v", name, diags)
		}
	}
}
