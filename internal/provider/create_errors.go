package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// explainCreateError adds to a create's failure what the user can do about it. When the name is
// held by an object this apply did not make (the service refused the name, or a lost create found
// someone else's object under it), it says how to bring that object under Terraform: importID is
// the import id of the object with the given id ("" when its id is unknown). When recorded, the
// object was made before the apply was interrupted and the resource saves it in state.
func explainCreateError(err error, recorded bool, resourceType, noun string, importID func(id string) string) error {
	if recorded {
		return fmt.Errorf("%w. The %s was made before the apply was interrupted and is recorded in state; Terraform marks it "+
			"tainted, so the next apply replaces it", err, noun)
	}
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) {
		return err
	}
	id := importID(taken.ID)
	return fmt.Errorf("%w. To manage the existing %s with Terraform, import it: terraform import %s.<name> %q, "+
		"or with an import block: import { to = %s.<name>  id = %q }. Otherwise choose another name", err, noun, resourceType, id, resourceType, id)
}

// importByID is the import id of a resource imported by its id, which may be unknown.
func importByID(id string) string {
	if id == "" {
		return "<its id>"
	}
	return id
}

// sentence ends a diagnostic's text with exactly one full stop.
func sentence(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasSuffix(text, "?") || strings.HasSuffix(text, "!") {
		return text
	}
	return strings.TrimRight(text, ".") + "."
}
