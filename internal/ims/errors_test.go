package ims

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// A reply body that echoes the client secret where the snippet is cut must not leave the secret's
// first characters in the error: the body is scrubbed before it is shortened.
func TestSnippetOfAnEchoedSecretIsScrubbedBeforeTheCut(t *testing.T) {
	const secret = "s3cret-abcdefghijklmnopqrstuvwxyz"
	s, err := New(Config{ClientID: "id", ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("x", 190) + " " + secret // the 200-rune cut falls inside the secret
	e := s.classify(&oauth2.RetrieveError{Response: &http.Response{StatusCode: http.StatusBadGateway}, Body: []byte(body)})
	if strings.Contains(e.Error(), secret[:6]) {
		t.Fatalf("part of the client secret in the error: %q", e.Error())
	}
	if !strings.Contains(e.Description, "REDACTED") {
		t.Fatalf("description %q: want the redaction marker", e.Description)
	}
}
