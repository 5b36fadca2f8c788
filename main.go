// Command terraform-provider-oauthlink serves the oauthlink provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…": goreleaser sets the release's
// version (.goreleaser.yml), make install dev-<git describe>. The provider reports it to the CLI
// and sends it in its User-Agent, terraform-provider-oauthlink/<version>.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/oauthlink/oauthlink",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
