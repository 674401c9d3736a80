package doccheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"

	frameioprovider "github.com/frameio/terraform-provider-frameio/internal/provider"
)

// configRow is one row of README.md's configuration table.
type configRow struct {
	required bool
	env      string // the environment variable, without backticks; "" when there is none
	meaning  string
}

// readmeConfigTable parses the table under "## Configuration": | `name` | yes/no | `ENV` | default | meaning |.
func readmeConfigTable(md string) (map[string]configRow, error) {
	_, section, ok := strings.Cut(md, "\n## Configuration\n")
	if !ok {
		return nil, fmt.Errorf(`no "## Configuration" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]configRow{}
	header := false
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") {
			if header {
				break // the end of the table
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !header {
			want := []string{"Attribute", "Required", "Environment variable", "Default", "Meaning"}
			if fmt.Sprint(cells) != fmt.Sprint(want) {
				return nil, fmt.Errorf("table header %q, want %q", cells, want)
			}
			header = true
			continue
		}
		if strings.HasPrefix(cells[0], "---") {
			continue
		}
		if len(cells) != 5 {
			return nil, fmt.Errorf("row %q has %d cells, want 5", line, len(cells))
		}
		name := strings.Trim(cells[0], "`")
		if _, dup := rows[name]; dup {
			return nil, fmt.Errorf("%s is in the table twice", name)
		}
		var required bool
		switch cells[1] {
		case "yes":
			required = true
		case "no":
		default:
			return nil, fmt.Errorf("%s: Required is %q, want yes or no", name, cells[1])
		}
		rows[name] = configRow{required: required, env: strings.Trim(cells[2], "`"), meaning: cells[4]}
	}
	if !header {
		return nil, fmt.Errorf("no table in the Configuration section")
	}
	return rows, nil
}

// TestREADMEConfigurationTable: README.md's configuration table lists exactly the provider's attributes,
// each required exactly when the schema says so, with the environment variable its description names,
// and says "Sensitive" of the sensitive ones.
func TestREADMEConfigurationTable(t *testing.T) {
	md, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readmeConfigTable(string(md))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	var resp provider.SchemaResponse
	frameioprovider.New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("provider schema: %v", resp.Diagnostics)
	}
	attrs := resp.Schema.Attributes
	if len(attrs) == 0 {
		t.Fatal("the provider schema has no attributes")
	}
	var names []string
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		attr := attrs[name]
		row, ok := rows[name]
		if !ok {
			t.Errorf("README.md's configuration table lacks %s", name)
			continue
		}
		delete(rows, name)
		if row.required != attr.IsRequired() {
			t.Errorf("%s: README.md says required %v, the schema %v", name, row.required, attr.IsRequired())
		}
		if row.env != "" && !strings.Contains(attr.GetMarkdownDescription(), row.env) {
			t.Errorf("%s: README.md names %s, which its schema description does not", name, row.env)
		}
		if attr.IsSensitive() != strings.Contains(row.meaning, "Sensitive") {
			t.Errorf("%s: sensitive %v in the schema, README.md's meaning %q", name, attr.IsSensitive(), row.meaning)
		}
	}
	for name := range rows {
		t.Errorf("README.md's configuration table lists %s, which the provider schema does not have", name)
	}
}

func TestReadmeConfigTableParsing(t *testing.T) {
	const table = "| Attribute | Required | Environment variable | Default | Meaning |\n|---|---|---|---|---|\n"
	good := "# X\n\n## Configuration\n\nText.\n\n" + table +
		"| `token` | yes | `FRAMEIO_TOKEN` | | A token. Sensitive. |\n| `max_retries` | no | | `5` | Retries. |\n\nAfter.\n\n## Next\n"
	rows, err := readmeConfigTable(good)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]configRow{
		"token":       {required: true, env: "FRAMEIO_TOKEN", meaning: "A token. Sensitive."},
		"max_retries": {meaning: "Retries."},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", rows, want)
	}
	for name, bad := range map[string]string{
		"no section":      "# X\n" + table,
		"no table":        "## Configuration\n\nNone.\n",
		"old header":      "## Configuration\n\n| Attribute | Environment variable | Default | Meaning |\n|---|---|---|---|\n",
		"required (text)": "## Configuration\n\n" + table + "| `token` | (required) | | | x |\n",
		"short row":       "## Configuration\n\n" + table + "| `token` | no | | x |\n",
		"duplicate":       "## Configuration\n\n" + table + "| `a` | no | | | x |\n| `a` | no | | | x |\n",
	} {
		if _, err := readmeConfigTable(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
