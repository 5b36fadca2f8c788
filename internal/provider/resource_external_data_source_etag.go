package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// An External Data source's update is sent only if the data source is unchanged since the last
// refresh: the ETag of every answer is kept in the resource's private state, and an update sends
// it back as If-Match.

// etagKey is where the private state keeps the ETag of the last refresh, which an update sends
// as If-Match so that a change made in the app's UI since then is never overwritten.
const etagKey = "etag"

// privateStateWriter and privateStateReader are the private state of the framework's responses
// and requests, whose type is internal to the framework.
type (
	privateStateWriter interface {
		SetKey(context.Context, string, []byte) diag.Diagnostics
	}
	privateStateReader interface {
		GetKey(context.Context, string) ([]byte, diag.Diagnostics)
	}
)

// saveETag keeps the ETag of an answer in the private state.
func saveETag(ctx context.Context, private privateStateWriter, etag string) diag.Diagnostics {
	value, _ := json.Marshal(etag)
	return private.SetKey(ctx, etagKey, value)
}

// loadETag returns the ETag of the last answer, "" when no refresh recorded one (state written by
// an older provider).
func loadETag(ctx context.Context, private privateStateReader) (string, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, etagKey)
	var etag string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &etag)
	}
	return etag, diags
}
