package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// providerTest runs a test case of steps against the provider built from this package (and the
// echo provider), on any CLI version; versionedTest adds a version check.
func providerTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
}

// testOneStep runs a test case of one step against the provider built from this package, for the
// many tests that need one plan (and apply) of one configuration.
func testOneStep(t *testing.T, step resource.TestStep) {
	t.Helper()
	providerTest(t, step)
}

// ephemeralTest runs steps whose configurations use ephemeral resources, which need Terraform
// 1.10 or later.
func ephemeralTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	versionedTest(t, tfversion.SkipBelow(tfversion.Version1_10_0), steps...)
}

// functionCallFails is a step of functionTest that calls the provider function name with args
// (HCL, as written between the parentheses) in an output, and expects the error described by
// want (errorMatching's parts).
func functionCallFails(name, args string, want ...string) resource.TestStep {
	return resource.TestStep{
		Config:      `output "x" { value = provider::oauthlink::` + name + `(` + args + `) }`,
		ExpectError: errorMatching(want...),
	}
}
