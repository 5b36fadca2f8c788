package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

// secretOf is one secret's attributes; "" is null, and version 0 is null.
func secretOf(value, writeOnly string, version int64) *secretFields {
	s := &secretFields{new(types.String), new(types.String), new(types.Int64)}
	if value != "" {
		*s.value = types.StringValue(value)
	}
	if writeOnly != "" {
		*s.writeOnly = types.StringValue(writeOnly)
	}
	if version != 0 {
		*s.version = types.Int64Value(version)
	}
	return s
}

func TestSendSecret(t *testing.T) {
	keep, clear := secretChange{}, secretChange{clear: true}
	set := func(v string) secretChange { return secretChange{value: v, set: true} }
	for _, tc := range []struct {
		name                string
		plan, config, prior *secretFields
		creating            bool
		want                secretChange
	}{
		{"create with the sensitive value", secretOf("s1", "", 0), secretOf("s1", "", 0), nil, true, set("s1")},
		{"create with the write-only value", secretOf("", "", 1), secretOf("", "w1", 1), nil, true, set("w1")},
		{"create without a secret", secretOf("", "", 0), secretOf("", "", 0), nil, true, keep},
		{"create of a block that is missing", nil, nil, nil, true, keep},
		{"update, unchanged", secretOf("s1", "", 0), secretOf("s1", "", 0), secretOf("s1", "", 0), false, keep},
		{"update, write-only at the same version", secretOf("", "", 1), secretOf("", "w2", 1), secretOf("", "", 1), false, keep},
		{"update, new sensitive value", secretOf("s2", "", 0), secretOf("s2", "", 0), secretOf("s1", "", 0), false, set("s2")},
		{"update, new version", secretOf("", "", 2), secretOf("", "w2", 2), secretOf("", "", 1), false, set("w2")},
		{"update, from sensitive to write-only", secretOf("", "", 1), secretOf("", "w1", 1), secretOf("s1", "", 0), false, set("w1")},
		{"update, removed", secretOf("", "", 0), secretOf("", "", 0), secretOf("s1", "", 0), false, clear},
		{"update, block added", secretOf("s1", "", 0), secretOf("s1", "", 0), nil, false, set("s1")},
		{"update, never set", secretOf("", "", 0), secretOf("", "", 0), nil, false, keep},
	} {
		if got := sendSecret(tc.plan, tc.config, tc.prior, tc.creating); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestSecretChangeOnTheWire(t *testing.T) {
	if p := (secretChange{value: "s", set: true}).pointer(); p == nil || *p != "s" {
		t.Errorf("set: %v", p)
	}
	if (secretChange{}).pointer() != nil || (secretChange{clear: true}).pointer() != nil {
		t.Error("keep and clear send no secret to Jira")
	}
	for change, want := range map[secretChange]externaldata.WriteOnly{
		{}: externaldata.Keep(), {clear: true}: externaldata.Clear(), {value: "s", set: true}: externaldata.Set("s"),
	} {
		if got := change.writeOnly(); got != want {
			t.Errorf("%+v: %v, want %v", change, got, want)
		}
	}
}

func TestSecretKeptOnRefresh(t *testing.T) {
	refreshed, prior := secretOf("", "", 0), secretOf("s1", "w1", 3)
	refreshed.keep(prior)
	if value, writeOnly, version := refreshed.get(); value.ValueString() != "s1" || !writeOnly.IsNull() || version.ValueInt64() != 3 {
		t.Errorf("kept %v %v %v", value, writeOnly, version)
	}
	var missing *secretFields
	missing.keep(prior)     // a block that is gone keeps nothing
	refreshed.keep(missing) // nor does one that was not there
	if value, writeOnly, version := missing.get(); !value.IsNull() || !writeOnly.IsNull() || !version.IsNull() {
		t.Error("a missing block holds a secret")
	}
}

func TestSecretAttributes(t *testing.T) {
	for required, rule := range map[bool]string{
		true:  "At most one of `token` and `token_wo`. One of them is required to create; left out, an imported object keeps the secret already set on the server.",
		false: "At most one of `token` and `token_wo`. Left out, the secret already set on the server (e.g. of an imported object) is kept.",
	} {
		attrs := secretAttributes("token", "The token.", required)
		value, wo, version := attrs["token"].(schema.StringAttribute), attrs["token_wo"].(schema.StringAttribute), attrs["token_wo_version"].(schema.Int64Attribute)
		if len(attrs) != 3 || !value.Sensitive || value.WriteOnly || !wo.Sensitive || !wo.WriteOnly || !version.Optional {
			t.Errorf("required %v: %+v", required, attrs)
		}
		if !strings.HasSuffix(value.MarkdownDescription, rule) || !strings.Contains(wo.MarkdownDescription, "`token_wo_version` changes") {
			t.Errorf("required %v: %q / %q", required, value.MarkdownDescription, wo.MarkdownDescription)
		}
	}
}
