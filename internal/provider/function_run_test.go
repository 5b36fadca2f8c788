package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// runFunction calls a function's Run as the framework would, after checking its definition, and
// returns the result or the error.
func runFunction(t *testing.T, f function.Function, args ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	var check function.DefinitionValidateResponse
	def.Definition.ValidateImplementation(ctx, function.DefinitionValidateRequest{FuncName: "f"}, &check)
	if def.Diagnostics.HasError() || check.Diagnostics.HasError() {
		t.Fatalf("invalid definition: %v %v", def.Diagnostics, check.Diagnostics)
	}
	if len(args) != len(def.Definition.Parameters) {
		t.Fatalf("%d arguments for %d parameters", len(args), len(def.Definition.Parameters))
	}
	result, funcErr := def.Definition.Return.NewResultData(ctx)
	if funcErr != nil {
		t.Fatal(funcErr)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

// wantFuncResult fails unless the call returned want, or failed on argument wantArg with a text
// that contains wantErr.
func wantFuncResult(t *testing.T, got attr.Value, funcErr *function.FuncError, want attr.Value, wantArg int64, wantErr string) {
	t.Helper()
	if wantErr == "" {
		if funcErr != nil {
			t.Fatalf("unexpected error: %v", funcErr)
		}
		if !got.Equal(want) {
			t.Fatalf("got %v\nwant %v", got, want)
		}
		return
	}
	switch {
	case funcErr == nil:
		t.Fatalf("got %v, want an error on argument %d containing %q", got, wantArg, wantErr)
	case funcErr.FunctionArgument == nil || *funcErr.FunctionArgument != wantArg:
		t.Fatalf("error %q is on argument %v, want %d", funcErr.Text, funcErr.FunctionArgument, wantArg)
	case !strings.Contains(funcErr.Text, wantErr):
		t.Fatalf("error %q does not contain %q", funcErr.Text, wantErr)
	}
}

func str(s string) types.String { return types.StringValue(s) }

// functionTest applies a configuration of outputs and checks them; provider functions need
// Terraform ≥ 1.8 (OpenTofu ≥ 1.7).
func functionTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	versionedTest(t, tfversion.SkipBelow(tfversion.Version1_8_0), steps...)
}
