package externaldata

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// maxSample is how much of a tested URL's answer "Save and test" quotes.
const maxSample = 300

// snapshot returns a copy of a stored source and the token the service holds for it.
func (ed *Fake) snapshot(id string) (Source, string, bool) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	ds, ok := ed.sources[id]
	if !ok {
		return Source{}, "", false
	}
	return ds.clone(), ed.held[id], true
}

// authenticate serves POST /data-sources/{id}/authenticate: for a client-credentials source the
// service fetches a token from the token URL itself, as the "Authenticate" button does.
func (ed *Fake) authenticate(w http.ResponseWriter, r *http.Request, id string) {
	ds, _, ok := ed.snapshot(id)
	if !ok {
		writeNotFound(w, id)
		return
	}
	o := ds.oauth2()
	if o == nil || o.GrantType != "client_credentials" {
		writeError(w, http.StatusBadRequest, "not_client_credentials",
			"Only OAuth 2.0 client-credentials sources can be authenticated by the service; an authorization-code source is "+
				"authenticated by an administrator who presses Authenticate in the app and consents in a browser.", nil)
		return
	}
	token, expiresIn, err := ed.fetchToken(r.Context(), o)
	result := struct {
		Authenticated bool   `json:"authenticated"`
		ExpiresAt     string `json:"expires_at,omitempty"`
		Error         string `json:"error,omitempty"`
	}{Authenticated: err == nil}
	if err != nil {
		result.Error = err.Error()
	} else {
		result.ExpiresAt = time.Now().Add(expiresIn).UTC().Format(time.RFC3339)
	}
	ed.setHeldToken(id, "client_credentials", token)
	fakeserver.WriteJSON(w, http.StatusOK, result)
}

// fetchToken requests a client-credentials token with the secret in the body
// (client_secret_post), as the product does, and returns the token endpoint's error as
// "error: error_description".
func (ed *Fake) fetchToken(ctx context.Context, o *OAuth2) (string, time.Duration, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {o.ClientID}}
	if o.ClientSecret != nil {
		form.Set("client_secret", *o.ClientSecret)
	}
	if len(o.Scopes) > 0 {
		form.Set("scope", strings.Join(o.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := ed.outbound.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("the token endpoint could not be reached: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var answer struct {
		AccessToken      string `json:"access_token"`
		ExpiresIn        int64  `json:"expires_in"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	_ = json.Unmarshal(data, &answer)
	switch {
	case answer.Error != "":
		return "", 0, fmt.Errorf("%s: %s", answer.Error, answer.ErrorDescription)
	case resp.StatusCode != http.StatusOK || answer.AccessToken == "":
		return "", 0, fmt.Errorf("the token endpoint answered %d: %s", resp.StatusCode, excerptOf(data))
	}
	return answer.AccessToken, time.Duration(answer.ExpiresIn) * time.Second, nil
}

// test serves POST /data-sources/{id}/test, "Save and test": the source is read once with the
// sample variables, and the outcome is reported in a 200 answer whatever it was.
func (ed *Fake) test(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	var in struct {
		Variables map[string]string `json:"variables"`
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "The body must be {\"variables\":{…}}: "+err.Error()+".", nil)
			return
		}
	}
	ds, held, ok := ed.snapshot(id)
	if !ok {
		writeNotFound(w, id)
		return
	}
	ed.mu.Lock()
	tester := ed.tester
	ed.mu.Unlock()
	if tester != nil {
		if result := tester(ds, in.Variables); result != nil {
			fakeserver.WriteJSON(w, http.StatusOK, result)
			return
		}
	}
	fakeserver.WriteJSON(w, http.StatusOK, ed.runTest(r.Context(), &ds, held, in.Variables))
}

func (ed *Fake) runTest(ctx context.Context, ds *Source, held string, variables map[string]string) TestResult {
	if missing := missingVariables(ds, variables); len(missing) > 0 {
		return TestResult{Message: "Enter a sample value for " + strings.Join(missing, ", ") + "."}
	}
	if ds.Database != nil {
		// The fake connects to no database; the query's variables were checked above.
		return TestResult{OK: true, Message: fmt.Sprintf("Connected to %s at %s:%d.", ds.Database.Driver, ds.Database.Host, ds.Database.Port), Sample: []any{}}
	}
	if o := ds.oauth2(); o != nil {
		switch {
		case o.GrantType == "authorization_code" && !o.Authenticated:
			return TestResult{Message: "Not authenticated: press Authenticate and sign in to grant access, after registering " +
				o.CallbackURL + " as a redirect URI at the OAuth provider."}
		case o.GrantType == "client_credentials":
			token, _, err := ed.fetchToken(ctx, o)
			ed.setHeldToken(ds.ID, "client_credentials", token)
			if err != nil {
				return TestResult{Message: "Could not get an access token from " + o.TokenURL + ": " + err.Error()}
			}
			held = token
		}
	}
	return ed.requestURL(ctx, ds, held, variables)
}

// missingVariables lists the {variables} of the source that have no sample value.
func missingVariables(ds *Source, variables map[string]string) []string {
	var texts []string
	if u := ds.URL; u != nil {
		texts = append(texts, u.URL)
		if u.Body != nil {
			texts = append(texts, *u.Body)
		}
	}
	if ds.Database != nil {
		texts = append(texts, ds.Database.Query)
	}
	var missing []string
	for _, text := range texts {
		for _, m := range variablePattern.FindAllStringSubmatch(text, -1) {
			if _, ok := variables[m[1]]; !ok && !slices.Contains(missing, "{"+m[1]+"}") {
				missing = append(missing, "{"+m[1]+"}")
			}
		}
	}
	return missing
}

// requestURL reads a URL source with its authentication, as a field would.
func (ed *Fake) requestURL(ctx context.Context, ds *Source, token string, variables map[string]string) TestResult {
	u := ds.URL
	fill := func(s string, escape func(string) string) string {
		return variablePattern.ReplaceAllStringFunc(s, func(m string) string {
			return escape(variables[m[1:len(m)-1]])
		})
	}
	var body io.Reader
	if u.Body != nil {
		body = strings.NewReader(fill(*u.Body, func(s string) string { return s }))
	}
	req, err := http.NewRequestWithContext(ctx, u.Method, fill(u.URL, url.PathEscape), body)
	if err != nil {
		return TestResult{Message: "The URL is not valid: " + err.Error()}
	}
	for name, value := range u.Headers {
		req.Header.Set(name, value)
	}
	if u.ContentType != nil {
		req.Header.Set("Content-Type", *u.ContentType)
	}
	switch a := ds.Auth; a.Type {
	case "basic":
		req.SetBasicAuth(a.Basic.Username, deref(a.Basic.Password))
	case "bearer":
		req.Header.Set("Authorization", "Bearer "+deref(a.Bearer.Token))
	case "custom_header":
		req.Header.Set(a.CustomHeader.Name, deref(a.CustomHeader.Value))
	case "oauth2":
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ed.outbound.Do(req)
	if err != nil {
		return TestResult{Message: "Could not reach the URL: " + err.Error()}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	result := TestResult{
		OK:      resp.StatusCode >= 200 && resp.StatusCode <= 299,
		Status:  resp.StatusCode,
		Message: fmt.Sprintf("The URL answered %d: %s", resp.StatusCode, excerptOf(data)),
	}
	if result.OK {
		var sample any
		if u.ResponseType == "json" && json.Unmarshal(data, &sample) == nil {
			result.Sample = sample
		} else {
			result.Sample = excerptOf(data)
		}
	}
	return result
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// excerptOf is the start of a body, for a message.
func excerptOf(data []byte) string {
	text := strings.Join(strings.Fields(string(data)), " ")
	if len(text) > maxSample {
		text = strings.ToValidUTF8(text[:maxSample], "") + "…"
	}
	return text
}
