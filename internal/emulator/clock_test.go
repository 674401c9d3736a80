package emulator

import (
	"net/url"
	"testing"
	"time"
)

func near(a, b time.Time) bool { d := a.Sub(b); return d > -time.Minute && d < time.Minute }

func TestTestClock(t *testing.T) {
	t.Parallel()
	c := NewTestClock()
	if !near(c.Now(), time.Now()) {
		t.Fatalf("new clock at %v, real time %v", c.Now(), time.Now())
	}
	c.Advance(time.Hour)
	c.Advance(30 * time.Minute)
	if !near(c.Now(), time.Now().Add(90*time.Minute)) {
		t.Fatalf("after 90 minutes of Advance: %v, real time %v", c.Now(), time.Now())
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Advance with a negative duration did not panic")
		}
	}()
	c.Advance(-time.Second)
}

// TestClockDrivesTimestampsAndURLs: timestamps in replies and the date of part URLs come from the clock.
func TestClockDrivesTimestampsAndURLs(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clockOf(t, e).Advance(48 * time.Hour)
	want := time.Now().Add(48 * time.Hour)
	u := createUpload(t, e, root(e), "a.txt", 1)
	d := call(t, e, "GET", acct(e)+"/files/"+u.id, nil).data()
	created, err := time.Parse(time.RFC3339Nano, d["created_at"].(string))
	if err != nil || !near(created, want) {
		t.Errorf("created_at %v, want about %v (%v)", d["created_at"], want, err)
	}
	pu, err := url.Parse(u.parts[0].url)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := time.Parse(amzDateFormat, pu.Query().Get("X-Amz-Date"))
	if err != nil || !near(signed, want) {
		t.Errorf("X-Amz-Date %v, want about %v (%v)", signed, want, err)
	}
	if f, _ := e.File(u.id); !near(f.CreatedAt, want) {
		t.Errorf("snapshot CreatedAt %v", f.CreatedAt)
	}
	// Without Options.Clock the emulator runs on real time.
	real := New(Options{})
	t.Cleanup(func() { _ = real.Close() })
	if c := real.Options().Clock; c == nil || !near(c.Now(), time.Now()) {
		t.Errorf("default clock %v", c)
	}
}
