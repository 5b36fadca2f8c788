package fakeserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestStartServesUntilTheTestEnds(t *testing.T) {
	var url string
	t.Run("test", func(t *testing.T) {
		url = Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			WriteJSON(w, http.StatusTeapot, map[string]string{"origin": Origin(r)})
		}))
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("URL %s, want loopback", url)
		}
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusTeapot || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			string(body) != `{"origin":"`+url+`"}` {
			t.Errorf("answer %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after its test ended: %d", resp.StatusCode)
	}
}

func TestStatusRecorderAndDiscard(t *testing.T) {
	w := httptest.NewRecorder()
	rec := &StatusRecorder{ResponseWriter: w}
	rec.WriteHeader(http.StatusNoContent)
	if rec.Status != http.StatusNoContent || w.Code != http.StatusNoContent {
		t.Errorf("recorded %d, passed on %d", rec.Status, w.Code)
	}
	d := Discard()
	d.Header().Set("X", "y")
	d.WriteHeader(http.StatusInternalServerError)
	if n, err := d.Write([]byte("lost")); n != 4 || err != nil || Discard().Header().Get("X") != "" {
		t.Errorf("Discard: %d %v, or its headers are shared", n, err)
	}
}

func TestNewGUID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if a, b := NewGUID(), NewGUID(); !v4.MatchString(a) || a == b {
		t.Errorf("NewGUID: %s, %s", a, b)
	}
}
