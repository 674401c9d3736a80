// Package doccheck holds tests of the documentation only: every HCL block a user may copy (README.md, the
// doc templates and guides, examples/) is formatted and valid against the built provider, and README.md's
// configuration table matches the provider schema.
package doccheck

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// An HTML comment right before a fenced block can mark it (Markdown renderers show nothing of it):
//
//	<!-- hcl: fragment -->
//
// for a block that is not a whole configuration on its own (it refers to resources it does not declare,
// or needs another provider): it is checked by `terraform fmt` only;
//
//	<!-- hcl: cli-config -->
//
// for a CLI configuration file (~/.terraformrc: provider_installation and the like, in the older HCL
// syntax that `terraform fmt` does not read): the CLI is run with it and must report no problem with it;
//
//	<!-- hcl: min-version 1.7 -->
//
// for a block that needs a newer CLI than the oldest supported one (a `removed` block): it is validated
// only by a CLI of that version or later, and checked by fmt by the others.
const (
	fragmentMark  = "fragment"
	cliConfigMark = "cli-config"
)

var (
	markRE       = regexp.MustCompile(`^<!--\s*hcl:\s*(.*?)\s*-->$`)
	minVersionRE = regexp.MustCompile(`^min-version (\d+)\.(\d+)$`)
)

// hclLangs are the info strings of the fenced blocks that are checked.
var hclLangs = map[string]bool{"hcl": true, "terraform": true, "tf": true}

// block is one fenced HCL block of a Markdown file.
type block struct {
	file     string // path relative to the repository root
	line     int    // line of the opening fence, from 1
	text     string
	mark     string // fragmentMark, cliConfigMark or "" (min-version marks are in minMajor and minMinor)
	minMajor int    // with minMinor: the CLI version the block needs to be validated, from a min-version mark
	minMinor int
}

func (b block) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// extractBlocks returns the ```hcl, ```terraform and ```tf blocks of a Markdown file (or a doc template),
// in order. A mark that is not followed by such a block, an unknown mark or an unclosed block is an error.
func extractBlocks(name string, md []byte) ([]block, error) {
	var out []block
	var cur *block
	var indent, mark string
	markLine := 0
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if cur != nil {
			if trimmed == "```" {
				out = append(out, *cur)
				cur = nil
				continue
			}
			cur.text += strings.TrimPrefix(line, indent) + "\n"
			continue
		}
		if m := markRE.FindStringSubmatch(trimmed); m != nil {
			if m[1] != fragmentMark && m[1] != cliConfigMark && !minVersionRE.MatchString(m[1]) {
				return nil, fmt.Errorf("%s:%d: unknown mark %q (known: %s, %s, min-version X.Y)",
					name, n, m[1], fragmentMark, cliConfigMark)
			}
			mark, markLine = m[1], n
			continue
		}
		if rest, ok := strings.CutPrefix(trimmed, "```"); ok {
			lang := strings.Fields(rest + " x")[0]
			if hclLangs[lang] {
				indent = line[:len(line)-len(strings.TrimLeft(line, " \t"))]
				cur = &block{file: name, line: n}
				if v := minVersionRE.FindStringSubmatch(mark); v != nil {
					cur.minMajor, _ = strconv.Atoi(v[1])
					cur.minMinor, _ = strconv.Atoi(v[2])
				} else {
					cur.mark = mark
				}
				mark = ""
				continue
			}
			if rest != "" && mark != "" {
				return nil, fmt.Errorf("%s:%d: the mark on line %d is followed by a %q block, not an HCL one", name, n, markLine, lang)
			}
			// Any other fenced block: skip to its end, so that its content is never read as a mark or a fence.
			for n++; sc.Scan(); n++ {
				if strings.TrimSpace(sc.Text()) == "```" {
					break
				}
			}
			continue
		}
		if trimmed != "" && mark != "" {
			return nil, fmt.Errorf("%s:%d: the mark on line %d is not right before an HCL block", name, n, markLine)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		return nil, fmt.Errorf("%s:%d: the block is not closed", name, cur.line)
	}
	if mark != "" {
		return nil, fmt.Errorf("%s:%d: the mark is not followed by an HCL block", name, markLine)
	}
	return out, nil
}

// repoRoot is the directory of go.mod above the test's working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

func TestExtractBlocks(t *testing.T) {
	md := "# Title\n\n```terraform\nresource \"a\" \"b\" {}\n```\n\n" +
		"```shell\n<!-- hcl: fragment -->\n```\n\n" + // a mark inside another block is text
		"<!-- hcl: fragment -->\n\n```hcl\nx = var.y\n```\n\n" +
		"<!-- hcl: min-version 1.7 -->\n```terraform\nremoved {}\n```\n\n" +
		"<!-- hcl: cli-config -->\n```hcl\ndisable_checkpoint = true\n```\n\n" +
		"1. In a list:\n\n   ```tf\n   a = 1\n   ```\n\n" +
		"```text\nnot hcl\n```\n"
	got, err := extractBlocks("x.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []block{
		{file: "x.md", line: 3, text: "resource \"a\" \"b\" {}\n"},
		{file: "x.md", line: 13, text: "x = var.y\n", mark: fragmentMark},
		{file: "x.md", line: 18, text: "removed {}\n", minMajor: 1, minMinor: 7},
		{file: "x.md", line: 23, text: "disable_checkpoint = true\n", mark: cliConfigMark},
		{file: "x.md", line: 29, text: "a = 1\n"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d: got %+v, want %+v", i, got[i], want[i])
		}
	}

	for name, bad := range map[string]string{
		"unknown mark":        "<!-- hcl: skip -->\n```hcl\na = 1\n```\n",
		"bad min-version":     "<!-- hcl: min-version 1 -->\n```hcl\na = 1\n```\n",
		"mark before prose":   "<!-- hcl: fragment -->\nSome prose.\n```hcl\na = 1\n```\n",
		"mark before shell":   "<!-- hcl: fragment -->\n```shell\nls\n```\n",
		"mark at end of file": "```hcl\na = 1\n```\n<!-- hcl: fragment -->\n",
		"unclosed block":      "```hcl\na = 1\n",
	} {
		if _, err := extractBlocks("bad.md", []byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
