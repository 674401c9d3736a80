package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

func TestRunServesIMSWithTheFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-discard", "-client-id", "cid", "-client-secret", "cs",
			"-token-lifetime", "90s", "-ims-scopes", "openid,AdobeID,frame.s2s.all"}, &stdout, &stderr)
	}()
	base := waitURL(t, &stdout)
	token := func(secret string) (int, map[string]any) {
		resp, err := http.PostForm(base+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
			"client_id": {"cid"}, "client_secret": {secret}, "scope": {"openid,AdobeID,frame.s2s.all"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if st, m := token("wrong"); st != 401 || m["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v", st, m)
	}
	st, m := token("cs")
	if st != 200 || m["expires_in"] != float64(90) {
		t.Fatalf("token: %d %v", st, m)
	}
	req, _ := http.NewRequest("GET", base+"/v4/me", nil)
	req.Header.Set("Authorization", "Bearer "+m["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("API with the issued token: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
