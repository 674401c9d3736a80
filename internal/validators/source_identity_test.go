package validators

import (
	"strings"
	"testing"
)

func identityKey(t *testing.T, raw string, withQuery bool) string {
	t.Helper()
	id, ok := SourceURLIdentity(raw, withQuery)
	if !ok {
		t.Fatalf("SourceURLIdentity(%q) is not ok", raw)
	}
	return id.Key
}

// Each pair is the same object signed twice, as each cloud's SDK signs it: the identities are equal.
func TestSourceURLIdentityIgnoresSignatures(t *testing.T) {
	for name, pair := range map[string][2]string{
		"S3 SigV4": {
			"https://media.s3.eu-west-1.amazonaws.com/cuts/final.mov?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA1%2F20250101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=aaaa",
			"https://media.s3.eu-west-1.amazonaws.com/cuts/final.mov?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA2%2F20250102%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250102T000000Z&X-Amz-Expires=7200&X-Amz-Security-Token=tok&X-Amz-SignedHeaders=host&X-Amz-Signature=bbbb",
		},
		"S3 SigV4, names in other cases and order": {
			"https://media.s3.amazonaws.com/final.mov?versionId=3&X-Amz-Signature=aaaa&X-Amz-Date=20250101T000000Z",
			"https://media.s3.amazonaws.com/final.mov?x-amz-date=20250102T000000Z&x-amz-signature=bbbb&versionId=3",
		},
		"S3 SigV4, percent-encoded names": {
			"https://media.s3.amazonaws.com/final.mov?X-Amz-Signature=aaaa",
			"https://media.s3.amazonaws.com/final.mov?X%2DAmz%2DSignature=bbbb&X-Amz%2DExpires=60",
		},
		"S3 SigV2": {
			"https://media.s3.amazonaws.com/final.mov?AWSAccessKeyId=AKIA1&Expires=1735689600&Signature=aaaa%3D",
			"https://media.s3.amazonaws.com/final.mov?AWSAccessKeyId=AKIA2&Expires=1735776000&Signature=bbbb%3D&x-amz-security-token=t",
		},
		"CloudFront canned policy": {
			"https://d111111abcdef8.cloudfront.net/masters/final.mov?Expires=1735689600&Signature=aaaa~&Key-Pair-Id=K2JCJMDEHXQW5F",
			"https://d111111abcdef8.cloudfront.net/masters/final.mov?Expires=1735776000&Signature=bbbb~&Key-Pair-Id=K3OTHERKEYID",
		},
		"CloudFront custom policy": {
			"https://d111111abcdef8.cloudfront.net/masters/final.mov?Policy=eyJTdGF0ZW1lbnQiOlt7fV19&Signature=aaaa&Key-Pair-Id=K2JCJMDEHXQW5F",
			"https://d111111abcdef8.cloudfront.net/masters/final.mov?Policy=eyJTdGF0ZW1lbnQiOltdfQ__&Signature=bbbb&Key-Pair-Id=K2JCJMDEHXQW5F",
		},
		"GCS V4": {
			"https://storage.googleapis.com/media/final.mov?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p.iam.gserviceaccount.com%2F20250101%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20250101T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=aaaa",
			"https://storage.googleapis.com/media/final.mov?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p.iam.gserviceaccount.com%2F20250102%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20250102T000000Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host&X-Goog-Signature=bbbb",
		},
		"GCS V2": {
			"https://storage.googleapis.com/media/final.mov?GoogleAccessId=sa%40p.iam.gserviceaccount.com&Expires=1735689600&Signature=aaaa%2B",
			"https://storage.googleapis.com/media/final.mov?GoogleAccessId=other%40p.iam.gserviceaccount.com&Expires=1735776000&Signature=bbbb%2B",
		},
		"Azure service SAS": {
			"https://acct.blob.core.windows.net/media/final.mov?sp=r&st=2025-01-01T00:00:00Z&se=2025-01-01T01:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=aaaa%3D",
			"https://acct.blob.core.windows.net/media/final.mov?sv=2024-08-04&spr=https,http&se=2025-01-02T01:00:00Z&sr=b&sp=rl&sig=bbbb%3D",
		},
		"Azure user delegation SAS": {
			"https://acct.blob.core.windows.net/media/final.mov?sp=r&se=2025-01-01T01:00:00Z&skoid=a&sktid=b&skt=2025-01-01T00:00:00Z&ske=2025-01-01T02:00:00Z&sks=b&skv=2022-11-02&sv=2022-11-02&sr=b&sig=aaaa",
			"https://acct.blob.core.windows.net/media/final.mov?sp=r&se=2025-01-02T01:00:00Z&skoid=c&sktid=d&skt=2025-01-02T00:00:00Z&ske=2025-01-02T02:00:00Z&sks=b&skv=2024-08-04&sv=2024-08-04&sr=b&sig=bbbb&rscd=attachment",
		},
		"Azure account SAS": {
			"https://acct.blob.core.windows.net/media/final.mov?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T01:00:00Z&sig=aaaa",
			"https://acct.blob.core.windows.net/media/final.mov?sv=2022-11-02&ss=bf&srt=sco&sp=rl&se=2025-01-02T01:00:00Z&SIG=bbbb",
		},
		"host case, default port, path spelling": {
			"https://Media.Example.COM:443/a%20cut/~final.mov?X-Amz-Signature=aaaa",
			"https://media.example.com/a%20cut/%7efinal.mov?X-Amz-Signature=bbbb",
		},
		"other parameters in another order, + for a space": {
			"https://cdn.example.com/final.mov?b=2&a=one+two&Signature=aaaa",
			"https://cdn.example.com/final.mov?a=one%20two&b=2&Signature=bbbb",
		},
	} {
		a, b := identityKey(t, pair[0], true), identityKey(t, pair[1], true)
		if a != b {
			t.Errorf("%s: identities differ:\n%s\n%s", name, a, b)
		}
		for _, sig := range []string{"aaaa", "bbbb", "AKIA", "tok"} {
			if strings.Contains(a, sig) {
				t.Errorf("%s: identity %s holds %q", name, a, sig)
			}
		}
	}
}

// Each pair names two objects (or what may be two): the identities differ.
func TestSourceURLIdentityTellsObjectsApart(t *testing.T) {
	for name, pair := range map[string][2]string{
		"path":                  {"https://cdn.example.com/v1/final.mov?Signature=a", "https://cdn.example.com/v2/final.mov?Signature=a"},
		"path case":             {"https://cdn.example.com/Final.mov", "https://cdn.example.com/final.mov"},
		"encoded slash":         {"https://cdn.example.com/a%2Fb.mov", "https://cdn.example.com/a/b.mov"},
		"host":                  {"https://a.example.com/final.mov?X-Amz-Signature=a", "https://b.example.com/final.mov?X-Amz-Signature=a"},
		"port":                  {"https://cdn.example.com:8443/final.mov", "https://cdn.example.com/final.mov"},
		"scheme":                {"http://127.0.0.1/final.mov", "https://127.0.0.1/final.mov"},
		"S3 versionId":          {"https://m.s3.amazonaws.com/f.mov?versionId=1&X-Amz-Signature=a", "https://m.s3.amazonaws.com/f.mov?versionId=2&X-Amz-Signature=a"},
		"GCS generation":        {"https://storage.googleapis.com/m/f.mov?generation=1&X-Goog-Signature=a", "https://storage.googleapis.com/m/f.mov?generation=2&X-Goog-Signature=a"},
		"Azure snapshot":        {"https://a.blob.core.windows.net/m/f.mov?snapshot=1&sig=a", "https://a.blob.core.windows.net/m/f.mov?snapshot=2&sig=a"},
		"a version parameter":   {"https://cdn.example.com/final.mov?v=1", "https://cdn.example.com/final.mov?v=2"},
		"parameter name case":   {"https://cdn.example.com/final.mov?V=1", "https://cdn.example.com/final.mov?v=1"},
		"Expires, unsigned":     {"https://cdn.example.com/final.mov?Expires=1", "https://cdn.example.com/final.mov?Expires=2"},
		"Azure names, unsigned": {"https://cdn.example.com/final.mov?sp=1&st=a", "https://cdn.example.com/final.mov?sp=2&st=a"},
		"an undecodable value":  {"https://cdn.example.com/final.mov?v=%zz1", "https://cdn.example.com/final.mov?v=%zz2"},
	} {
		if a, b := identityKey(t, pair[0], true), identityKey(t, pair[1], true); a == b {
			t.Errorf("%s: both are %s", name, a)
		}
	}
}

func TestSourceURLIdentityWithoutQuery(t *testing.T) {
	a := identityKey(t, "https://cdn.example.com/final.mov?token=1&exp=100&hmac=aa", false)
	b := identityKey(t, "https://cdn.example.com/final.mov?token=2&exp=200&hmac=bb", false)
	if a != b || a != "https://cdn.example.com/final.mov" {
		t.Fatalf("without the query: %s and %s, want https://cdn.example.com/final.mov", a, b)
	}
}

func TestSourceURLIdentityShown(t *testing.T) {
	id, ok := SourceURLIdentity("https://user:pw@cdn.example.com/final.mov?token=s3cr3t&v=3&api_key=k3y&X-Amz-Signature=aaaa#frag", true)
	if !ok {
		t.Fatal("not ok")
	}
	const want = "https://cdn.example.com/final.mov?api_key=REDACTED&token=REDACTED&v=3"
	if id.Shown != want {
		t.Fatalf("Shown = %s, want %s", id.Shown, want)
	}
	if !strings.Contains(id.Key, "token=s3cr3t") {
		t.Fatalf("Key = %s: a credential-looking parameter that is not a signature still names the object", id.Key)
	}
	for _, raw := range []string{"::not a url", "/relative/path.mov", "mailto:someone@example.com"} {
		if _, ok := SourceURLIdentity(raw, true); ok {
			t.Errorf("SourceURLIdentity(%q) is ok", raw)
		}
	}
	if got := identityKey(t, "https://cdn.example.com", true); got != "https://cdn.example.com/" {
		t.Errorf("empty path: %s", got)
	}
	if got := identityKey(t, "http://[::1]:80/a.mov", true); got != "http://[::1]/a.mov" {
		t.Errorf("IPv6 host: %s", got)
	}
}
