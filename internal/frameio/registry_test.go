package frameio

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// declaredOperations finds every package-level operation variable in the package's source, by its
// operation id, so that a new operation cannot be left out of Operations.
func declaredOperations(t *testing.T) map[string]string {
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
					case *ast.CompositeLit, *ast.UnaryExpr:
						if isOperationLiteral(v) {
							t.Errorf("%s: %s is an operation literal; declare it with register so Operations lists it", name, vs.Names[i])
						}
					case *ast.CallExpr:
						fn, ok := v.Fun.(*ast.Ident)
						if !ok || fn.Name != "register" || len(v.Args) != 1 {
							continue
						}
						id := operationID(v.Args[0])
						if id == "" {
							t.Fatalf("%s: %s: operation id is not a literal", name, vs.Names[i])
						}
						found[id] = vs.Names[i].Name
					}
				}
			}
		}
	}
	return found
}

// isOperationLiteral reports whether e is operation{...} or &operation{...}.
func isOperationLiteral(e ast.Expr) bool {
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	id, ok := lit.Type.(*ast.Ident)
	return ok && id.Name == "operation"
}

// operationID is the literal id field of operation{id: "...", ...}, or "".
func operationID(e ast.Expr) string {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return ""
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if k, isIdent := kv.Key.(*ast.Ident); !ok || !isIdent || k.Name != "id" {
			continue
		}
		if v, ok := kv.Value.(*ast.BasicLit); ok {
			id, _ := strconv.Unquote(v.Value)
			return id
		}
	}
	return ""
}

func TestOperations(t *testing.T) {
	ops := Operations()
	if len(ops) == 0 {
		t.Fatal("no operations")
	}
	declared := declaredOperations(t)
	if len(declared) == 0 {
		t.Fatal("no operation variables found in the source")
	}
	param := regexp.MustCompile(`\{[^{}]*\}`)
	seen := map[string]bool{}
	for _, op := range ops {
		if seen[op.ID] {
			t.Errorf("operation id %s listed twice", op.ID)
		}
		seen[op.ID] = true
		if _, ok := declared[op.ID]; !ok {
			t.Errorf("operation %s has no operation variable", op.ID)
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
			t.Errorf("operation variable %s (%s) is missing from Operations", v, id)
		}
	}
	// The registry and Operations agree, and each path takes exactly its arguments.
	if len(registry) != len(ops) {
		t.Fatalf("%d registered, %d operations", len(registry), len(ops))
	}
	for i, op := range registry {
		names := op.argNames()
		if got := len(param.FindAllString(op.path, -1)); got != len(names) {
			t.Errorf("%s: %d path parameters, %d argument names", op.id, got, len(names))
		}
		ids := make([]string, len(names))
		for j := range ids {
			ids[j] = "id" + strconv.Itoa(j) + "/x"
		}
		p, err := op.build(ids...)
		if err != nil {
			t.Errorf("%s: %v", op.id, err)
			continue
		}
		if want := param.ReplaceAllStringFunc(op.path, func(string) string { s := ids[0]; ids = ids[1:]; return strings.ReplaceAll(s, "/", "%2F") }); p != want {
			t.Errorf("%s: built %q, want %q", op.id, p, want)
		}
		if ops[i] != (Operation{ID: op.id, Method: op.method, Path: op.path}) {
			t.Errorf("operation %d = %+v, registered %+v", i, ops[i], op)
		}
	}
}

// Each entry says what the client needs of it: a limit to pace by, a page size for a list (within
// the document's page_size range), and what a write changes.
func TestRegistryEntriesAreComplete(t *testing.T) {
	limits := RateLimits()
	for _, op := range registry {
		if op.limit.N <= 0 || op.limit.Window <= 0 {
			t.Errorf("%s: no rate limit", op.id)
		}
		if limits[op.id] != op.limit {
			t.Errorf("%s: RateLimits says %+v, the registry %+v", op.id, limits[op.id], op.limit)
		}
		if writes := op.method != http.MethodGet; writes != (op.changes != readOnly) {
			t.Errorf("%s %s: changes = %d; every write, and only a write, declares what it changes", op.method, op.id, op.changes)
		}
		if op.pageSize < 0 || op.pageSize > assetPageSize || op.pageSize > 0 && op.method != http.MethodGet {
			t.Errorf("%s %s: page size %d", op.method, op.id, op.pageSize)
		}
	}
	if len(limits) != len(registry) {
		t.Errorf("%d limits for %d operations", len(limits), len(registry))
	}
	// 500 only where the document's AssetRequestPageSize allows it.
	for _, op := range []*operation{opListFiles, opListFolders, opListStacks} {
		if op.pageSize != 500 {
			t.Errorf("%s: page size %d, want 500", op.id, op.pageSize)
		}
	}
	for _, op := range registry {
		if op.pageSize > generalPageSize && op != opListFiles && op != opListFolders && op != opListStacks {
			t.Errorf("%s: page size %d beyond the general 100", op.id, op.pageSize)
		}
	}
}

// A call of an operation that is not a list is refused by listAll before it is sent.
func TestListAllRefusesASingleObjectOperation(t *testing.T) {
	c, err := New(fastConfig("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := listAll[File](ctxT(t), c, opShowFile, "a", "f"); err == nil || !strings.Contains(err.Error(), "not a list") {
		t.Fatalf("err = %v", err)
	}
}

func TestOperationBuildMismatch(t *testing.T) {
	if _, err := (&operation{id: "x", path: "/v4/a/{a_id}", args: []string{"a", "b"}}).build("1", "2"); err == nil ||
		!strings.Contains(err.Error(), "fewer than 2") {
		t.Errorf("too few parameters: %v", err)
	}
	if _, err := (&operation{id: "x", path: "/v4/a/{a_id}/{b_id}", args: []string{"a"}}).build("1"); err == nil ||
		!strings.Contains(err.Error(), "more than 1") {
		t.Errorf("too many parameters: %v", err)
	}
	if _, err := opShowFile.build("a"); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("wrong id count: %v", err)
	}
	// The account is the first id of an account-scoped operation, checked like the others.
	if _, err := opShowFile.build("", "f"); err == nil || !strings.Contains(err.Error(), "accountID must not be empty") {
		t.Errorf("empty account: %v", err)
	}
}

func TestFolderFilesListedInPagesOf500(t *testing.T) {
	var mu sync.Mutex
	var queries []string
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		if r.URL.Query().Get("after") == "" {
			_, _ = io.WriteString(w, `{"data":[{"id":"f1","type":"file"}],"links":{"next":"/v4/accounts/a/folders/d/files?after=c1"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"f2","type":"file"}],"links":{"next":null}}`)
	})
	files, err := c.ForAccount("a").ListFolderFiles(ctxT(t), "d")
	if err != nil || len(files) != 2 {
		t.Fatalf("files = %+v, %v", files, err)
	}
	// include=metadata is kept on every page: links.next does not repeat it.
	if want := []string{"include=metadata&page_size=500", "after=c1&include=metadata&page_size=500"}; !reflect.DeepEqual(queries, want) {
		t.Fatalf("queries %q, want %q", queries, want)
	}
	// Other lists keep the general size.
	queries = nil
	if _, err := c.ForAccount("a").ListVersionStackChildren(ctxT(t), "s"); err != nil {
		t.Fatal(err)
	}
	if len(queries) == 0 || queries[0] != "include=metadata&page_size=100" {
		t.Fatalf("stack children queried with %q", queries)
	}
}

// Every write tells the read cache what its registry entry says it changes, with the ids it named
// (not the account), whether it succeeded or not; reads and share writes change nothing it serves.
func TestWritesTellTheReadCacheWhatTheyChanged(t *testing.T) {
	var fail atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"x"}}`)
	}))
	t.Cleanup(srv.Close)
	cfg := fastConfig(srv.URL)
	cfg.MaxRetries = -1
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := c.ForAccount("acc")
	ctx := ctxT(t)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.GetFile(ctx, "f1")) // a read: not a change
	must(a.MoveFile(ctx, "f1", "stack1"))
	must(a.RenameFile(ctx, "f2", "new.mov"))
	must(a.CreateVersionStack(ctx, "folder1", []string{"f3", "f4"}))
	must(a.CreateLocalUpload(ctx, "folder2", "a.mov", 5))
	must(a.CreateShare(ctx, "p1", NewShare{Name: "n", Access: ShareAccessPublic, AssetIDs: []string{"f6"}})) // no asset changes
	must(a.AddShareAsset(ctx, "s1", "f7"))
	if c.reads.floor != 0 {
		t.Fatalf("floor %d before any change to the tree", c.reads.floor)
	}
	must(a.MoveFolder(ctx, "fo1", "fo2")) // the tree below may have changed: every listing is stale
	if c.reads.floor != c.reads.gen {
		t.Fatalf("a folder move left floor %d below generation %d", c.reads.floor, c.reads.gen)
	}
	fail.Store(true) // a write that failed may still have happened: it is recorded too
	if err := a.DeleteFile(ctx, "f5"); err == nil {
		t.Fatal("want the 500")
	}
	want := map[string]uint64{
		"f1": 1, "stack1": 1,
		"f2":      2,
		"folder1": 3, "f3": 3, "f4": 3,
		"folder2": 4,
		"fo1":     5, "fo2": 5,
		"f5": 6,
	}
	if !reflect.DeepEqual(c.reads.touched, want) || c.reads.gen != 6 || c.reads.floor != 5 {
		t.Fatalf("touched %v, generation %d, floor %d\nwant %v, 6, 5", c.reads.touched, c.reads.gen, c.reads.floor, want)
	}
}
