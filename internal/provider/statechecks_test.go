package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// State checks that compare the Terraform state with what the emulator (Frame.io) holds. Each reads
// the ids from the state the step produced, so no test needs to carry ids between steps by pointer.

// stateString returns a string attribute of the resource at addr.
func stateString(req statecheck.CheckStateRequest, addr, attr string) (string, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return "", fmt.Errorf("the state has no root module")
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != addr {
			continue
		}
		s, ok := r.AttributeValues[attr].(string)
		if !ok {
			return "", fmt.Errorf("%s.%s is %v, not a string", addr, attr, r.AttributeValues[attr])
		}
		return s, nil
	}
	return "", fmt.Errorf("%s is not in the state", addr)
}

// stateFileIDs maps the id of every frameio_file in the state, and of every version it uploaded
// (version_ids), to its address.
func stateFileIDs(req statecheck.CheckStateRequest) (map[string]string, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return nil, fmt.Errorf("the state has no root module")
	}
	ids := map[string]string{}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Mode != "managed" || r.Type != "frameio_file" {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		ids[id] = r.Address
		versions, _ := r.AttributeValues["version_ids"].([]any)
		for _, v := range versions {
			if v, ok := v.(string); ok {
				ids[v] = r.Address
			}
		}
	}
	return ids, nil
}

// emulatorFile is the emulator's copy of the file the state records at addr.
func emulatorFile(e *emulator.Emulator, req statecheck.CheckStateRequest, addr string) (emulator.File, error) {
	id, err := stateString(req, addr, "id")
	if err != nil {
		return emulator.File{}, err
	}
	f, ok := e.File(id)
	if !ok {
		return emulator.File{}, fmt.Errorf("%s: file %s is not in Frame.io", addr, id)
	}
	return f, nil
}

// expectStoredContent: Frame.io holds exactly the bytes with this SHA-256 for addr, upload complete.
func expectStoredContent(e *emulator.Emulator, addr, wantSHA string) statecheck.StateCheck {
	return storedContent{e, addr, wantSHA}
}

type storedContent struct {
	e          *emulator.Emulator
	addr, want string
}

func (c storedContent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	f, err := emulatorFile(c.e, req, c.addr)
	switch {
	case err != nil:
		resp.Error = err
	case f.SHA256 != c.want:
		resp.Error = fmt.Errorf("%s: Frame.io content sha256 %q, want %s", c.addr, f.SHA256, c.want)
	case !f.UploadComplete:
		resp.Error = fmt.Errorf("%s: Frame.io says the upload is not complete", c.addr)
	}
}

// expectStoredContentOf: Frame.io holds the bytes that are in the file at path when the check runs,
// for content the test does not write itself.
func expectStoredContentOf(e *emulator.Emulator, addr, path string) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		sum, err := fileSHA256(path)
		if err != nil {
			resp.Error = err
			return
		}
		storedContent{e, addr, sum}.CheckState(ctx, req, resp)
	})
}

// expectPlacedAs: the file of addr has this name and parent folder in Frame.io (not only in the state).
func expectPlacedAs(e *emulator.Emulator, addr, name, folderID string) statecheck.StateCheck {
	return placedAs{e, addr, name, folderID}
}

type placedAs struct {
	e                    *emulator.Emulator
	addr, name, folderID string
}

func (c placedAs) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	f, err := emulatorFile(c.e, req, c.addr)
	if err == nil && (f.Name != c.name || f.ParentID != c.folderID) {
		err = fmt.Errorf("%s: Frame.io has name %q in folder %s, want %q in %s", c.addr, f.Name, f.ParentID, c.name, c.folderID)
	}
	resp.Error = err
}

// expectPartPUTsCover: the part PUTs, grouped by upload, are one successful PUT to each of the parts
// 1..n that a file of the upload's total size needs at partSize bytes a part (nothing to a URL past the
// end, nothing sent twice), and the uploads' totals are exactly the file sizes given.
func expectPartPUTsCover(e *emulator.Emulator, partSize int64, sizes map[int64]bool) statecheck.StateCheck {
	return emulatorCheck(func() error {
		type upload struct {
			bytes int64
			parts map[int]int // part number -> PUTs
		}
		uploads := map[string]*upload{}
		for _, r := range partPUTs(e.Requests()) {
			// Path: /s3/{upload id}/{part number}
			segs := strings.Split(strings.TrimPrefix(r.Path, "/s3/"), "/")
			n, err := strconv.Atoi(segs[len(segs)-1])
			if len(segs) != 2 || err != nil {
				return fmt.Errorf("unexpected part path %s", r.Path)
			}
			if r.Status != http.StatusOK {
				return fmt.Errorf("part %d PUT answered %d (Content-Length %d)", n, r.Status, r.ContentLength)
			}
			u := uploads[segs[0]]
			if u == nil {
				u = &upload{parts: map[int]int{}}
				uploads[segs[0]] = u
			}
			u.bytes += r.ContentLength
			u.parts[n]++
		}
		seen := map[int64]bool{}
		for _, u := range uploads {
			if !sizes[u.bytes] || seen[u.bytes] {
				return fmt.Errorf("an upload sent %d bytes; want one upload of each file size %v", u.bytes, sizes)
			}
			seen[u.bytes] = true
			need := int((u.bytes + partSize - 1) / partSize)
			for n := 1; n <= need; n++ {
				if u.parts[n] != 1 {
					return fmt.Errorf("%d-byte file: %d PUTs of part %d, want 1", u.bytes, u.parts[n], n)
				}
			}
			if len(u.parts) != need {
				return fmt.Errorf("%d-byte file: PUTs to %d part URLs, want %d (none past the end)", u.bytes, len(u.parts), need)
			}
		}
		if len(seen) != len(sizes) {
			return fmt.Errorf("%d uploads, want %d", len(seen), len(sizes))
		}
		return nil
	})
}

// expectNoOrphans: Frame.io holds exactly the files of the state's frameio_file resources (their ids and
// version_ids), no more (a replace, a failure or a cleanup left nothing behind) and no fewer.
func expectNoOrphans(e *emulator.Emulator) statecheck.StateCheck { return noOrphans{e} }

type noOrphans struct{ e *emulator.Emulator }

func (c noOrphans) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	ids, err := stateFileIDs(req)
	if err != nil {
		resp.Error = err
		return
	}
	files := c.e.Files()
	var extra []string
	for _, f := range files {
		if _, ok := ids[f.ID]; !ok {
			extra = append(extra, fmt.Sprintf("%s (%s)", f.ID, f.Name))
		}
		delete(ids, f.ID)
	}
	switch {
	case len(extra) > 0:
		resp.Error = fmt.Errorf("%d files in Frame.io are not in the state: %s", len(extra), strings.Join(extra, ", "))
	case len(ids) > 0:
		resp.Error = fmt.Errorf("%d files of the state are not in Frame.io: %v", len(ids), ids)
	}
}

// expectNoUpload: since the last ResetRequests nothing was created or uploaded (no POST, no part PUT):
// the step was done in place.
func expectNoUpload(e *emulator.Emulator) statecheck.StateCheck { return noUpload{e} }

type noUpload struct{ e *emulator.Emulator }

func (c noUpload) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range c.e.Requests() {
		if r.S3 || r.Method == http.MethodPost {
			resp.Error = fmt.Errorf("uploaded although nothing needed it: %s %s", r.Method, r.Path)
			return
		}
	}
}

// emulatorCheck runs fn as a state check, for one-off assertions about what Frame.io saw or holds.
type emulatorCheck func() error

func (c emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

// stateCheckFunc adapts a function to statecheck.StateCheck.
type stateCheckFunc func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse)

func (c stateCheckFunc) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	c(ctx, req, resp)
}

// partPUTs are the part uploads among reqs (the pre-signed storage URLs).
func partPUTs(reqs []emulator.Request) []emulator.Request {
	var puts []emulator.Request
	for _, r := range reqs {
		if r.S3 && r.Method == http.MethodPut {
			puts = append(puts, r)
		}
	}
	return puts
}

// maxOverlap is the largest number of requests among reqs that were being served at the same moment.
func maxOverlap(reqs []emulator.Request) int {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, r := range reqs {
		edges = append(edges, edge{r.Start, +1}, edge{r.Start.Add(r.Duration), -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at.Equal(edges[j].at) {
			return edges[i].delta < edges[j].delta // an end before a start at the same instant
		}
		return edges[i].at.Before(edges[j].at)
	})
	peak, cur := 0, 0
	for _, e := range edges {
		cur += e.delta
		peak = max(peak, cur)
	}
	return peak
}

// stateStrings returns a list-of-strings attribute of the resource at addr (e.g. version_ids).
func stateStrings(req statecheck.CheckStateRequest, addr, attr string) ([]string, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return nil, fmt.Errorf("the state has no root module")
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != addr {
			continue
		}
		raw, _ := r.AttributeValues[attr].([]any)
		out := make([]string, len(raw))
		for i, v := range raw {
			out[i], _ = v.(string)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s is not in the state", addr)
}

// expectStack: the version stack of addr (its version_stack_id) is in folderID in Frame.io and holds
// files with exactly these contents, oldest first; each of addr's version_ids is one of them, the last
// (id) where its content says.
func expectStack(e *emulator.Emulator, addr, folderID string, wantSHAs ...string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = checkStack(e, req, addr, folderID, wantSHAs)
	})
}

func checkStack(e *emulator.Emulator, req statecheck.CheckStateRequest, addr, folderID string, wantSHAs []string) error {
	stackID, err := stateString(req, addr, "version_stack_id")
	if err != nil {
		return err
	}
	s, ok := e.Stack(stackID)
	if !ok {
		return fmt.Errorf("%s: version stack %s is not in Frame.io", addr, stackID)
	}
	if s.ParentID != folderID {
		return fmt.Errorf("%s: version stack %s is in folder %s, want %s", addr, stackID, s.ParentID, folderID)
	}
	var got []string
	for _, id := range s.FileIDs {
		f, _ := e.File(id)
		got = append(got, f.SHA256)
	}
	if !slices.Equal(got, wantSHAs) {
		return fmt.Errorf("%s: version stack %s holds contents %v, want %v", addr, stackID, got, wantSHAs)
	}
	versions, err := stateStrings(req, addr, "version_ids")
	if err != nil {
		return err
	}
	for _, id := range versions {
		if !slices.Contains(s.FileIDs, id) {
			return fmt.Errorf("%s: version %s of version_ids is not in stack %s (%v)", addr, id, stackID, s.FileIDs)
		}
	}
	return nil
}
