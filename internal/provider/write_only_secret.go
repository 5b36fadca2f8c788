package provider

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// A secret that the service never returns (the outgoing link's client secret, the six secrets of
// an External Data source) is given in one of two ways: x, sensitive and kept in state, or x_wo,
// write-only and never stored, with x_wo_version, whose change sends x_wo again. This file holds
// their schema, which of them was given, and the rule that a secret is sent on create and then
// only when it changed.

// secretAttributes are the attributes of one secret: x, x_wo and x_wo_version, at most one of x
// and x_wo. A secret the service needs (required) is still optional in the schema: an imported
// or adopted object keeps the secret already set on the server, and only a create without it
// fails, at plan time (missingSecret in the resource's ModifyPlan).
func secretAttributes(name, description string, required bool) map[string]schema.Attribute {
	wo, version := name+"_wo", name+"_wo_version"
	checks := []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(sibling(wo))}
	rule := "At most one of `" + name + "` and `" + wo + "`."
	if required {
		rule += " One of them is required to create; left out, an imported object keeps the secret already set on the server."
	} else {
		rule += " Left out, the secret already set on the server (e.g. of an imported object) is kept."
	}
	return map[string]schema.Attribute{
		name: schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: description + " Kept in state; sent on create and whenever it changes. " + rule,
			Validators:          checks,
		},
		wo: schema.StringAttribute{
			Optional: true, Sensitive: true, WriteOnly: true,
			MarkdownDescription: description + " Write-only: never stored in plan or state (Terraform ≥ 1.11, OpenTofu ≥ 1.11); " +
				"sent on create and whenever `" + version + "` changes.",
			Validators: []validator.String{
				stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(sibling(version)),
			},
		},
		version: schema.Int64Attribute{
			Optional:            true,
			CustomType:          validators.AnyWholeNumber(),
			MarkdownDescription: "Any number; change it to send `" + wo + "` again (rotation).",
			Validators:          []validator.Int64{int64validator.AlsoRequires(sibling(wo))},
		},
	}
}

// withValidators adds checks to the string attributes of secretAttributes, e.g. for a secret
// sent in a header.
func withValidators(attributes map[string]schema.Attribute, checks ...validator.String) map[string]schema.Attribute {
	for name, a := range attributes {
		if s, ok := a.(schema.StringAttribute); ok {
			s.Validators = append(slices.Clone(s.Validators), checks...)
			attributes[name] = s
		}
	}
	return attributes
}

// mergeAttributes joins the attributes of a block with those of its secrets.
func mergeAttributes(parts ...map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, part := range parts {
		for name, a := range part {
			out[name] = a
		}
	}
	return out
}

// missingSecret reports whether the configuration gives neither x nor x_wo of a secret whose
// block is there (config not nil), which a create needs for a secret the service requires.
func missingSecret(config *secretFields) bool {
	if config == nil {
		return false
	}
	value, writeOnly, _ := config.get()
	return value.IsNull() && writeOnly.IsNull()
}

// addMissingSecretError reports a secret that a create needs, on its sensitive attribute at.
func addMissingSecretError(diags *diag.Diagnostics, at path.Path, name, object string) {
	diags.AddAttributeError(at, "Missing "+name,
		fmt.Sprintf("Creating %s needs its %s: set %s, or %s_wo with %s_wo_version. An imported %s keeps the secret already "+
			"set on the server, so only a create needs it.", object, name, name, name, name, object))
}

// secretFields points at the attributes of one secret in a model. A nil *secretFields is a secret
// whose block is missing, which holds nothing.
type secretFields struct {
	value, writeOnly *types.String
	version          *types.Int64
}

// get returns the secret's attributes; all null for a missing block.
func (s *secretFields) get() (value, writeOnly types.String, version types.Int64) {
	if s == nil {
		return types.StringNull(), types.StringNull(), types.Int64Null()
	}
	return *s.value, *s.writeOnly, *s.version
}

// keep carries the secret of prior (the state before a refresh) into s, since the service never
// returns it: the sensitive value and the version as they were; the write-only value is never
// stored. Nothing is kept where either block is missing.
func (s *secretFields) keep(prior *secretFields) {
	if s == nil || prior == nil {
		return
	}
	*s.value, *s.writeOnly, *s.version = *prior.value, types.StringNull(), *prior.version
}

// idWarning warns when x, at at, or x_wo beside it looks like an Entra secret ID
// (validators.SecretIDWarning), for the ModifyPlan of a resource whose configuration s points into.
func (s *secretFields) idWarning(at path.Path) diag.Diagnostics {
	value, writeOnly, _ := s.get()
	name, _ := at.Steps().LastStep()
	diags := validators.SecretIDWarning(at, value)
	diags.Append(validators.SecretIDWarning(at.ParentPath().AtName(name.String()+"_wo"), writeOnly)...)
	return diags
}

// secretChange is what a request does with one stored secret: keep it (the zero value), set it
// to value, or clear it.
type secretChange struct {
	value      string
	set, clear bool
}

// sendSecret decides what a create or an update carries for one secret, found in the plan, the
// configuration (where alone a write-only value is) and, on update, the prior state. On create:
// the secret given, if one is. On update: nothing, so that the service keeps the stored value,
// unless the sensitive value or the write-only version changed; then the secret given, or a
// removal when none is given any more.
func sendSecret(plan, config, prior *secretFields, creating bool) secretChange {
	planValue, _, planVersion := plan.get()
	_, configWriteOnly, _ := config.get()
	priorValue, _, priorVersion := prior.get()
	switch {
	case !creating && planValue.Equal(priorValue) && planVersion.Equal(priorVersion):
		return secretChange{}
	case !planValue.IsNull():
		return secretChange{value: planValue.ValueString(), set: true}
	case !configWriteOnly.IsNull():
		return secretChange{value: configWriteOnly.ValueString(), set: true}
	case creating:
		return secretChange{}
	}
	return secretChange{clear: true}
}

// pointer is the change as a field that nil leaves alone (Jira's clientSecret). Jira links always
// have a secret, so there is nothing to clear.
func (c secretChange) pointer() *string {
	if !c.set {
		return nil
	}
	return &c.value
}

// writeOnly is the change as External Data's write-only field.
func (c secretChange) writeOnly() externaldata.WriteOnly {
	switch {
	case c.set:
		return externaldata.Set(c.value)
	case c.clear:
		return externaldata.Clear()
	}
	return externaldata.Keep()
}
