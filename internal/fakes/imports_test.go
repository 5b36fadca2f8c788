package fakes

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/oauthlink/terraform-provider-oauthlink/"

// TestFakesImportNoClientPackage checks that every file under internal/fakes, tests included,
// imports nothing of this module but other fakes: the standard library cannot import the
// provider, so `go list -deps ./internal/fakes/...` then lists no client package either.
func TestFakesImportNoClientPackage(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, spec := range file.Imports {
			imported, _ := strconv.Unquote(spec.Path.Value)
			if strings.HasPrefix(imported, module) && !strings.HasPrefix(imported, module+"internal/fakes/") {
				t.Errorf("internal/fakes/%s imports %s: the fakes must not share code with what they test", filepath.ToSlash(path), imported)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
