//go:build tools

// Package opentofu only pins the OpenTofu CLI; see go.mod.
package opentofu

import _ "github.com/opentofu/opentofu/cmd/tofu"
