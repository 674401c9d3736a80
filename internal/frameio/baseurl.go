package frameio

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("frameio: invalid base URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("frameio: invalid base URL %q: must be an absolute http(s) URL such as %s", raw, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, errors.New("frameio: invalid base URL: must not contain user info")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("frameio: invalid base URL %q: must not have a query or fragment", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("frameio: invalid base URL %q: missing host", raw)
	}
	if u.Scheme == "http" && !httpx.IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("frameio: invalid base URL %q: plain http is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https", raw)
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/v4")
	u.Path = strings.TrimRight(p, "/")
	u.RawPath = ""
	return u, nil
}
