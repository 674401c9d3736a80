package validators

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// URLIdentity names the object a source_url fetches, whatever signature the URL carries: a CI job that
// signs the same object again on every run gets the same identity each time.
type URLIdentity struct {
	// Key is compared to tell a new object from a re-signed URL of the same one: the scheme and host in
	// lower case, the port unless it is the scheme's default, the path with its percent-encoding
	// normalised, and (unless left out) the query without its signing parameters (httpx.SigningParams),
	// sorted by name. User information and the fragment are left out: neither names the object.
	Key string
	// Shown is Key for display (plans, state): the values of parameters whose names suggest a credential
	// (token, key, secret, password, auth, session, sig, credential) are replaced by REDACTED.
	Shown string
}

// credentialName is a parameter name that suggests its value is a credential.
var credentialName = regexp.MustCompile(`(?i)token|key|secret|passw|auth|session|sig|credential`)

type queryParam struct {
	name, value string
	hasValue    bool
}

// SourceURLIdentity returns the identity of raw; withQuery false leaves the whole query out (a caller
// whose own trigger says when the object changes). ok is false when raw is not an absolute URL.
func SourceURLIdentity(raw string, withQuery bool) (id URLIdentity, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return URLIdentity{}, false
	}
	base := strings.ToLower(u.Scheme) + "://" + canonicalHost(u) + canonicalPath(u.EscapedPath())
	id = URLIdentity{Key: base, Shown: base}
	if !withQuery {
		return id, true
	}
	var key, shown []string
	for _, p := range objectParams(u.RawQuery) {
		enc := url.QueryEscape(p.name)
		k, s := enc, enc
		if p.hasValue {
			k += "=" + url.QueryEscape(p.value)
			s = k
			if credentialName.MatchString(p.name) {
				s = enc + "=REDACTED"
			}
		}
		key, shown = append(key, k), append(shown, s)
	}
	if len(key) > 0 {
		id.Key += "?" + strings.Join(key, "&")
		id.Shown += "?" + strings.Join(shown, "&")
	}
	return id, true
}

// canonicalHost is the host in lower case without a trailing dot, with the port unless it is the
// scheme's default.
func canonicalHost(u *url.URL) string {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	port := u.Port()
	switch scheme := strings.ToLower(u.Scheme); {
	case port == "", scheme == "https" && port == "443", scheme == "http" && port == "80":
		return host
	}
	return host + ":" + port
}

// canonicalPath decodes and re-encodes each segment of an escaped path, so that spellings of the same
// path compare equal ("a%20b", "a b", "%7euser" and "~user"), while an encoded slash (%2F) stays apart
// from a segment boundary, as object stores treat it.
func canonicalPath(escaped string) string {
	if escaped == "" {
		return "/"
	}
	segs := strings.Split(escaped, "/")
	for i, s := range segs {
		if dec, err := url.PathUnescape(s); err == nil {
			segs[i] = url.PathEscape(dec)
		}
	}
	return strings.Join(segs, "/")
}

// objectParams are the query's parameters other than its signing parameters, decoded and sorted by
// name (values of one name keep their order). The query is split by hand rather than by url.ParseQuery,
// which drops a parameter it cannot decode: here such a parameter is kept as written.
func objectParams(rawQuery string) []queryParam {
	var all []queryParam
	var names []string
	for _, piece := range strings.Split(rawQuery, "&") {
		if piece == "" {
			continue
		}
		k, v, hasValue := strings.Cut(piece, "=")
		p := queryParam{name: unescapeQuery(k), value: unescapeQuery(v), hasValue: hasValue}
		all, names = append(all, p), append(names, p.name)
	}
	signing := httpx.SigningParams(names)
	kept := all[:0]
	for _, p := range all {
		if !signing(p.name) {
			kept = append(kept, p)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].name < kept[j].name })
	return kept
}

func unescapeQuery(s string) string {
	if dec, err := url.QueryUnescape(s); err == nil {
		return dec
	}
	return s
}
