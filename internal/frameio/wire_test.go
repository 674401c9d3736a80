package frameio

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// declaredEndpoints finds every package-level endpoint variable in the package's source, by its
// operation id, so that a new endpoint cannot be left out of Operations.
func declaredEndpoints(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{} // operation id -> variable name
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					switch v := v.(type) {
					case *ast.CompositeLit:
						if id, ok := v.Type.(*ast.Ident); ok && id.Name == "endpoint" {
							t.Errorf("%s: %s is an endpoint literal; declare it with newEndpoint so Operations lists it", name, vs.Names[i])
						}
					case *ast.CallExpr:
						fn, ok := v.Fun.(*ast.Ident)
						if !ok || fn.Name != "newEndpoint" || len(v.Args) == 0 {
							continue
						}
						lit, ok := v.Args[0].(*ast.BasicLit)
						if !ok {
							t.Fatalf("%s: %s: operation id is not a literal", name, vs.Names[i])
						}
						id, _ := strconv.Unquote(lit.Value)
						found[id] = vs.Names[i].Name
					}
				}
			}
		}
	}
	return found
}

func TestOperations(t *testing.T) {
	ops := Operations()
	if len(ops) == 0 {
		t.Fatal("no operations")
	}
	declared := declaredEndpoints(t)
	if len(declared) == 0 {
		t.Fatal("no endpoint variables found in the source")
	}
	param := regexp.MustCompile(`\{[^{}]*\}`)
	seen := map[string]bool{}
	for _, op := range ops {
		if seen[op.ID] {
			t.Errorf("operation id %s listed twice", op.ID)
		}
		seen[op.ID] = true
		if _, ok := declared[op.ID]; !ok {
			t.Errorf("operation %s has no endpoint variable", op.ID)
		}
		switch op.Method {
		case "GET", "POST", "PATCH", "DELETE":
		default:
			t.Errorf("%s: method %q", op.ID, op.Method)
		}
		if !strings.HasPrefix(op.Path, "/v4/") && op.Path != "/v4" {
			t.Errorf("%s: path %q is not under /v4", op.ID, op.Path)
		}
		// OpenAPI parameter names: snake_case, ending in _id.
		for _, p := range param.FindAllString(op.Path, -1) {
			if !regexp.MustCompile(`^\{[a-z]+(_[a-z]+)*_id\}$`).MatchString(p) {
				t.Errorf("%s: path parameter %s is not in OpenAPI form", op.ID, p)
			}
		}
	}
	for id, v := range declared {
		if !seen[id] {
			t.Errorf("endpoint variable %s (%s) is missing from Operations", v, id)
		}
	}
	// The endpoint table and Operations agree, and each path takes exactly its arguments.
	if len(endpoints) != len(ops) {
		t.Fatalf("%d endpoints, %d operations", len(endpoints), len(ops))
	}
	for i, e := range endpoints {
		if got := len(param.FindAllString(e.path, -1)); got != len(e.args) {
			t.Errorf("%s: %d path parameters, %d argument names", e.name, got, len(e.args))
		}
		ids := make([]string, len(e.args))
		for j := range ids {
			ids[j] = "id" + strconv.Itoa(j) + "/x"
		}
		p, err := e.build(ids...)
		if err != nil {
			t.Errorf("%s: %v", e.name, err)
			continue
		}
		if want := param.ReplaceAllStringFunc(e.path, func(string) string { s := ids[0]; ids = ids[1:]; return strings.ReplaceAll(s, "/", "%2F") }); p != want {
			t.Errorf("%s: built %q, want %q", e.name, p, want)
		}
		if ops[i] != (Operation{ID: e.name, Method: e.method, Path: e.path}) {
			t.Errorf("operation %d = %+v, endpoint %+v", i, ops[i], e)
		}
	}
}

func TestEndpointBuildMismatch(t *testing.T) {
	if _, err := (endpoint{name: "x", path: "/v4/a/{a_id}", args: []string{"a", "b"}}).build("1", "2"); err == nil ||
		!strings.Contains(err.Error(), "fewer than 2") {
		t.Errorf("too few parameters: %v", err)
	}
	if _, err := (endpoint{name: "x", path: "/v4/a/{a_id}/{b_id}", args: []string{"a"}}).build("1"); err == nil ||
		!strings.Contains(err.Error(), "more than 1") {
		t.Errorf("too many parameters: %v", err)
	}
	if _, err := epShowFile.build("a"); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("wrong id count: %v", err)
	}
}
