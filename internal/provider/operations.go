package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The steps that the operations of the Jira and External Data resources and data sources share:
// read the models and get the client (prepare), refresh a resource's remote object (refresh) and
// delete it (remove), where an object that is gone is not a failure.

// modelSource is what an operation reads a model from: a request's plan, state or configuration.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// modelRead is one model an operation reads, for prepare.
type modelRead struct {
	source modelSource
	target any
}

// into reads source into target, a pointer to a model, for prepare.
func into(source modelSource, target any) modelRead { return modelRead{source, target} }

// prepare starts an operation of a Jira or External Data resource or data source: it reads each
// model and gets the service's client. ok is false when any of it failed; diags says why.
func prepare[C any](ctx context.Context, diags *diag.Diagnostics, client func() (C, diag.Diagnostics), reads ...modelRead) (c C, ok bool) {
	for _, r := range reads {
		diags.Append(r.source.Get(ctx, r.target)...)
	}
	c, d := client()
	diags.Append(d...)
	return c, !diags.HasError()
}

// isNotFound reports whether Jira or External Data answered that the object does not exist.
func isNotFound(err error) bool { return jira.IsNotFound(err) || externaldata.IsNotFound(err) }

// refresh gets the remote object of a resource's Read with get. It returns nil when the read failed
// (resp says why), and when the object is gone: deleted outside Terraform, it is removed from the
// state, so that the next plan creates it again.
func refresh[T any](ctx context.Context, resp *resource.ReadResponse, object, id string, get func(context.Context, string) (*T, error)) *T {
	found, err := get(ctx, id)
	switch {
	case isNotFound(err):
		resp.State.RemoveResource(ctx)
		return nil
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("read", object, id), err, nil)...)
		return nil
	}
	return found
}

// remove deletes the remote object of a resource's Delete with del; one that is already gone is
// no failure.
func remove(ctx context.Context, diags *diag.Diagnostics, object, name, id string, del func(context.Context, string) error) {
	if err := del(ctx, id); err != nil && !isNotFound(err) {
		diags.Append(apiErrorDiagnostics(unableTo("delete", object, name), err, nil)...)
	}
}
