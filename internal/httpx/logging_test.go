package httpx

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tfsdklog"
)

func TestLoggingOffCostsNothing(t *testing.T) {
	t.Setenv("OAUTHLINK_TEST_LOG_LEVEL", "off")
	ctx := tfsdklog.NewRootProviderLogger(context.Background(), tfsdklog.WithLevelFromEnv("OAUTHLINK_TEST_LOG_LEVEL"))
	answer := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody}
	l := &logger{next: answerWith{answer}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://jira.example.com/config?api_key=k", strings.NewReader(`{"clientSecret":"s3cret"}`))
	req.Header.Set("User-Agent", "set")
	req.GetBody = func() (rc io.ReadCloser, err error) {
		t.Fatal("the body was read for a log that nobody reads")
		return nil, nil
	}
	if allocs := testing.AllocsPerRun(100, func() { _, _ = l.RoundTrip(req) }); allocs != 0 {
		t.Errorf("a request with logging off allocates %v times in the logger, want 0", allocs)
	}
}

// answerWith answers every request with the same response.
type answerWith struct{ resp *http.Response }

func (a answerWith) RoundTrip(*http.Request) (*http.Response, error) { return a.resp, nil }
