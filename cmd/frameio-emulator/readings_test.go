package main

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func parseReadings(t *testing.T, args ...string) (emulator.Readings, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	build := readingsFlags(fs)
	if err := fs.Parse(args); err != nil {
		return emulator.Readings{}, err
	}
	return build()
}

func TestReadingsFlags(t *testing.T) {
	if r, err := parseReadings(t); err != nil || r != (emulator.Readings{}) {
		t.Fatalf("no flags: %+v %v, want the strict default", r, err)
	}
	if r, err := parseReadings(t, "-readings", "pessimistic"); err != nil || r != emulator.Pessimistic() {
		t.Fatalf("pessimistic: %+v %v", r, err)
	}
	// A reading's own flag overrides the preset, both ways.
	r, err := parseReadings(t, "-readings", "pessimistic", "-listing-lag", "5s", "-omit-share-passphrase=false",
		"-lost-create-reply-mode", "cut", "-duplicate-share-asset-ok", "-never-transcoded", "video/quicktime",
		"-rotate-refresh-tokens", "-webhook-active-as-string=false", "-stack-show-of-folder", "422")
	want := emulator.Pessimistic()
	want.ListingLag, want.OmitSharePassphrase, want.LostCreateReplyMode = 5*time.Second, false, emulator.LostReplyCut
	want.DuplicateShareAssetOK, want.NeverTranscoded, want.RotateRefreshTokens = true, "video/quicktime", true
	want.WebhookActiveAsString, want.StackShowOfFolder = false, emulator.StackShowOfFolderUnprocessable
	if err != nil || r != want {
		t.Fatalf("overrides: %+v %v, want %+v", r, err, want)
	}
	if _, err := parseReadings(t, "-readings", "optimistic"); err == nil {
		t.Fatal("an unknown preset was accepted")
	}
	if _, err := parseReadings(t, "-lost-create-reply-mode", "lost"); err == nil {
		t.Fatal("an unknown lost reply mode was accepted")
	}
	if _, err := parseReadings(t, "-stack-show-of-folder", "200"); err == nil {
		t.Fatal("an unknown version_stacks.show reading was accepted")
	}
}
