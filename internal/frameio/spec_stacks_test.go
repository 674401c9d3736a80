package frameio

// The version stack replies of the published OpenAPI document, fed through the client's real request
// and decoding path, as spec_examples_test.go does for the other operations.

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

const (
	// VersionStackResponse: PATCH .../version_stacks/{version_stack_id}/move 200 (verbatim).
	exVersionStack = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","created_at":"2023-09-25T19:18:29.614189Z","head_version":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","adobe_version_id":"2","created_at":"2023-09-25T19:18:29.614189Z","file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_type":"image/png","name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"},"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","type":"version_stack","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// VersionStackWithIncludes (create 201, show 200) from the schema: head_version null (nullable
	// there), parent_id null, non-UUID ids, optional fields absent.
	schemaStackNoHead = `{"data":{"id":"adobe:vs|1","name":"cut.mov","parent_id":null,"project_id":"pr","type":"version_stack",` +
		`"head_version":null,"created_at":"c","updated_at":"u","view_url":"https://v/vs"}}`
	// VersionStackAssetsWithIncludesResponse from the schema: two files, the size in float notation,
	// first of two pages; then the last page.
	schemaStackChildrenPage1 = `{"data":[` +
		`{"id":"f1","name":"v1.mov","type":"file","parent_id":"vs","project_id":"pr","file_size":1.0e3,"media_type":"video/quicktime","status":"transcoded","created_at":"c","updated_at":"u","view_url":"v"},` +
		`{"id":"f2","name":"v2.mov","type":"file","parent_id":"vs","project_id":"pr","file_size":5,"media_type":null,"status":"uploaded","created_at":"c","updated_at":"u","view_url":null,"adobe_id":null}],` +
		`"links":{"next":"/v4/accounts/a/version_stacks/vs/children?after=g3QAAAAC"},"total_count":null}`
)

func TestSpecVersionStackReplies(t *testing.T) {
	const acc = "a"
	head := wantExFile
	wantEx := &VersionStack{ID: exFileID, Name: "asset.png", ParentID: exParentID, ProjectID: exProjectID,
		Type: AssetTypeVersionStack, ViewURL: exViewURL, CreatedAt: exCreatedAt, UpdatedAt: exUpdatedAt, HeadVersion: &head}
	wantNoHead := &VersionStack{ID: "adobe:vs|1", Name: "cut.mov", ProjectID: "pr", Type: AssetTypeVersionStack,
		ViewURL: "https://v/vs", CreatedAt: "c", UpdatedAt: "u"}
	cases := []struct {
		name    string
		replies []specReply
		call    func(context.Context, *AccountClient) (any, error)
		want    any
		sent    []exchange
	}{
		{
			name:    "move example",
			replies: []specReply{{200, exVersionStack}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.MoveVersionStack(ctx, "vs", exParentID)
			},
			want: wantEx,
			sent: []exchange{{"PATCH", "/v4/accounts/a/version_stacks/vs/move", "", `{"data":{"parent_id":"` + exParentID + `"}}`}},
		},
		{
			name:    "create from the schema (201, head_version null)",
			replies: []specReply{{201, schemaStackNoHead}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateVersionStack(ctx, "f", []string{"old", "adobe:new|2"})
			},
			want: wantNoHead,
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/version_stacks", "", `{"data":{"file_ids":["old","adobe:new|2"]}}`}},
		},
		{
			name:    "show from the schema (head_version null)",
			replies: []specReply{{200, schemaStackNoHead}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetVersionStack(ctx, "adobe:vs|1") },
			want:    wantNoHead,
			sent:    []exchange{{"GET", "/v4/accounts/a/version_stacks/adobe:vs%7C1", "include=metadata", ""}},
		},
		{
			name:    "children from the schema (two pages)",
			replies: []specReply{{200, schemaStackChildrenPage1}, {200, emptyPage}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.ListVersionStackChildren(ctx, "vs") },
			want: []File{
				{ID: "f1", Name: "v1.mov", ParentID: "vs", ProjectID: "pr", Type: "file", MediaType: "video/quicktime",
					Status: FileStatusTranscoded, ViewURL: "v", CreatedAt: "c", UpdatedAt: "u", FileSize: 1000},
				{ID: "f2", Name: "v2.mov", ParentID: "vs", ProjectID: "pr", Type: "file", Status: FileStatusUploaded,
					CreatedAt: "c", UpdatedAt: "u", FileSize: 5}},
			sent: []exchange{{"GET", "/v4/accounts/a/version_stacks/vs/children", "include=metadata&page_size=100", ""},
				{"GET", "/v4/accounts/a/version_stacks/vs/children", "after=g3QAAAAC&include=metadata&page_size=100", ""}},
		},
		{
			name:    "create refused (422 with a pointer)",
			replies: []specReply{{422, `{"errors":[{"detail":"Invalid value","title":"Invalid value","source":{"pointer":"/data/file_ids"}}]}`}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateVersionStack(ctx, "f", []string{"only"})
			},
			want: "(/data/file_ids)",
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/version_stacks", "", `{"data":{"file_ids":["only"]}}`}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, sent := replay(t, tc.replies...)
			got, err := tc.call(ctxT(t), c.ForAccount(acc))
			if want, ok := tc.want.(string); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want one containing %q", err, want)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decoded\n %#v\nwant\n %#v", got, tc.want)
			}
			if s := sent(); !reflect.DeepEqual(s, tc.sent) {
				t.Fatalf("requests\n %q\nwant\n %q", s, tc.sent)
			}
		})
	}
}
