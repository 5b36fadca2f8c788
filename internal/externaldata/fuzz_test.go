package externaldata_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

// answerSeeds are the shapes a misbehaving service or proxy answers with.
var answerSeeds = []string{
	"", "{}", "null", "[]", `"ds_1"`, "<html>OK</html>", `{"items":null}`, `{"items":[null]}`, `{"items":[{}],"next_cursor":"a"}`,
	source(`{"type":"none"}`), source(`{"type":"basic"}`), source(`{"type":"bearer","bearer":null}`),
	source(`{"type":"custom_header"}`), source(`{"type":"oauth2"}`), source(`null`), source(`{"type":"oauth2","oauth2":{"scopes":[null]}}`),
	`{"id":"ds_1","type":"database"}`, `{"id":"ds_1","type":"database","database":{"port":"5432"}}`, `{"id":"ds_1","type":"url","url":null}`,
	`{"id":"ds_1","type":"url","url":{"headers":null,"content_type":null}}`, `{"id":"ds_2"}`,
	`{"ok":null,"status":"200","message":null,"sample":[{}]}`, `{"authenticated":"yes","expires_at":null,"error":{}}`,
}

// FuzzDataSourceAnswer: whatever the service answers, the client neither panics nor returns a
// data source that is not the one asked for or lacks a block its types require; the answers of
// "Save and test" and "Authenticate" are decoded without a panic too.
func FuzzDataSourceAnswer(f *testing.F) {
	for _, seed := range answerSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		ctx := context.Background()
		client := answeringClient(func(*http.Request) (int, string) { return http.StatusOK, body })
		usable := func(call string, ds *externaldata.DataSource, id string) {
			if err := ds.Check(); err != nil || (id != "" && ds.ID != id) {
				t.Errorf("%s returned %+v (%v)", call, ds, err)
			}
		}
		if ds, err := client.Get(ctx, "ds_1"); err == nil {
			usable("Get", ds, "ds_1")
		}
		if ds, err := client.Create(ctx, graphUsers(externaldata.Set("s"))); err == nil {
			usable("Create", ds, "")
		}
		update := graphUsers(externaldata.Keep())
		update.ID, update.ETag = "ds_1", `"1"`
		if ds, err := client.Update(ctx, update); err == nil {
			usable("Update", ds, "ds_1")
		}
		_, _ = client.Test(ctx, "ds_1", nil)
		_, _ = client.Authenticate(ctx, "ds_1")
		if all, err := client.List(ctx); err == nil {
			httpxtest.CheckIDs(t, "List", all, func(ds externaldata.DataSource) string { return ds.ID })
		}
	})
}

// FuzzErrorAnswer: whatever error body the service (or a proxy) sends, it becomes an
// *externaldata.APIError that prints, without a panic.
func FuzzErrorAnswer(f *testing.F) {
	for _, seed := range []string{
		"", "null", "{}", `{"error":null}`, `{"error":"boom"}`, `{"error":{"code":1,"message":null,"fields":{"name":null}}}`,
		`{"error":{"code":"validation_failed","message":"Invalid.","fields":{"auth.oauth2.token_url":["is required"],"":[]}}}`,
		"<html><title>Bad gateway</title></html>", "\xff\xfe",
	} {
		f.Add(400, seed)
	}
	f.Add(412, `{"error":{"code":"stale","message":"The data source changed."}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		status = 400 + int(uint(status)%200)
		client := answeringClient(func(*http.Request) (int, string) { return status, body })
		_, err := client.Get(context.Background(), "ds_1")
		var apiErr *externaldata.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || err.Error() == "" {
			t.Errorf("status %d, body %q: %v, want an APIError", status, body, err)
		}
	})
}
