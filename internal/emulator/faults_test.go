package emulator

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// tryCall makes an authenticated API call and returns the transport's error instead of failing, for
// the faults that leave the client without a reply.
func tryCall(ctx context.Context, e *Emulator, method, path, body string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, e.URL()+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+e.Options().Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no retry of the cut request by the client
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func folderBody(name string) map[string]any {
	return map[string]any{"data": map[string]any{"name": name}}
}

// folderNamed reports whether a folder with that name exists.
func folderNamed(e *Emulator, name string) bool {
	for _, f := range e.Folders() {
		if f.Name == name {
			return true
		}
	}
	return false
}

func TestFailOperationHitsOnlyItsOperationAndHasNoEffect(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.FailOperation("folders.create", 1, http.StatusInternalServerError)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200) // another operation: untouched
	r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody("a"))
	if r.status != 500 || r.errDetail() != "Injected failure" {
		t.Fatalf("injected failure: %d %s", r.status, r.raw)
	}
	if folderNamed(e, "a") {
		t.Fatal("a failed create created the folder")
	}
	if n := e.PendingFaults("folders.create"); n != 0 {
		t.Fatalf("%d faults pending after the one call", n)
	}
	wantStatus(t, call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody("a")), 201)
	calls := e.Calls("folders.create")
	if len(calls) != 2 || calls[0].Status != 500 || calls[1].Status != 201 || calls[0].Op != "folders.create" {
		t.Fatalf("calls of folders.create: %+v", calls)
	}
	if n := len(e.Calls(OpAnyAPI)); n != 3 {
		t.Fatalf("%d API calls logged, want 3", n)
	}
}

func TestFaultsOfTheOperationComeBeforeAnyAPI(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.FailOperation(OpAnyAPI, 1, http.StatusBadGateway)
	e.FailOperation("users.show", 1, http.StatusServiceUnavailable)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 503)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 502)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)
	// OpAnyAPI is the API's: part PUTs and the IMS endpoint are not hit.
	u := createUpload(t, e, root(e), "a.txt", 3)
	e.FailOperation(OpAnyAPI, 1, http.StatusInternalServerError)
	if r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil); r.status != 200 {
		t.Fatalf("a part PUT consumed an API fault: %d", r.status)
	}
	if n := e.PendingFaults(OpAnyAPI); n != 1 {
		t.Fatalf("%d API faults pending after a part PUT, want 1", n)
	}
}

func TestFailOperationAlwaysUntilCleared(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.FailOperation("users.show", Always, http.StatusServiceUnavailable)
	for range 3 {
		wantStatus(t, call(t, e, "GET", "/v4/me", nil), 503)
	}
	if n := e.PendingFaults("users.show"); n != Always {
		t.Fatalf("pending = %d, want Always", n)
	}
	e.ClearFaults("users.show")
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)
	e.FailOperation("users.show", 5, http.StatusServiceUnavailable)
	e.FailOperation("accounts.index", 5, http.StatusServiceUnavailable)
	e.ClearFaults()
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)
	wantStatus(t, call(t, e, "GET", "/v4/accounts", nil), 200)
}

func TestFailOperationWithPointerNamesTheField(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.FailOperation("folders.create", 1, http.StatusUnprocessableEntity, WithPointer("/data/name", "name is taken"))
	r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody("a"))
	if r.status != 422 || r.errPointer() != "/data/name" || r.errDetail() != "name is taken" {
		t.Fatalf("injected 422: %d %s", r.status, r.raw)
	}
	if folderNamed(e, "a") {
		t.Fatal("a failed create created the folder")
	}
}

func TestFailOperationRefusesAStatusThatIsNoError(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("FailOperation with status 200 did not panic")
		}
	}()
	New(Options{}).FailOperation("users.show", 1, http.StatusOK)
}

func TestLoseReplyCommitsThenAnswersGatewayError(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	for _, tc := range []struct {
		mode   LostReplyMode
		name   string
		status int
	}{{LostReplyStatus, "lost-502", 502}, {LostReplyGatewayTimeout, "lost-504", 504}} {
		e.LoseReply("folders.create", 1, tc.mode)
		r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody(tc.name))
		if r.status != tc.status {
			t.Fatalf("%s: reply %d %s", tc.mode, r.status, r.raw)
		}
		if !folderNamed(e, tc.name) {
			t.Fatalf("%s: the call whose reply was lost did not take effect", tc.mode)
		}
	}
}

func TestLoseReplyCutCommitsAndSendsNothing(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.LoseReply("folders.create", 1, LostReplyCut)
	_, err := tryCall(context.Background(), e, "POST", acct(e)+"/folders/"+root(e)+"/folders", `{"data":{"name":"cut"}}`)
	if err == nil {
		t.Fatal("the client got a reply")
	}
	if !folderNamed(e, "cut") {
		t.Fatal("the call whose connection was cut did not take effect")
	}
	waitLogged(t, e, "folders.create", 0)
}

// waitLogged waits until a call of op with status is logged: a cut call is logged when its handler
// returns, which may come just after the client saw the connection drop.
func waitLogged(t *testing.T, e *Emulator, op string, status int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, c := range e.Calls(op) {
			if c.Status == status {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no call of %s logged with status %d: %+v", op, status, e.Calls(op))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitTaken waits until the pending faults of op are consumed: the stalled call has arrived.
func waitTaken(t *testing.T, e *Emulator, op string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for e.PendingFaults(op) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the call of %s never reached the emulator", op)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStallWaitsForTheClientAndHasNoEffect(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.Stall("folders.create", 1)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := tryCall(ctx, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", `{"data":{"name":"stalled"}}`)
		errc <- err
	}()
	waitTaken(t, e, "folders.create")
	select {
	case err := <-errc:
		t.Fatalf("a stalled call returned before the client gave up: %v", err)
	default:
	}
	cancel() // the client gives up
	if err := <-errc; err == nil {
		t.Fatal("the stalled call got a reply")
	}
	waitLogged(t, e, "folders.create", 0)
	if folderNamed(e, "stalled") {
		t.Fatal("a stalled call took effect")
	}
	wantStatus(t, call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody("next")), 201)
}

func TestStallEndsWhenTheEmulatorCloses(t *testing.T) {
	t.Parallel()
	e, err := Start("127.0.0.1:0", fast(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	e.Stall("users.show", 1)
	errc := make(chan error, 1)
	go func() {
		_, err := tryCall(context.Background(), e, "GET", "/v4/me", "")
		errc <- err
	}()
	waitTaken(t, e, "users.show")
	if err := e.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := <-errc; err == nil {
		t.Fatal("the stalled call got a reply")
	}
}

func TestFaultsAreConsumedOncePerCallUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // 100 calls at once, beyond users.show's limit
	const calls, faulty = 100, 37
	e.FailOperation("users.show", faulty, http.StatusServiceUnavailable)
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int]int{}
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := tryCall(context.Background(), e, "GET", "/v4/me", "")
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[st]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got[503] != faulty || got[200] != calls-faulty {
		t.Fatalf("statuses %v, want %d 503s and %d 200s", got, faulty, calls-faulty)
	}
}

func TestPartFaults(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 3)
	e.FailOperation(OpPutPart, 1, http.StatusForbidden)
	r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil)
	if r.status != 403 || r.code != "AccessDenied" || !strings.Contains(r.body, "Request has expired") {
		t.Fatalf("injected 403: %d %q %s", r.status, r.code, r.body)
	}
	e.LoseReply(OpPutPart, 1, LostReplyStatus)
	if r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil); r.status != 502 {
		t.Fatalf("lost reply: %d %s", r.status, r.body)
	}
	if f, _ := e.File(u.id); f.BytesReceived != 3 {
		t.Fatalf("the part whose reply was lost was not stored: %+v", f)
	}
	calls := e.Calls(OpPutPart)
	if len(calls) != 2 || !calls[0].S3 || calls[0].Status != 403 || calls[1].Status != 502 {
		t.Fatalf("part PUT calls: %+v", calls)
	}
}

func TestIMSFaults(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	token := func() (int, http.Header) {
		form := "grant_type=client_credentials&client_id=" + DefaultClientID + "&client_secret=" + DefaultClientSecret +
			"&scope=" + DefaultIMSScopes
		resp, err := httpc.Post(e.URL()+imsTokenPath, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, resp.Header
	}
	e.FailOperation(OpIMSToken, 1, http.StatusTooManyRequests)
	if st, h := token(); st != 429 || h.Get("Retry-After") != "" {
		t.Fatalf("injected 429: %d Retry-After %q", st, h.Get("Retry-After"))
	}
	e.FailOperation(OpIMSToken, 1, http.StatusTooManyRequests, WithRetryAfter(time.Second))
	if st, h := token(); st != 429 || h.Get("Retry-After") != "1" {
		t.Fatalf("injected 429 with Retry-After: %d %q", st, h.Get("Retry-After"))
	}
	e.LoseReply(OpIMSToken, 1, LostReplyStatus)
	if st, _ := token(); st != 502 || e.IMSTokensIssued() != 1 {
		t.Fatalf("lost reply: %d, %d tokens issued", st, e.IMSTokensIssued())
	}
	if st, _ := token(); st != 200 {
		t.Fatalf("after the faults: %d", st)
	}
	if n := len(e.Calls(OpIMSToken)); n != 4 {
		t.Fatalf("%d IMS calls logged", n)
	}
}

func TestParseLostReplyMode(t *testing.T) {
	for _, m := range []LostReplyMode{LostReplyStatus, LostReplyGatewayTimeout, LostReplyCut} {
		if got, err := ParseLostReplyMode(m.String()); err != nil || got != m {
			t.Fatalf("%s: %v %v", m, got, err)
		}
	}
	if _, err := ParseLostReplyMode("lost"); err == nil {
		t.Fatal("an unknown mode was accepted")
	}
}

func TestResetConnectionHasNoEffect(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.ResetConnection("folders.create", 1)
	if _, err := tryCall(context.Background(), e, "POST", acct(e)+"/folders/"+root(e)+"/folders", `{"data":{"name":"reset"}}`); err == nil {
		t.Fatal("the client got a reply")
	}
	waitLogged(t, e, "folders.create", 0)
	if folderNamed(e, "reset") {
		t.Fatal("a reset call took effect")
	}
	u := createUpload(t, e, root(e), "a.bin", 200_000)
	e.ResetConnection(OpPutPart, 1)
	if _, err := tryPutPart(u.parts[0].url, u.mediaType, randBytes(200_000), nil); err == nil {
		t.Fatal("the part PUT got a reply")
	}
	waitLogged(t, e, OpPutPart, 0)
	if f, _ := e.File(u.id); f.BytesReceived != 0 {
		t.Fatalf("a reset part PUT was stored: %+v", f)
	}
}
