package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
)

// Unit tests of the one mapping from errors to diagnostic text: each error class says what to do.

const (
	acct   = "6f1f2b0e-0000-4000-8000-00000000acc1"
	prefix = "/v4/accounts/" + acct
)

func apiErr(status int, method, path string, details ...frameio.ErrorDetail) *frameio.APIError {
	return &frameio.APIError{StatusCode: status, Method: method, Path: path, Errors: details, Attempts: 1}
}

// requireText fails unless text holds every want and none of the unwanted.
func requireText(t *testing.T, text string, want []string, unwanted ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Errorf("text holds %q:\n%s", u, text)
		}
	}
}

func TestExplainForbiddenNamesTheUserThePermissionAndTheProject(t *testing.T) {
	for _, tc := range []struct {
		credential string
		user       string
	}{
		{ims.GrantClientCredentials, "technical account user of the OAuth Server-to-Server credential in client_id (or FRAMEIO_CLIENT_ID)"},
		{ims.GrantRefreshToken, "the user who signed in to obtain refresh_token (or FRAMEIO_REFRESH_TOKEN)"},
		{"token", "the user the access token in token (or FRAMEIO_TOKEN) was issued to"},
	} {
		t.Run(tc.credential, func(t *testing.T) {
			ae := apiErr(http.StatusForbidden, http.MethodGet, prefix+"/projects/p-1")
			ae.Credential = tc.credential
			text := explainAPIError(ae).Error()
			requireText(t, text, []string{
				"Frame.io API: GET " + prefix + "/projects/p-1: 403 Forbidden",
				"does not let the provider see project p-1 in account " + acct,
				tc.user,
				"add that user to the workspace or project that holds it",
				"account_id",
			}, "frameio: ")
		})
	}
}

func TestExplainForbiddenCreationNamesWhereItCreates(t *testing.T) {
	ae := apiErr(http.StatusForbidden, http.MethodPost, prefix+"/folders/f-1/files/local_upload")
	ae.Credential = ims.GrantClientCredentials
	requireText(t, explainAPIError(ae).Error(), []string{"let the provider add to folder f-1 in account " + acct,
		"may add to it"})
}

func TestExplainNotFoundNamesTheIDAndTheWebApp(t *testing.T) {
	ae := apiErr(http.StatusNotFound, http.MethodGet, prefix+"/folders/adobe:123%7C4")
	requireText(t, explainAPIError(ae).Error(), []string{
		"Frame.io has no folder adobe:123|4 in account " + acct,
		"deleted in the Frame.io web app",
		"another account (account_id)",
	})
}

// A member's path names the user, the last id of the path.
func TestExplainNotFoundNamesTheProjectUser(t *testing.T) {
	ae := apiErr(http.StatusNotFound, http.MethodPatch, prefix+"/projects/p1/users/u1")
	requireText(t, explainAPIError(ae).Error(), []string{"Frame.io has no user u1 in account " + acct})
}

func TestExplainInvalidNamesTheAttributeNotThePointer(t *testing.T) {
	for _, tc := range []struct {
		name    string
		method  string
		path    string
		pointer string
		attr    string
	}{
		{"file size", http.MethodPost, prefix + "/folders/f/files/local_upload", "/data/file_size", "source"},
		{"file name", http.MethodPost, prefix + "/folders/f/files/local_upload", "/data/name", "name"},
		{"folder name", http.MethodPatch, prefix + "/folders/f", "/data/name", "name"},
		{"file move", http.MethodPatch, prefix + "/files/x/move", "/data/parent_id", "folder_id"},
		{"stack move", http.MethodPatch, prefix + "/version_stacks/v/move", "/data/parent_id", "folder_id"},
		{"folder move", http.MethodPatch, prefix + "/folders/f/move", "/data/parent_id", "parent_id"},
		{"reviewer emails", http.MethodPost, prefix + "/shares/s/reviewers", "/data/reviewers/emails/0", "reviewers"},
		{"emails", http.MethodPost, prefix + "/shares/s/reviewers", "/data/emails", "reviewers"},
		{"share assets", http.MethodPost, prefix + "/projects/p/shares", "/data/asset_ids/0", "asset_ids"},
		{"remote upload", http.MethodPost, prefix + "/folders/f/files/remote_upload", "/data/source_url", "source_url"},
		{"project status", http.MethodPatch, prefix + "/projects/p", "/data/status", "status"},
		{"project restricted", http.MethodPost, prefix + "/workspaces/w/projects", "/data/restricted", "restricted"},
		{"member role", http.MethodPatch, prefix + "/projects/p/users/u", "/data/role", "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ae := apiErr(http.StatusUnprocessableEntity, tc.method, tc.path,
				frameio.ErrorDetail{Title: "Invalid value", Detail: "is not valid", Pointer: tc.pointer})
			requireText(t, explainAPIError(ae).Error(), []string{
				"422 Unprocessable Entity: is not valid (" + tc.attr + ")",
				"Frame.io refused the value of " + tc.attr,
				"change it in the configuration",
			}, "/data/")
		})
	}
}

func TestExplainInvalidWithoutAttributeSaysItMayBeABug(t *testing.T) {
	ae := apiErr(http.StatusUnprocessableEntity, http.MethodPost, prefix+"/folders/f/version_stacks",
		frameio.ErrorDetail{Detail: "must hold two files", Pointer: "/data/file_ids"})
	requireText(t, explainAPIError(ae).Error(), []string{"must hold two files (request field file_ids)",
		"bug in the provider", "TF_LOG=DEBUG"}, "/data/")
}

func TestExplainConflictNamesTheAttribute(t *testing.T) {
	ae := apiErr(http.StatusConflict, http.MethodPost, prefix+"/shares/s/assets",
		frameio.ErrorDetail{Detail: "asset is already in the share", Pointer: "/data/asset_id"})
	requireText(t, explainAPIError(ae).Error(), []string{"409 Conflict: asset is already in the share (asset_ids)",
		"conflicts with what share s holds now", "Check asset_ids.", "terraform plan"}, "/data/")
}

func TestExplainRateLimitedNamesTheLimitAndWhatWasDone(t *testing.T) {
	ae := apiErr(http.StatusTooManyRequests, http.MethodGet, prefix+"/files/x")
	ae.Operation, ae.Attempts, ae.Elapsed = "files.show", 6, 31*time.Second+400*time.Millisecond
	limit, ok := frameio.RateLimits()["files.show"]
	if !ok {
		t.Fatal("no documented limit for files.show")
	}
	requireText(t, explainAPIError(ae).Error(), []string{
		fmt.Sprintf("files.show: %d requests per second, per account user", limit.N),
		"after 6 attempts over 31s (max_retries = 5)",
		"same credential",
		"raise max_retries",
	})

	// Without retries, it says so rather than "after 1 attempts".
	ae.Attempts = 1
	requireText(t, explainAPIError(ae).Error(), []string{"the provider did not retry: max_retries is 0"}, "1 attempts")
}

func TestExplainServerErrorSaysWhatWasTried(t *testing.T) {
	ae := apiErr(http.StatusServiceUnavailable, http.MethodGet, prefix+"/folders/f")
	ae.Attempts, ae.Elapsed = 3, 2*time.Second
	requireText(t, explainAPIError(ae).Error(), []string{"Frame.io failed on its side after 3 attempts over 2s",
		"Try again in a few minutes"})
}

func TestExplainUnauthorizedKeepsTheTokenFix(t *testing.T) {
	ae := apiErr(http.StatusUnauthorized, http.MethodGet, prefix+"/projects/p",
		frameio.ErrorDetail{Detail: "Invalid or expired token"})
	requireText(t, explainAPIError(ae).Error(), []string{"401 Unauthorized: Invalid or expired token",
		"Frame.io refused the access token", EnvToken, EnvClientID})

	renewed := &frameio.RefusedAfterRenewalError{Err: ae}
	requireText(t, explainAPIError(renewed).Error(), []string{"401 Unauthorized: Invalid or expired token (also with a renewed token)",
		"Frame.io refused an access token Adobe IMS had just issued", "frame.s2s.all"}, "frameio: ")
}

func TestExplainKeepsTheContextAndTheCause(t *testing.T) {
	ae := apiErr(http.StatusUnprocessableEntity, http.MethodPost, prefix+"/folders/f/files/local_upload",
		frameio.ErrorDetail{Detail: "0 is smaller than inclusive minimum 1", Pointer: "/data/file_size"})
	err := explainAPIError(fmt.Errorf("creating the upload of cut.mov in folder f: %w", ae))
	requireText(t, err.Error(), []string{"creating the upload of cut.mov in folder f: Frame.io API: POST"}, "frameio: ")
	var got *frameio.APIError
	if !errors.As(err, &got) || got != ae {
		t.Fatal("the explained error no longer wraps the APIError")
	}
	if again := explainAPIError(fmt.Errorf("retrying: %w", err)); strings.Count(again.Error(), "Frame.io refused the value") != 1 {
		t.Fatalf("explained twice, the next step repeats:\n%s", again)
	}
	if explainAPIError(nil) != nil {
		t.Fatal("explainAPIError(nil) is not nil")
	}
}

func TestExplainSaysNoGoInternals(t *testing.T) {
	err := explainAPIError(fmt.Errorf("frameio: GET %s/folders/f: %w", prefix, context.DeadlineExceeded))
	requireText(t, err.Error(), []string{"Frame.io API: GET", "ran out of time"}, "context deadline exceeded", "frameio: ")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("the explained error no longer wraps the context's error")
	}
}

func TestExplainExpiredPartURLsSaysWhatToDo(t *testing.T) {
	err := explainAPIError(&delivery.UploadError{Err: &delivery.PartURLsError{Name: "feature.mov", Part: 3, Parts: 1000,
		Status: http.StatusForbidden, Code: "AccessDenied", Message: "Request has expired"}})
	text := err.Error()
	requireText(t, text, []string{"part 3 of 1000 of feature.mov (HTTP 403, AccessDenied: Request has expired)",
		"Apply again: a new upload gets new part URLs", "upload_concurrency", "source_url"})
	if strings.Count(text, "uploading") > 0 {
		t.Errorf("text stutters:\n%s", text)
	}
}

func TestWaitTimeoutNamesTheWaitAndTheTimeout(t *testing.T) {
	wait := &delivery.WaitError{FileID: "f-1", Transcode: true, Waited: 90 * time.Second, LastState: "status uploaded",
		Err: context.DeadlineExceeded}
	text := explainAPIError(withTimeoutHint(&delivery.UploadError{Err: wait, TimedOut: true}, 2*time.Minute)).Error()
	requireText(t, text, []string{"timed out waiting for Frame.io to finish transcoding file f-1 after 1m30s",
		"timeouts.create is 2m0s: raise it", `wait_for = "upload"`}, "deadline exceeded")

	wait.Transcode, wait.LastState = false, "uploading"
	text = explainAPIError(withTimeoutHint(&delivery.UploadError{Err: wait, TimedOut: true}, 2*time.Minute)).Error()
	requireText(t, text, []string{"to finish processing the upload of file f-1", "timeouts.create is 2m0s: raise it"},
		"wait_for", "deadline exceeded")
}

func TestUnexpectedProviderDataShowsNoGoTypes(t *testing.T) {
	var diags diag.Diagnostics
	if providerDataFrom("not the provider's", &diags) != nil || !diags.HasError() {
		t.Fatal("want an error for provider data of another type")
	}
	requireText(t, diags[0].Detail(), []string{"bug in the provider"}, "providerData", "%T", "string")
}

func TestNoAccountListsTheAccounts(t *testing.T) {
	var diags diag.Diagnostics
	data := &providerData{accounts: []frameio.Account{{ID: "a-1", DisplayName: "Studio A"}, {ID: "a-2", DisplayName: "Studio B"}}}
	if data.ready(&diags) || !diags.HasError() {
		t.Fatal("ready without an account")
	}
	if diags[0].Summary() != "Several Frame.io accounts: set account_id" {
		t.Errorf("summary %q", diags[0].Summary())
	}
	requireText(t, diags[0].Detail(), []string{`2 Frame.io accounts: "Studio A" (a-1), "Studio B" (a-2)`,
		"frameio_accounts data source lists them"})

	// The lookups that need no account still run.
	diags = nil
	if !data.configured(&diags) || diags.HasError() {
		t.Fatalf("configured: %v", diags)
	}

	data.accounts = nil
	diags = nil
	if data.ready(&diags) || diags[0].Summary() != "No Frame.io account" {
		t.Fatalf("no account seen: %v", diags)
	}
}
