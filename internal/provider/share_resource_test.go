package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

const shareAddr = "frameio_share.client"

var (
	shortURLPath  = tfjsonpath.New("short_url")
	reviewersPath = tfjsonpath.New("reviewers")
)

// expectShare: the share the state records at addr is in Frame.io and passes check.
func expectShare(e *emulator.Emulator, addr string, check func(emulator.Share) error) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, err := stateString(req, addr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		s, ok := e.Share(id)
		if !ok {
			resp.Error = fmt.Errorf("%s: share %s is not in Frame.io", addr, id)
			return
		}
		if err := check(s); err != nil {
			resp.Error = fmt.Errorf("%s: %w", addr, err)
		}
	})
}

// shareHolds: the share holds exactly the assets of the frameio_file resources named (in any order) and
// exactly these reviewers (lower-cased, in any order).
func shareHolds(e *emulator.Emulator, files []string, reviewers ...string) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		var want []string
		for _, f := range files {
			id, err := stateString(req, "frameio_file."+f, "id")
			if err != nil {
				resp.Error = err
				return
			}
			want = append(want, id)
		}
		expectShare(e, shareAddr, func(s emulator.Share) error {
			if !sameElements(s.AssetIDs, want) {
				return fmt.Errorf("Frame.io holds assets %v, want %v (%v)", s.AssetIDs, want, files)
			}
			if !sameElements(s.Reviewers, reviewers) {
				return fmt.Errorf("Frame.io has reviewers %v, want %v", s.Reviewers, reviewers)
			}
			return nil
		}).CheckState(ctx, req, resp)
	})
}

func sameElements(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// shareCalls are the logged calls that change shares (not the reads every refresh makes).
func shareCalls(e *emulator.Emulator) []string {
	var out []string
	for _, r := range e.Requests() {
		if strings.Contains(r.Path, "/shares") && r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path[strings.Index(r.Path, "/shares"):])
		}
	}
	return out
}

// expectShareCalls: since the last ResetRequests, the share calls were these, in any order, each path
// given as a suffix pattern with the share id left out ("POST /assets").
func expectShareCalls(e *emulator.Emulator, want ...string) statecheck.StateCheck {
	return emulatorCheck(func() error {
		var got []string
		for _, c := range shareCalls(e) {
			method, p, _ := strings.Cut(c, " ")
			parts := strings.Split(p, "/") // "", "shares", id, "assets", asset id
			switch {
			case len(parts) <= 3:
				got = append(got, method+" /shares")
			default:
				got = append(got, method+" /"+parts[3])
			}
		}
		if !sameElements(got, want) {
			return fmt.Errorf("share calls %v, want %v", shareCalls(e), want)
		}
		return nil
	})
}

// filesConfig is n small files uploaded to the root folder, frameio_file.f1 .. fn.
func filesConfig(t *testing.T, e *emulator.Emulator, n int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		src, _ := writeRandomFile(t, dir, fmt.Sprintf("f%d.mov", i), 2_000, uint64(100+i))
		fmt.Fprintf(&b, "resource \"frameio_file\" \"f%d\" {\n  folder_id = %q\n  source    = %q\n}\n", i, e.Options().RootFolderID, hcl(src))
	}
	return b.String()
}

func TestAccShare_secureLifecycle(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	files := filesConfig(t, e, 3)
	exp1 := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	exp2 := exp1.Add(7 * 24 * time.Hour)
	config := func(assets string, exp time.Time, reviewers ...string) string {
		return fileConfig(e, files+fmt.Sprintf(`
resource "frameio_share" "client" {
  project_id = %q
  name       = "Feature v3 (client review)"
  access     = "secure"
  asset_ids  = [%s]
  expiration = %q
  reviewers  = [%s]
  message    = "The new cut is ready for your notes."
}
`, e.Options().ProjectID, assets, exp.In(time.FixedZone("", 3600)).Format(time.RFC3339), `"`+strings.Join(reviewers, `", "`)+`"`))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameURL := statecheck.CompareValue(compare.ValuesSame())
	twelve := []string{"Director@Example.com"}
	for i := range 11 {
		twelve = append(twelve, fmt.Sprintf("viewer%02d@example.com", i))
	}
	lower := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = strings.ToLower(s)
		}
		return out
	}
	updatesInPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(shareAddr, plancheck.ResourceActionUpdate),
	}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if s := e.Shares(); len(s) != 0 {
				return fmt.Errorf("%d shares left after destroy", len(s))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// A secure share of two files with two reviewers (the invitation's case kept in state).
				Config: config("frameio_file.f1.id, frameio_file.f2.id", exp1, "Director@Example.com", "producer@example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(shareAddr, idPath),
					sameURL.AddStateValue(shareAddr, shortURLPath),
					statecheck.ExpectKnownValue(shareAddr, shortURLPath, knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/s/\w{8}$`))),
					statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("downloading_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("passphrase"), knownvalue.Null()),
					statecheck.ExpectKnownValue(shareAddr, reviewersPath, knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("Director@Example.com"), knownvalue.StringExact("producer@example.com")})),
					shareHolds(e, []string{"f1", "f2"}, "director@example.com", "producer@example.com"),
					expectShare(e, shareAddr, func(s emulator.Share) error {
						if s.Access != "secure" || !s.Expiration.Equal(exp1) || s.Name != "Feature v3 (client review)" {
							return fmt.Errorf("share %+v", s)
						}
						return nil
					}),
				},
			},
			{
				// A third file: one add_asset call, same share, same link.
				PreConfig:        e.ResetRequests,
				Config:           config("frameio_file.f1.id, frameio_file.f2.id, frameio_file.f3.id", exp1, "Director@Example.com", "producer@example.com"),
				ConfigPlanChecks: updatesInPlace,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(shareAddr, idPath),
					sameURL.AddStateValue(shareAddr, shortURLPath),
					shareHolds(e, []string{"f1", "f2", "f3"}, "director@example.com", "producer@example.com"),
					expectShareCalls(e, "POST /assets"),
				},
			},
			{
				// A reviewer leaves.
				PreConfig:        e.ResetRequests,
				Config:           config("frameio_file.f1.id, frameio_file.f2.id, frameio_file.f3.id", exp1, "Director@Example.com"),
				ConfigPlanChecks: updatesInPlace,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(shareAddr, idPath),
					shareHolds(e, []string{"f1", "f2", "f3"}, "director@example.com"),
					expectShareCalls(e, "DELETE /reviewers"),
				},
			},
			{
				// A later expiration (written with another offset, compared as a time) and a file less.
				PreConfig:        e.ResetRequests,
				Config:           config("frameio_file.f2.id, frameio_file.f3.id", exp2, "Director@Example.com"),
				ConfigPlanChecks: updatesInPlace,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(shareAddr, idPath),
					sameURL.AddStateValue(shareAddr, shortURLPath),
					shareHolds(e, []string{"f2", "f3"}, "director@example.com"),
					expectShare(e, shareAddr, func(s emulator.Share) error {
						if !s.Expiration.Equal(exp2) {
							return fmt.Errorf("expiration %s, want %s", s.Expiration, exp2)
						}
						return nil
					}),
					expectShareCalls(e, "PATCH /shares", "DELETE /assets"),
				},
			},
			{
				// Eleven more reviewers: two calls (10 a call).
				PreConfig:        e.ResetRequests,
				Config:           config("frameio_file.f2.id, frameio_file.f3.id", exp2, twelve...),
				ConfigPlanChecks: updatesInPlace,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(shareAddr, idPath),
					shareHolds(e, []string{"f2", "f3"}, lower(twelve)...),
					expectShareCalls(e, "POST /reviewers", "POST /reviewers"),
				},
			},
		},
	})
}

// Access changes in place, in an order Frame.io accepts: reviewers are invited once the share is secure
// and leave while it still is. Reviewers left unset are not managed; set later, the ones Frame.io has
// are read and made to match.
func TestAccShare_accessAndReviewersInPlace(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	folder, _ := e.AddFolder("", "Delivery")
	config := func(access, reviewers string) string {
		return shareBlock(e, fmt.Sprintf("name = \"Review\"\n access = %q\n asset_ids = [%q]\n %s", access, folder, reviewers))
	}
	sameShare := statecheck.CompareValue(compare.ValuesSame())
	var id string
	has := func(access string, reviewers ...string) statecheck.StateCheck {
		return expectShare(e, shareAddr, func(s emulator.Share) error {
			id = s.ID
			if s.Access != access || !sameElements(s.Reviewers, reviewers) {
				return fmt.Errorf("Frame.io has a %s share with reviewers %v, want %s with %v", s.Access, s.Reviewers, access, reviewers)
			}
			return nil
		})
	}
	step := func(access, reviewers string, want []string, calls ...string) resource.TestStep {
		return resource.TestStep{
			PreConfig: e.ResetRequests,
			Config:    config(access, reviewers),
			ConfigStateChecks: []statecheck.StateCheck{
				sameShare.AddStateValue(shareAddr, idPath), has(access, want...), expectShareCalls(e, calls...)},
		}
	}
	webInvite := step("secure", `reviewers = ["b@example.com"]`, []string{"b@example.com"}, "DELETE /reviewers", "POST /reviewers")
	webInvite.PreConfig = func() {
		e.ResetRequests()
		if err := e.AddShareReviewer(id, "web@example.com"); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step("public", "", nil, "POST /shares"),
			step("secure", `reviewers = ["a@example.com"]`, []string{"a@example.com"}, "PATCH /shares", "POST /reviewers"),
			step("public", `reviewers = []`, nil, "DELETE /reviewers", "PATCH /shares"),
			step("secure", "", nil, "PATCH /shares"),
			webInvite, // invited in the web app while unmanaged; then managed: made to match
		},
	})
}
