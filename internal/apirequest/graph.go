package apirequest

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/entra"
)

// graphAppID is Microsoft Graph's application ID, the same in every cloud; tokens for Graph name
// it, or Graph's application ID URI, as their audience.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// IsGraph reports whether a call to rawURL with a token for audiences goes to Microsoft Graph: the
// URL's host is Graph's in one of the clouds, or the token was issued for Graph, as it is when
// Graph is reached through a proxy or a test double.
func IsGraph(rawURL string, audiences []string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	for _, c := range entra.Clouds {
		graph, _ := url.Parse(c.GraphURL)
		if strings.EqualFold(u.Hostname(), graph.Hostname()) {
			return true
		}
		if slices.ContainsFunc(audiences, func(aud string) bool { return strings.EqualFold(strings.TrimRight(aud, "/"), c.GraphURL) }) {
			return true
		}
	}
	return slices.ContainsFunc(audiences, func(aud string) bool { return strings.EqualFold(aud, graphAppID) })
}

// GraphError returns the code and message of a Microsoft Graph error answer,
// {"error":{"code":"…","message":"…"}}; ok is false for any other body.
func GraphError(body []byte) (code, message string, ok bool) {
	var answer struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &answer) != nil || answer.Error.Code == "" {
		return "", "", false
	}
	return answer.Error.Code, answer.Error.Message, true
}
