package metadatawriter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// The writer against the emulator, through the real client, with the documented rate limits on
// (metadata.bulk_update: 10 calls a minute, a leaky bucket): the calls the files cost, no 429, and what
// Frame.io holds afterwards.

type emuEnv struct {
	e       *emulator.Emulator
	project string
	files   []string
	status  string // select field "Status" (options Approved, Rejected)
	reel    string // number field "Reel"
	options map[string]string
}

// newEmuEnv makes n files and two fields with the limits off (setup is not what is measured), then turns
// them on.
func newEmuEnv(t *testing.T, n int) *emuEnv {
	t.Helper()
	e := emulatortest.New(t, emulator.Options{ProcessingDelay: -1, TranscodeDelay: -1})
	e.SetRateLimits(false)
	env := &emuEnv{e: e}
	for i := range n {
		f := createFile(t, e, fmt.Sprintf("f%03d.mov", i))
		env.files = append(env.files, f.ID)
		env.project = f.ProjectID
	}
	var err error
	if env.status, err = e.AddFieldDefinition("", "Status", "select", []string{"Approved", "Rejected"}, true); err != nil {
		t.Fatal(err)
	}
	if env.reel, err = e.AddFieldDefinition("", "Reel", "number", nil, true); err != nil {
		t.Fatal(err)
	}
	def, _ := e.FieldDefinition(env.status)
	env.options = map[string]string{}
	for _, o := range def.Options {
		env.options[o.Name] = o.ID
	}
	e.SetRateLimits(true)
	e.ResetRequests()
	return env
}

// createFile makes a file with a plain request: the client would pace the creates at their documented
// 5 a second, and setup is not what the tests measure.
func createFile(t *testing.T, e *emulator.Emulator, name string) frameio.File {
	t.Helper()
	o := e.Options()
	body := fmt.Sprintf(`{"data":{"name":%q,"file_size":1}}`, name)
	req, err := http.NewRequest(http.MethodPost, e.URL()+"/v4/accounts/"+o.AccountID+"/folders/"+o.RootFolderID+"/files/local_upload",
		strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+o.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reply struct{ Data frameio.File }
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating %s: %d %v", name, resp.StatusCode, err)
	}
	return reply.Data
}

func newClient(t *testing.T, e *emulator.Emulator) *frameio.Client {
	t.Helper()
	c, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: e.Options().Token,
		MinRetryWait: time.Millisecond, MaxRetryWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeAll submits every file of files at once, file i with values(i), and returns the answers.
func writeAll(t *testing.T, w *Writer, project string, files []string, values func(i int) []Value) map[string]error {
	t.Helper()
	var mu sync.Mutex
	answers := map[string]error{}
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := w.Submit(ctxT(t), project, f, values(i))
			mu.Lock()
			answers[f] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return answers
}

func (env *emuEnv) calls() (n, tooMany int) {
	for _, r := range env.e.Calls("metadata.bulk_update") {
		n++
		if r.Status == 429 {
			tooMany++
		}
	}
	return n, tooMany
}

func TestEmulatorSameValuesOn250FilesTakeThreeCalls(t *testing.T) {
	env := newEmuEnv(t, 250)
	w := ForAccount(newClient(t, env.e).ForAccount(env.e.Options().AccountID), Options{})
	defer w.Close()
	answers := writeAll(t, w, env.project, env.files, func(int) []Value {
		return []Value{{env.status, []string{env.options["Approved"]}}, {env.reel, json.Number("3")}}
	})
	for f, err := range answers {
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if n, tooMany := env.calls(); n > 3 || tooMany != 0 {
		t.Fatalf("%d bulk updates, %d answered 429; want at most 3 (100 files a call) and none", n, tooMany)
	}
	for _, f := range env.files {
		got := env.e.FileMetadata(f)
		if ids, _ := got[env.status].([]string); len(ids) != 1 || ids[0] != env.options["Approved"] || got[env.reel] != 3.0 {
			t.Fatalf("file %s holds %v", f, got)
		}
	}
}

func TestEmulatorTenValueSetsTakeTheBurst(t *testing.T) {
	// 10 value sets over 30 files: one call each, the limit's burst (10 a minute), and no 429. An
	// eleventh would wait for its slot: the client's pacer keeps 10 calls in any minute (pacer.go), which
	// its own tests check on a virtual clock. The calls wait until every file is pending (a gate before
	// the client's slots), with no quiet period: this counts the calls of a known set of files.
	env := newEmuEnv(t, 30)
	a := newClient(t, env.e).ForAccount(env.e.Options().AccountID)
	g := make(gate)
	w := New(accountSender{a}, Options{Slots: gatedSlots{g, accountSlots{a}}, Quiet: -1})
	defer w.Close()
	go func() {
		eventually(t, "every file pending", func() bool { return w.pendingCount() == 30 })
		close(g)
	}()
	answers := writeAll(t, w, env.project, env.files, func(i int) []Value {
		return []Value{{env.reel, json.Number(fmt.Sprint(i % 10))}}
	})
	for f, err := range answers {
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if n, tooMany := env.calls(); n != 10 || tooMany != 0 {
		t.Fatalf("%d bulk updates, %d answered 429; want 10 (one per value set) and none", n, tooMany)
	}
	for i, f := range env.files {
		if got := env.e.FileMetadata(f)[env.reel]; got != float64(i%10) {
			t.Fatalf("file %d holds Reel %v, want %d", i, got, i%10)
		}
	}
}

// gatedSlots waits for a gate, then for the next slot.
type gatedSlots struct {
	g    gate
	next Slots
}

func (s gatedSlots) WaitSlot(ctx context.Context) error {
	if err := s.g.WaitSlot(ctx); err != nil {
		return err
	}
	return s.next.WaitSlot(ctx)
}

func TestEmulatorAFileOfAnotherProjectFailsAlone(t *testing.T) {
	env := newEmuEnv(t, 4)
	// The emulator refuses the whole call, naming the file (/data/file_ids/<i>): nothing is written
	// until the others are sent again without it.
	deleted := env.files[2]
	if err := env.e.DeleteFile(deleted); err != nil {
		t.Fatal(err)
	}
	w := ForAccount(newClient(t, env.e).ForAccount(env.e.Options().AccountID), Options{})
	defer w.Close()
	answers := writeAll(t, w, env.project, env.files, func(int) []Value { return []Value{{env.reel, json.Number("7")}} })
	var fe *FileError
	if err := answers[deleted]; !errors.As(err, &fe) || !fe.Isolated || !strings.Contains(err.Error(), deleted) {
		t.Fatalf("deleted file: %v; want an isolated FileError naming it", err)
	}
	for _, f := range env.files {
		if f == deleted {
			continue
		}
		if err := answers[f]; err != nil {
			t.Errorf("%s: %v; want written despite the deleted file", f, err)
		}
		if got := env.e.FileMetadata(f)[env.reel]; got != 7.0 {
			t.Errorf("%s holds Reel %v, want 7", f, got)
		}
	}
	if n, tooMany := env.calls(); n != 2 || tooMany != 0 {
		t.Fatalf("%d bulk updates (%d 429); want 2: the refused one, then the 3 others", n, tooMany)
	}
}

func TestEmulatorRefusedValueFailsEveryFileOfTheCall(t *testing.T) {
	env := newEmuEnv(t, 3)
	w := ForAccount(newClient(t, env.e).ForAccount(env.e.Options().AccountID), Options{})
	defer w.Close()
	answers := writeAll(t, w, env.project, env.files, func(int) []Value {
		return []Value{{env.status, []string{"not-an-option"}}}
	})
	for _, f := range env.files {
		var fe *FileError
		var ae *frameio.APIError
		if err := answers[f]; !errors.As(err, &fe) || fe.FileID != f || !errors.As(err, &ae) || ae.StatusCode != 422 {
			t.Errorf("%s: %v; want a FileError naming it with the 422", f, err)
		}
	}
	if n, _ := env.calls(); n != 1 {
		t.Fatalf("%d bulk updates; want 1 (a refused value is refused for every file)", n)
	}
}

func TestEmulatorCancelledSubmitIsNotWritten(t *testing.T) {
	env := newEmuEnv(t, 2)
	w := ForAccount(newClient(t, env.e).ForAccount(env.e.Options().AccountID), Options{Quiet: time.Hour, MaxHold: -1})
	defer w.Close()
	ctx, cancel := context.WithCancel(ctxT(t))
	done := make(chan error, 1)
	go func() { done <- w.Submit(ctx, env.project, env.files[0], []Value{{env.reel, json.Number("1")}}) }()
	eventually(t, "pending", func() bool { return w.pendingCount() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Submit: %v; want context.Canceled", err)
	}
	w.Close()
	if n, _ := env.calls(); n != 0 || len(env.e.FileMetadata(env.files[0])) != 0 {
		t.Fatalf("%d bulk updates, file holds %v; want nothing sent for a withdrawn file", n, env.e.FileMetadata(env.files[0]))
	}
}
