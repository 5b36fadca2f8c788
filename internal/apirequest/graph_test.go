package apirequest

import "testing"

func TestIsGraph(t *testing.T) {
	for _, tc := range []struct {
		url       string
		audiences []string
		want      bool
	}{
		{"https://graph.microsoft.com/v1.0/sites/root", nil, true},
		{"https://GRAPH.microsoft.com:443/v1.0/users", nil, true},
		{"https://graph.microsoft.us/v1.0/users", nil, true},
		{"https://dod-graph.microsoft.us/v1.0/users", nil, true},
		{"https://microsoftgraph.chinacloudapi.cn/v1.0/users", nil, true},
		// A proxy or a test double, called with a token issued for Graph.
		{"http://127.0.0.1:8080/v1.0/users", []string{"https://graph.microsoft.com"}, true},
		{"https://proxy.example.com/v1.0/users", []string{"https://graph.microsoft.us/"}, true},
		{"https://proxy.example.com/v1.0/users", []string{"00000003-0000-0000-c000-000000000000"}, true},
		{"https://api.example.com/graph.microsoft.com", []string{"api://my-api"}, false},
		{"https://graph.microsoft.com.example.com/v1.0/users", nil, false},
		{"://bad", nil, false},
	} {
		if got := IsGraph(tc.url, tc.audiences); got != tc.want {
			t.Errorf("IsGraph(%q, %q) = %v, want %v", tc.url, tc.audiences, got, tc.want)
		}
	}
}

func TestGraphError(t *testing.T) {
	code, message, ok := GraphError([]byte(`{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-11-30T18:00:00"}}}`))
	if !ok || code != "Authorization_RequestDenied" || message != "Insufficient privileges to complete the operation." {
		t.Errorf("got %q %q %v", code, message, ok)
	}
	for _, body := range []string{``, `<html>Forbidden</html>`, `{"error":"invalid_request"}`, `{"message":"x"}`} {
		if _, _, ok := GraphError([]byte(body)); ok {
			t.Errorf("GraphError(%s) is not a Graph error", body)
		}
	}
}
