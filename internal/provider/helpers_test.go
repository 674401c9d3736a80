package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// smallParts makes the emulator cut files into 1 MB parts so that test files of a few MB are multi-part.
const smallParts = 1_000_000

// randomBytes returns size pseudo-random bytes; the same seed and size always give the same bytes, so a
// test can know the hash of content it writes later.
func randomBytes(size int, seed uint64) []byte {
	buf := make([]byte, size)
	rng := rand.New(rand.NewPCG(seed, uint64(size)))
	for i := range buf {
		buf[i] = byte(rng.UintN(256))
	}
	return buf
}

// sha256Hex is the hex SHA-256 of b, the form source_sha256 and the emulator use.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// writeRandomFile writes randomBytes(size, seed) to dir/name and returns the path and the hex SHA-256.
func writeRandomFile(t *testing.T, dir, name string, size int, seed uint64) (string, string) {
	t.Helper()
	buf := randomBytes(size, seed)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, sha256Hex(buf)
}

// fileSHA256 hashes a file the test did not write itself (e.g. one a provisioner wrote).
func fileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return sha256Hex(b), nil
}

// hcl escapes a path for a quoted HCL string (Windows back slashes).
func hcl(p string) string { return strings.ReplaceAll(p, `\`, `\\`) }

// fileConfig is the provider block for e followed by body.
func fileConfig(e *emulator.Emulator, body string) string {
	return providerBlock(e) + body
}

// localFileConfig is the provider block plus one frameio_file named name that uploads src to the
// project's root folder.
func localFileConfig(e *emulator.Emulator, name, src string) string {
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" %q {
  folder_id = %q
  source    = %q
}
`, name, e.Options().RootFolderID, hcl(src)))
}

// addFolder makes folder name in parent ("" for the project's root folder) out of band and returns its id.
func addFolder(t *testing.T, e *emulator.Emulator, parent, name string) string {
	t.Helper()
	id, err := e.AddFolder(parent, name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fileIDByName is the id of the one file called name in the emulator, for out-of-band changes made in
// a PreConfig (the state is not at hand there).
func fileIDByName(t *testing.T, e *emulator.Emulator, name string) string {
	t.Helper()
	return oneIDNamed(t, "file", e.Files(), func(f emulator.File) (string, string) { return f.ID, f.Name }, name)
}

// oneIDNamed is the id of the one of items (of kind, for the failure) whose idName gives name.
func oneIDNamed[T any](t *testing.T, kind string, items []T, idName func(T) (string, string), name string) string {
	t.Helper()
	var ids []string
	for _, it := range items {
		if id, n := idName(it); n == name {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one %s named %q in the emulator, found %d", kind, name, len(ids))
	}
	return ids[0]
}

// requireNoFiles fails the test when the emulator holds any file: after a failed create (whose step has
// no state to check) nothing may be left behind.
func requireNoFiles(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	if files := e.Files(); len(files) != 0 {
		t.Fatalf("orphan left in Frame.io after a failed create: %+v", files[0])
	}
}

// contentDeletes counts the files.delete calls beyond those that undid a lost create reply. Under a
// reading that loses create replies (emulator.Readings.LoseCreateReplies), a local upload whose reply was
// lost cannot be adopted: the file the request made, which never held a byte (its part URLs were in the
// lost reply), is deleted and the create made again, one delete per lost reply. Every other delete
// removed a file that someone uploaded. Under the strict reading this is every delete.
func contentDeletes(e *emulator.Emulator) int {
	lost := 0
	for _, c := range e.Calls("files.create_local_upload") {
		if c.Status == 0 || c.Status >= http.StatusInternalServerError { // cut, or a 5xx: may have taken effect
			lost++
		}
	}
	return len(e.Calls("files.delete")) - lost
}

// checkNoFiles is a CheckDestroy that proves nothing is left in the emulator.
func checkNoFiles(e *emulator.Emulator) func(*terraform.State) error {
	return func(*terraform.State) error {
		if files := e.Files(); len(files) != 0 {
			return fmt.Errorf("%d files left in Frame.io after destroy, e.g. %s", len(files), files[0].Name)
		}
		return nil
	}
}

// uploadOutOfBand uploads a file the way another tool (or the web app) would, through the real client
// and plain PUTs of its parts, and returns its id: the asset a team later adopts with terraform import.
func uploadOutOfBand(t *testing.T, e *emulator.Emulator, src, name string) string {
	t.Helper()
	content, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	return putFileOutOfBand(t, e, e.Options().RootFolderID, name, content)
}

// putFileOutOfBand uploads content as name into folderID the way the web app would, through the real
// client and plain PUTs of its parts (not the provider's upload engine), and returns its id.
func putFileOutOfBand(t *testing.T, e *emulator.Emulator, folderID, name string, content []byte) string {
	t.Helper()
	ctx := context.Background()
	o := e.Options()
	client, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: o.Token})
	if err != nil {
		t.Fatal(err)
	}
	f, err := client.ForAccount(o.AccountID).CreateLocalUpload(ctx, folderID, name, int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	rest := content
	for i, u := range f.UploadURLs {
		part := rest[:min(int64(len(rest)), u.Size)]
		rest = rest[len(part):]
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.URL, bytes.NewReader(part))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", f.MediaType)
		req.Header.Set("X-Amz-Acl", "private") // the part URLs are signed for it, as the provider sends it
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("part %d: HTTP %d", i+1, resp.StatusCode)
		}
		if len(rest) == 0 {
			break
		}
	}
	return f.ID
}
