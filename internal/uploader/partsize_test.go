package uploader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
)

// Part sizes as the published examples give them: exact (the upload guide), or nominal with the last
// part larger than what remains (the OpenAPI document's example), possibly with URLs past the end.

func TestValidateCutsBySizes(t *testing.T) {
	r := bytes.NewReader(make([]byte, 10))
	type cut struct{ off, size int64 }
	for name, tc := range map[string]struct {
		size  int64
		parts []int64
		want  []cut
	}{
		"exact":                     {10, []int64{5, 5}, []cut{{0, 5}, {5, 5}}},
		"uneven exact":              {10, []int64{4, 3, 3}, []cut{{0, 4}, {4, 3}, {7, 3}}},
		"one nominal part":          {10, []int64{20_000_000}, []cut{{0, 10}}},
		"last part overshoots":      {10, []int64{4, 4, 4}, []cut{{0, 4}, {4, 4}, {8, 2}}},
		"URL past the end":          {10, []int64{4, 4, 4, 4}, []cut{{0, 4}, {4, 4}, {8, 2}}},
		"exact then URLs past end":  {10, []int64{5, 5, 5, 5}, []cut{{0, 5}, {5, 5}}},
		"huge nominal size":         {10, []int64{5, 1<<63 - 1}, []cut{{0, 5}, {5, 5}}},
		"past the end, not checked": {10, []int64{10, 0}, []cut{{0, 10}}},
	} {
		parts := make([]Part, len(tc.parts))
		for i, s := range tc.parts {
			parts[i] = Part{URL: fmt.Sprintf("http://h/%d?sig=s3cr3t", i+1), Size: s}
		}
		spans, err := validate(Job{Reader: r, Size: tc.size, Parts: parts})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var got []cut
		for i, s := range spans {
			got = append(got, cut{s.off, s.size})
			if s.url != parts[i].URL {
				t.Errorf("%s: span %d goes to %s, want %s", name, i+1, s.url, parts[i].URL)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: cut %v, want %v", name, got, tc.want)
		}
	}
}

// recordingStorage accepts every PUT and keeps its body by path.
type recordingStorage struct {
	mu     sync.Mutex
	bodies map[string][]byte
	order  []string
}

func newRecordingStorage(t *testing.T) (*recordingStorage, string) {
	s := &recordingStorage{bodies: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil || int64(len(b)) != r.ContentLength {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.bodies[r.URL.Path] = b
		s.order = append(s.order, r.URL.Path)
		s.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func TestNominalSizesSendTheRemainingBytes(t *testing.T) {
	store, base := newRecordingStorage(t)
	content := bytes.Repeat([]byte("0123456789"), 1000) // 10,000 bytes
	var parts []Part
	for i := range 5 { // 3 cover the file (4096 + 4096 + 1808), 2 lie past its end
		parts = append(parts, Part{URL: fmt.Sprintf("%s/%d?sig=s3cr3t", base, i+1), Size: 4096})
	}
	var logs logSink
	pl := newProgressLog()
	err := New(fastOpts(t, 2, &logs)).Upload(context.Background(),
		Job{Reader: bytes.NewReader(content), Size: int64(len(content)), Parts: parts, OnProgress: pl.on})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{"/1": content[:4096], "/2": content[4096:8192], "/3": content[8192:]}
	if len(store.order) != 3 {
		t.Fatalf("PUTs to %v, want /1, /2 and /3 only", store.order)
	}
	for p, w := range want {
		if !bytes.Equal(store.bodies[p], w) {
			t.Errorf("%s got %d bytes, want %d bytes of the file", p, len(store.bodies[p]), len(w))
		}
	}
	checkProgress(t, pl, int64(len(content)), 3)
	if logs.count("urls_past_end:2") != 1 {
		t.Errorf("the start line does not say 2 URLs were past the end: %v", logs.lines)
	}
}

func TestSizesShortOfTheFileFailBeforeSending(t *testing.T) {
	store, base := newRecordingStorage(t)
	u := New(fastOpts(t, 2, nil))
	mk := func(sizes ...int64) []Part {
		var ps []Part
		for i, s := range sizes {
			ps = append(ps, Part{URL: fmt.Sprintf("%s/%d?X-Amz-Signature=s3cr3t", base, i+1), Size: s})
		}
		return ps
	}
	for _, tc := range []struct {
		size  int64
		parts []Part
		want  []string
	}{
		{10, mk(4, 4), []string{"2 upload URLs", "take 8 bytes", "part sizes 4, 4", "file has 10 bytes", "nothing was sent"}},
		{11, mk(1, 1, 1, 1, 1, 1, 1, 1, 2), []string{"9 upload URLs", "take 10 bytes", "part sizes 1, 1, 1, ... (3 more), 1, 1, 2", "file has 11 bytes"}},
	} {
		err := u.Upload(context.Background(), Job{Reader: bytes.NewReader(make([]byte, tc.size)), Size: tc.size, Parts: tc.parts})
		if !errors.Is(err, ErrInvalidJob) {
			t.Fatalf("err = %v, want ErrInvalidJob", err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q does not say %q", err, w)
			}
		}
		assertNoSecrets(t, "error", err.Error())
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("secret in %q", err)
		}
	}
	if len(store.order) != 0 {
		t.Fatalf("%d PUTs sent for uploads that cannot complete", len(store.order))
	}
}

// Through the emulator, in both of its answers: the stored content is the file, one successful PUT per
// part the file needs, none to a URL past its end.
func TestUploadBothPartSizeAnswers(t *testing.T) {
	const part = 100_000
	for _, nominal := range []bool{false, true} {
		e := emulatortest.New(t, emulator.Options{PartSize: part, NominalPartSize: nominal, ExtraPartURLs: 2})
		u := New(fastOpts(t, 3, nil))
		for i, size := range []int64{1024, part, part + 1, 3*part + part/2} {
			e.ResetRequests()
			path, sum := randomFile(t, size, uint64(40+i))
			c := createUpload(t, e, "clip.mov", size)
			if err := uploadFile(t, e, u, c, path, size, nil); err != nil {
				t.Fatalf("nominal %v, %d bytes: %v", nominal, size, err)
			}
			checkStored(t, e, c.ID, sum, size)
			needed := int((size + part - 1) / part)
			puts := s3Requests(e)
			if len(puts) != needed {
				t.Errorf("nominal %v, %d bytes: %d PUTs, want %d", nominal, size, len(puts), needed)
			}
			var sent int64
			for _, r := range puts {
				sent += r.ContentLength
				n, _ := strconv.Atoi(r.Path[strings.LastIndex(r.Path, "/")+1:])
				if r.Status != http.StatusOK || n < 1 || n > needed {
					t.Errorf("nominal %v, %d bytes: PUT to part %d -> %d", nominal, size, n, r.Status)
				}
			}
			if sent != size {
				t.Errorf("nominal %v, %d bytes: %d bytes sent", nominal, size, sent)
			}
		}
	}
}
