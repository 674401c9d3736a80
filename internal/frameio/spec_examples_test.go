package frameio

// Every success reply of the endpoints the client uses, fed through the client's real request and
// decoding path by an httptest server: the examples of the published OpenAPI document verbatim (the
// ex* constants), and replies built strictly from its schemas that show what the examples do not:
// null in nullable fields, absent optional fields, large sizes, non-UUID ids and integral numbers in
// float notation.

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Examples copied verbatim from the OpenAPI document (components/schemas/<name>/example; the same
// JSON is the example of each response listed).
const (
	// AccountsResponse: GET /v4/accounts 200.
	exAccounts = `{"data":[{"adobe_id":"2A3C1A3D66C621B20A494021@AdobeOrg","created_at":"2023-09-25T19:18:29.614189Z","display_name":"Integration Account","id":"17b990f7-bc43-4ed3-80fd-7e203089490b","image":"https://picture.frame.io/image/convert/frameio-uploads-development/logo.png","roles":["admin"],"storage_limit":300,"storage_usage":300,"updated_at":"2024-02-07T16:44:41.986478Z","v4_migrated_at":"2025-02-02T16:44:41.986478Z"}],"links":{"next":"/v4/accounts"},"total_count":10}`

	// ProfileResponse: GET /v4/me 200.
	exProfile = `{"data":{"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"9571e103-40c4-481a-8549-8f13495c537d","name":"Name"}}`

	// ProjectWithIncludesResponse: GET /v4/accounts/{account_id}/projects/{project_id} 200.
	exProject = `{"data":{"adobe_id":"urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3","created_at":"2024-01-25T19:18:29.614189Z","description":"Project Description","id":"18d9023a-6b06-4417-b3f4-bf87865c183f","name":"My Project","owner":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"restricted":false,"root_folder_id":"69110a93-de02-4e87-be46-28fa89c577a1","status":"active","storage":15000,"updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/","workspace_id":"a4759365-dc55-4c1d-8369-ea8244b76ae6"}}`

	// FolderResponse: POST .../folders/{folder_id}/folders 201, PATCH .../folders/{folder_id} 200, PATCH .../folders/{folder_id}/move 200.
	exFolder = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","cover_file_id":"abca4732-f32a-43a3-9c04-6e9f96a08cd1","created_at":"2023-09-25T19:18:29.614189Z","id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","name":"My Folder","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","type":"folder","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// FolderWithIncludesResponse: GET .../folders/{folder_id} 200.
	exFolderWithIncludes = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","cover_file_id":"fad4cb6e-d7a4-4d2f-9ebc-73aa29ca524a","created_at":"2023-09-25T19:18:29.614189Z","creator":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","metadata":[{"field_definition_id":"520662f7-6b13-4bad-bd72-0b6be0088e71","field_definition_name":"Fields definition name","field_options":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"},{"display_name":"Display name 2","id":"e5530483-30c0-4589-8313-6d3634c15e43"}],"field_type":"select","mutable":true,"value":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"}]}],"name":"My Folder","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project":{"adobe_id":"urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3","created_at":"2024-01-25T19:18:29.614189Z","description":"Project Description","id":"18d9023a-6b06-4417-b3f4-bf87865c183f","name":"My Project","owner":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"restricted":false,"root_folder_id":"69110a93-de02-4e87-be46-28fa89c577a1","status":"active","storage":15000,"updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/","workspace_id":"a4759365-dc55-4c1d-8369-ea8244b76ae6"},"project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","type":"folder","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// FolderAssetsWithIncludesResponse: GET .../folders/{folder_id}/children 200.
	exFolderChildren = `{"data":[{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","adobe_version_id":"2","created_at":"2023-09-25T19:18:29.614189Z","creator":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_links":{"high_quality":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN"},"original":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","inline_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=inline%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragSDFXDFh&1Key-Pair-Id=KKI497NESTHMN"},"thumbnail":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","url":"https://picture2.frame.io/image/s3://frameio-assets-development/image/cd58cb8e-24b3-4498-8d0f-9532fcd04d11/image_full.png?alg=HS256&sig=0_u7w_wz2MwQHOXp000ibbQSMRijujyaUu8V3YYPxu4&exp=1729857600"}},"media_type":"image/png","metadata":[{"field_definition_id":"520662f7-6b13-4bad-bd72-0b6be0088e71","field_definition_name":"Fields definition name","field_options":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"},{"display_name":"Display name 2","id":"e5530483-30c0-4589-8313-6d3634c15e43"}],"field_type":"select","mutable":true,"value":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"}]}],"name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project":{"adobe_id":"urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3","created_at":"2024-01-25T19:18:29.614189Z","description":"Project Description","id":"18d9023a-6b06-4417-b3f4-bf87865c183f","name":"My Project","owner":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"restricted":false,"root_folder_id":"69110a93-de02-4e87-be46-28fa89c577a1","status":"active","storage":15000,"updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/","workspace_id":"a4759365-dc55-4c1d-8369-ea8244b76ae6"},"project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}],"links":{"next":"/v4/accounts/123/folders/123/folders"},"total_count":10}`

	// FileWithUploadUrlsResponse: POST .../files/local_upload 201.
	exLocalUpload = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","created_at":"2023-09-25T19:18:29.614189Z","file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_type":"image/png","name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","upload_urls":[{"size":20000000,"url":"https://my.fileupload.url.dev"}],"view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// FileRemoteUploadResponse: POST .../files/remote_upload 202.
	exRemoteUpload = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","adobe_version_id":"2","created_at":"2023-09-25T19:18:29.614189Z","file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_type":"image/png","name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"},"links":{"status":"/v4/accounts/fb4dd62f-8a89-4e98-8fa1-ad4b29a0094f/files/eab70952-966c-4d99-949b-f0a947ca5754/status"}}`

	// FileWithIncludesResponse: GET .../files/{file_id} 200.
	exFileWithIncludes = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","adobe_version_id":"2","created_at":"2023-09-25T19:18:29.614189Z","creator":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_links":{"high_quality":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN"},"original":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","inline_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=inline%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragSDFXDFh&1Key-Pair-Id=KKI497NESTHMN"},"thumbnail":{"download_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","url":"https://picture2.frame.io/image/s3://frameio-assets-development/image/cd58cb8e-24b3-4498-8d0f-9532fcd04d11/image_full.png?alg=HS256&sig=0_u7w_wz2MwQHOXp000ibbQSMRijujyaUu8V3YYPxu4&exp=1729857600"}},"media_type":"image/png","metadata":[{"field_definition_id":"520662f7-6b13-4bad-bd72-0b6be0088e71","field_definition_name":"Fields definition name","field_options":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"},{"display_name":"Display name 2","id":"e5530483-30c0-4589-8313-6d3634c15e43"}],"field_type":"select","mutable":true,"value":[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"}]}],"name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project":{"adobe_id":"urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3","created_at":"2024-01-25T19:18:29.614189Z","description":"Project Description","id":"18d9023a-6b06-4417-b3f4-bf87865c183f","name":"My Project","owner":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"restricted":false,"root_folder_id":"69110a93-de02-4e87-be46-28fa89c577a1","status":"active","storage":15000,"updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/","workspace_id":"a4759365-dc55-4c1d-8369-ea8244b76ae6"},"project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// FileResponse: PATCH .../files/{file_id} 200, PATCH .../files/{file_id}/move 200.
	exFile = `{"data":{"adobe_id":"urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890","adobe_version_id":"2","created_at":"2023-09-25T19:18:29.614189Z","file_size":1137444,"id":"477b4abc-b34e-41dc-81b3-61ef3e6f4a0e","media_type":"image/png","name":"asset.png","parent_id":"c9c99632-6f5f-4e60-a323-c93e4c2a0f4f","project_id":"3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085","status":"created","type":"file","updated_at":"2024-02-07T16:44:41.986478Z","view_url":"https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"}}`

	// FileUploadStatusResponse: GET .../files/{file_id}/status 200.
	exUploadStatus = `{"data":{"filetype":"image/gif","id":"123e4567-e89b-12d3-a456-426614174000","upload_complete":true,"upload_completed_at":"2025-05-28T22:51:43.728942Z","upload_failed":false,"uploaded_at":"2025-05-28T22:51:43.648942Z"}}`
)

// Values of the document's examples.
const (
	exFileID     = "477b4abc-b34e-41dc-81b3-61ef3e6f4a0e"
	exParentID   = "c9c99632-6f5f-4e60-a323-c93e4c2a0f4f"
	exProjectID  = "3ffaf0ca-e6d8-4f1e-ac9d-3c064d371085"
	exViewURL    = "https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/view/5a89a9fb-0900-4b23-826b-127b90e4db4c"
	exCreatedAt  = "2023-09-25T19:18:29.614189Z"
	exUpdatedAt  = "2024-02-07T16:44:41.986478Z"
	exFileSize   = 1137444
	exUploadURL  = "https://my.fileupload.url.dev"
	exStatusPath = "/v4/accounts/fb4dd62f-8a89-4e98-8fa1-ad4b29a0094f/files/eab70952-966c-4d99-949b-f0a947ca5754/status"
)

var (
	wantExFile = File{ID: exFileID, Name: "asset.png", ParentID: exParentID, ProjectID: exProjectID, Type: "file",
		MediaType: "image/png", Status: FileStatusCreated, ViewURL: exViewURL, CreatedAt: exCreatedAt,
		UpdatedAt: exUpdatedAt, FileSize: exFileSize}
	// wantExFileWithMetadata is the example with includes: the file and its metadata (include=metadata).
	wantExFileWithMetadata = func() File {
		f := wantExFile
		f.Metadata = []MetadataField{{FieldDefinitionID: "520662f7-6b13-4bad-bd72-0b6be0088e71",
			FieldDefinitionName: "Fields definition name", FieldType: FieldTypeSelect, Mutable: true,
			Value: json.RawMessage(`[{"display_name":"Display name","id":"db37fc0c-56d2-42f5-97ce-7926ffe224ef"}]`),
			FieldOptions: []FieldOption{{ID: "db37fc0c-56d2-42f5-97ce-7926ffe224ef", DisplayName: "Display name"},
				{ID: "e5530483-30c0-4589-8313-6d3634c15e43", DisplayName: "Display name 2"}}}}
		return f
	}()
	wantExFolder = Folder{ID: exFileID, Name: "My Folder", ParentID: exParentID, ProjectID: exProjectID,
		Type: "folder", ViewURL: exViewURL, CreatedAt: exCreatedAt, UpdatedAt: exUpdatedAt}
)

// Replies built from the schemas.
const (
	// File (FileWithIncludes, File): every nullable field null (parent_id, adobe_id, adobe_version_id;
	// view_url and media_type too, though the schema does not allow it: it must not break decoding), a
	// non-UUID id, file_size 0 (minimum 0), status "uploaded".
	schemaFileNulls = `{"data":{"id":"adobe:urn-aaid-sc-US-6c1f|3","name":"clip.mov","parent_id":null,` +
		`"project_id":"adobe:proj|1","type":"file","file_size":0,"media_type":null,"status":"uploaded",` +
		`"view_url":null,"created_at":"2026-01-02T03:04:05.000006Z","updated_at":"2026-01-02T03:04:05.000006Z",` +
		`"adobe_id":null,"adobe_version_id":null}}`
	// FileWithUploadUrls at the top of the file_size range (5 TB: beyond int32 and uint32), three parts.
	schemaLocalUploadHuge = `{"data":{"id":"f-huge","name":"huge.bin","parent_id":"p","project_id":"pr",` +
		`"type":"file","file_size":5000000000000,"media_type":"application/octet-stream","status":"created",` +
		`"view_url":"https://v/x","created_at":"2026-01-02T03:04:05.000006Z","updated_at":"2026-01-02T03:04:05.000006Z",` +
		`"upload_urls":[{"size":1666666666667,"url":"https://s3/1"},{"size":1666666666667,"url":"https://s3/2"},` +
		`{"size":1666666666666,"url":"https://s3/3"}]}}`
	// FileWithUploadUrls with the integers written as floats (JSON numbers all the same).
	schemaLocalUploadFloats = `{"data":{"id":"f-float","name":"a.png","parent_id":"p","project_id":"pr","type":"file",` +
		`"file_size":1.137444e6,"media_type":"image/png","status":"created","view_url":"https://v/x",` +
		`"created_at":"2026-01-02T03:04:05.000006Z","updated_at":"2026-01-02T03:04:05.000006Z",` +
		`"upload_urls":[{"size":1137444.0,"url":"https://s3/1"}]}}`
	// FileWithUploadUrls: upload_urls is not required, so it may be absent or null.
	schemaLocalUploadNoURLs   = `{"data":{"id":"f-nourls","name":"a.png","parent_id":"p","project_id":"pr","type":"file","file_size":5,"media_type":null,"status":"created","view_url":null,"created_at":"c","updated_at":"u"}}`
	schemaLocalUploadNullURLs = `{"data":{"id":"f-nullurls","name":"a.png","parent_id":"p","project_id":"pr","type":"file","file_size":5,"media_type":"image/png","status":"created","view_url":"v","created_at":"c","updated_at":"u","upload_urls":null}}`
	// FileRemoteUploadResponse: the size is not known yet; links carries no declared properties.
	schemaRemoteUpload = `{"data":{"id":"f-remote","name":"r.mp4","parent_id":"p","project_id":"pr","type":"file",` +
		`"file_size":0,"media_type":null,"status":"created","view_url":null,"created_at":"c","updated_at":"u"},"links":{}}`
	// Folder (FolderWithIncludes): the root folder, parent_id and cover_file_id null.
	schemaRootFolder = `{"data":{"id":"adobe:folder|1","name":"root","parent_id":null,"project_id":"pr","type":"folder",` +
		`"cover_file_id":null,"adobe_id":null,"view_url":"https://v/root","created_at":"c","updated_at":"u"}}`
	// ProjectWithIncludes: description (required) null, no owner, a storage count beyond 2^53.
	schemaProject = `{"data":{"id":"adobe:proj|1","name":"P","status":"inactive","storage":18014398509481985,` +
		`"workspace_id":"w","root_folder_id":"adobe:root|1","created_at":"c","updated_at":"u","view_url":"https://v/p",` +
		`"description":null,"adobe_id":null,"restricted":true}}`
	// FileUploadStatus before completion, and after a failure.
	schemaStatusPending = `{"data":{"id":"f","filetype":"video/mp4","upload_complete":false,"upload_failed":false,"uploaded_at":null,"upload_completed_at":null}}`
	schemaStatusFailed  = `{"data":{"id":"f","filetype":"video/mp4","upload_complete":false,"upload_failed":true,"uploaded_at":"2026-01-02T03:04:05.000006Z","upload_completed_at":null}}`
	// Profile with avatar_url null.
	schemaProfile = `{"data":{"id":"u","name":"N","email":"n@example.com","avatar_url":null}}`
	// AccountsResponse: nullable storage_limit/image/adobe_id/v4_migrated_at null, a huge storage_usage,
	// total_count null, last page.
	schemaAccounts = `{"data":[{"id":"adobe:acct|1","display_name":"A","roles":["owner","admin"],"storage_limit":null,` +
		`"storage_usage":123456789012345678901,"created_at":"c","updated_at":"u","image":null,"adobe_id":null,` +
		`"v4_migrated_at":null}],"links":{"next":null},"total_count":null}`
	// FolderAssetsWithIncludesResponse with one of each kind (a version stack whose head_version is
	// null, a folder without a parent), first of two pages.
	schemaChildrenPage1 = `{"data":[` +
		`{"id":"vs1","name":"stack","type":"version_stack","parent_id":"f","project_id":"pr","head_version":null,"created_at":"c","updated_at":"u","view_url":"v"},` +
		`{"id":"fo1","name":"sub","type":"folder","parent_id":null,"cover_file_id":null,"project_id":"pr","created_at":"c","updated_at":"u","view_url":"v"}],` +
		`"links":{"next":"/v4/accounts/a/folders/f/children?after=g3QAAAAC"},"total_count":3}`
	schemaChildrenPage2 = `{"data":[{"id":"fi1","name":"a.png","type":"file","parent_id":"f","project_id":"pr","file_size":5,` +
		`"media_type":null,"status":"transcoded","created_at":"c","updated_at":"u","view_url":null}],"links":{"next":null}}`
	emptyPage = `{"data":[],"links":{"next":null}}`
)

func strPtr(s string) *string { return &s }

func TestSpecReplies(t *testing.T) {
	const acc, fid = "a", "f"
	fileAt := func(f File, urls ...UploadURL) *File { f.UploadURLs = urls; return &f }
	cases := []struct {
		name    string
		replies []specReply
		call    func(context.Context, *AccountClient) (any, error)
		want    any // the decoded result
		sent    []exchange
	}{
		// ---- accounts, me, project
		{
			name:    "accounts example (links.next without a cursor leads back to the first page)",
			replies: []specReply{{200, exAccounts}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.Client().ListAccounts(ctx) },
			want:    "pagination loops",
			sent:    []exchange{{"GET", "/v4/accounts", "page_size=100", ""}},
		},
		{
			name:    "accounts example, last page",
			replies: []specReply{{200, strings.Replace(exAccounts, `"next":"/v4/accounts"`, `"next":null`, 1)}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.Client().ListAccounts(ctx) },
			want:    []Account{{ID: "17b990f7-bc43-4ed3-80fd-7e203089490b", DisplayName: "Integration Account"}},
			sent:    []exchange{{"GET", "/v4/accounts", "page_size=100", ""}},
		},
		{
			name:    "accounts from the schema (nulls, huge storage_usage)",
			replies: []specReply{{200, schemaAccounts}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.Client().ListAccounts(ctx) },
			want:    []Account{{ID: "adobe:acct|1", DisplayName: "A"}},
			sent:    []exchange{{"GET", "/v4/accounts", "page_size=100", ""}},
		},
		{
			name:    "me example",
			replies: []specReply{{200, exProfile}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.Client().Me(ctx) },
			want:    &User{ID: "9571e103-40c4-481a-8549-8f13495c537d", Name: "Name", Email: "user_email@example.com"},
			sent:    []exchange{{"GET", "/v4/me", "", ""}},
		},
		{
			name:    "me from the schema",
			replies: []specReply{{200, schemaProfile}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.Client().Me(ctx) },
			want:    &User{ID: "u", Name: "N", Email: "n@example.com"},
			sent:    []exchange{{"GET", "/v4/me", "", ""}},
		},
		{
			name:    "project example",
			replies: []specReply{{200, exProject}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetProject(ctx, "p") },
			want: &Project{ID: "18d9023a-6b06-4417-b3f4-bf87865c183f", Name: "My Project",
				RootFolderID: "69110a93-de02-4e87-be46-28fa89c577a1", WorkspaceID: "a4759365-dc55-4c1d-8369-ea8244b76ae6", Restricted: boolPtr(false),
				Status: "active", ViewURL: "https://next.frame.io/project/d5e6011c-2bc9-4596-be05-77d562627112/",
				CreatedAt: "2024-01-25T19:18:29.614189Z", UpdatedAt: exUpdatedAt},
			sent: []exchange{{"GET", "/v4/accounts/a/projects/p", "", ""}},
		},
		{
			name:    "project from the schema (non-UUID ids, description null, storage beyond 2^53)",
			replies: []specReply{{200, schemaProject}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.Client().ForAccount("adobe:acct|1").GetProject(ctx, "adobe:proj|1")
			},
			want: &Project{ID: "adobe:proj|1", Name: "P", RootFolderID: "adobe:root|1", WorkspaceID: "w", Restricted: boolPtr(true),
				Status: "inactive", ViewURL: "https://v/p", CreatedAt: "c", UpdatedAt: "u"},
			sent: []exchange{{"GET", "/v4/accounts/adobe:acct%7C1/projects/adobe:proj%7C1", "", ""}},
		},

		// ---- folders
		{
			name:    "folder create example (201)",
			replies: []specReply{{201, exFolder}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.CreateFolder(ctx, fid, "My Folder") },
			want:    &wantExFolder,
			sent:    []exchange{{"POST", "/v4/accounts/a/folders/f/folders", "", `{"data":{"name":"My Folder"}}`}},
		},
		{
			name:    "folder show example",
			replies: []specReply{{200, exFolderWithIncludes}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetFolder(ctx, fid) },
			want:    &wantExFolder,
			sent:    []exchange{{"GET", "/v4/accounts/a/folders/f", "", ""}},
		},
		{
			name:    "folder show from the schema (root folder: nulls)",
			replies: []specReply{{200, schemaRootFolder}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetFolder(ctx, "adobe:folder|1") },
			want: &Folder{ID: "adobe:folder|1", Name: "root", ProjectID: "pr", Type: "folder", ViewURL: "https://v/root",
				CreatedAt: "c", UpdatedAt: "u"},
			sent: []exchange{{"GET", "/v4/accounts/a/folders/adobe:folder%7C1", "", ""}},
		},
		{
			name:    "folder rename example",
			replies: []specReply{{200, exFolder}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.RenameFolder(ctx, fid, "My Folder") },
			want:    &wantExFolder,
			sent:    []exchange{{"PATCH", "/v4/accounts/a/folders/f", "", `{"data":{"name":"My Folder"}}`}},
		},
		{
			name:    "folder move example",
			replies: []specReply{{200, exFolder}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.MoveFolder(ctx, fid, exParentID) },
			want:    &wantExFolder,
			sent:    []exchange{{"PATCH", "/v4/accounts/a/folders/f/move", "", `{"data":{"parent_id":"` + exParentID + `"}}`}},
		},
		{
			name:    "folder delete (204, no body)",
			replies: []specReply{{204, ""}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return nil, a.DeleteFolder(ctx, fid) },
			sent:    []exchange{{"DELETE", "/v4/accounts/a/folders/f", "", ""}},
		},
		{
			name:    "children example (its links.next is followed as given, page_size added)",
			replies: []specReply{{200, exFolderChildren}, {200, emptyPage}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.ListFolderChildren(ctx, fid) },
			want:    []Asset{{ID: exFileID, Name: "asset.png", Type: AssetTypeFile, ParentID: exParentID}},
			sent: []exchange{{"GET", "/v4/accounts/a/folders/f/children", "page_size=100", ""},
				{"GET", "/v4/accounts/123/folders/123/folders", "page_size=100", ""}},
		},
		{
			name:    "children from the schema (version stack, root-less folder, nulls, two pages)",
			replies: []specReply{{200, schemaChildrenPage1}, {200, schemaChildrenPage2}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.ListFolderChildren(ctx, fid) },
			want: []Asset{{ID: "vs1", Name: "stack", Type: AssetTypeVersionStack, ParentID: "f"},
				{ID: "fo1", Name: "sub", Type: AssetTypeFolder}, {ID: "fi1", Name: "a.png", Type: AssetTypeFile, ParentID: "f"}},
			sent: []exchange{{"GET", "/v4/accounts/a/folders/f/children", "page_size=100", ""},
				{"GET", "/v4/accounts/a/folders/f/children", "after=g3QAAAAC&page_size=100", ""}},
		},

		// ---- files
		{
			name:    "local upload example (201)",
			replies: []specReply{{201, exLocalUpload}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateLocalUpload(ctx, fid, "asset.png", exFileSize)
			},
			want: fileAt(wantExFile, UploadURL{Size: 20000000, URL: exUploadURL}),
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/local_upload", "", `{"data":{"name":"asset.png","file_size":1137444}}`}},
		},
		{
			name:    "local upload from the schema (5 TB)",
			replies: []specReply{{201, schemaLocalUploadHuge}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateLocalUpload(ctx, fid, "huge.bin", 5_000_000_000_000)
			},
			want: &File{ID: "f-huge", Name: "huge.bin", ParentID: "p", ProjectID: "pr", Type: "file",
				MediaType: "application/octet-stream", Status: "created", ViewURL: "https://v/x",
				CreatedAt: "2026-01-02T03:04:05.000006Z", UpdatedAt: "2026-01-02T03:04:05.000006Z", FileSize: 5_000_000_000_000,
				UploadURLs: []UploadURL{{1666666666667, "https://s3/1"}, {1666666666667, "https://s3/2"}, {1666666666666, "https://s3/3"}}},
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/local_upload", "", `{"data":{"name":"huge.bin","file_size":5000000000000}}`}},
		},
		{
			name:    "local upload from the schema (integers in float notation)",
			replies: []specReply{{201, schemaLocalUploadFloats}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateLocalUpload(ctx, fid, "a.png", exFileSize)
			},
			want: &File{ID: "f-float", Name: "a.png", ParentID: "p", ProjectID: "pr", Type: "file", MediaType: "image/png",
				Status: "created", ViewURL: "https://v/x", CreatedAt: "2026-01-02T03:04:05.000006Z",
				UpdatedAt: "2026-01-02T03:04:05.000006Z", FileSize: exFileSize, UploadURLs: []UploadURL{{exFileSize, "https://s3/1"}}},
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/local_upload", "", `{"data":{"name":"a.png","file_size":1137444}}`}},
		},
		{
			name:    "local upload from the schema (upload_urls absent, media_type and view_url null)",
			replies: []specReply{{201, schemaLocalUploadNoURLs}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateLocalUpload(ctx, fid, "a.png", 5)
			},
			want: &File{ID: "f-nourls", Name: "a.png", ParentID: "p", ProjectID: "pr", Type: "file", Status: "created",
				CreatedAt: "c", UpdatedAt: "u", FileSize: 5},
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/local_upload", "", `{"data":{"name":"a.png","file_size":5}}`}},
		},
		{
			name:    "local upload from the schema (upload_urls null)",
			replies: []specReply{{201, schemaLocalUploadNullURLs}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateLocalUpload(ctx, fid, "a.png", 5)
			},
			want: &File{ID: "f-nullurls", Name: "a.png", ParentID: "p", ProjectID: "pr", Type: "file", MediaType: "image/png",
				Status: "created", ViewURL: "v", CreatedAt: "c", UpdatedAt: "u", FileSize: 5},
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/local_upload", "", `{"data":{"name":"a.png","file_size":5}}`}},
		},
		{
			name:    "remote upload example (202, data plus links.status)",
			replies: []specReply{{202, exRemoteUpload}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateRemoteUpload(ctx, fid, "asset.png", "https://example.com/asset.png")
			},
			want: &wantExFile,
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/remote_upload", "",
				`{"data":{"name":"asset.png","source_url":"https://example.com/asset.png"}}`}},
		},
		{
			name:    "remote upload from the schema (size unknown, nulls, empty links)",
			replies: []specReply{{202, schemaRemoteUpload}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.CreateRemoteUpload(ctx, fid, "r.mp4", "https://example.com/r.mp4")
			},
			want: &File{ID: "f-remote", Name: "r.mp4", ParentID: "p", ProjectID: "pr", Type: "file", Status: "created",
				CreatedAt: "c", UpdatedAt: "u"},
			sent: []exchange{{"POST", "/v4/accounts/a/folders/f/files/remote_upload", "",
				`{"data":{"name":"r.mp4","source_url":"https://example.com/r.mp4"}}`}},
		},
		{
			name:    "file show example (with includes)",
			replies: []specReply{{200, exFileWithIncludes}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetFile(ctx, exFileID) },
			want:    &wantExFileWithMetadata,
			sent:    []exchange{{"GET", "/v4/accounts/a/files/" + exFileID, "include=metadata", ""}},
		},
		{
			name:    "file show from the schema (nulls, non-UUID id)",
			replies: []specReply{{200, schemaFileNulls}},
			call: func(ctx context.Context, a *AccountClient) (any, error) {
				return a.GetFile(ctx, "adobe:urn-aaid-sc-US-6c1f|3")
			},
			want: &File{ID: "adobe:urn-aaid-sc-US-6c1f|3", Name: "clip.mov", ProjectID: "adobe:proj|1", Type: "file",
				Status: FileStatusUploaded, CreatedAt: "2026-01-02T03:04:05.000006Z", UpdatedAt: "2026-01-02T03:04:05.000006Z"},
			sent: []exchange{{"GET", "/v4/accounts/a/files/adobe:urn-aaid-sc-US-6c1f%7C3", "include=metadata", ""}},
		},
		{
			name:    "file rename example",
			replies: []specReply{{200, exFile}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.RenameFile(ctx, fid, "asset.png") },
			want:    &wantExFile,
			sent:    []exchange{{"PATCH", "/v4/accounts/a/files/f", "", `{"data":{"name":"asset.png"}}`}},
		},
		{
			name:    "file move example",
			replies: []specReply{{200, exFile}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.MoveFile(ctx, fid, exParentID) },
			want:    &wantExFile,
			sent:    []exchange{{"PATCH", "/v4/accounts/a/files/f/move", "", `{"data":{"parent_id":"` + exParentID + `"}}`}},
		},
		{
			name:    "file move from the schema (nulls)",
			replies: []specReply{{200, schemaFileNulls}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.MoveFile(ctx, fid, "vs") },
			want: &File{ID: "adobe:urn-aaid-sc-US-6c1f|3", Name: "clip.mov", ProjectID: "adobe:proj|1", Type: "file",
				Status: FileStatusUploaded, CreatedAt: "2026-01-02T03:04:05.000006Z", UpdatedAt: "2026-01-02T03:04:05.000006Z"},
			sent: []exchange{{"PATCH", "/v4/accounts/a/files/f/move", "", `{"data":{"parent_id":"vs"}}`}},
		},
		{
			name:    "file delete (204, no body)",
			replies: []specReply{{204, ""}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return nil, a.DeleteFile(ctx, fid) },
			sent:    []exchange{{"DELETE", "/v4/accounts/a/files/f", "", ""}},
		},
		{
			name:    "upload status example",
			replies: []specReply{{200, exUploadStatus}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetUploadStatus(ctx, fid) },
			want: &UploadStatus{ID: "123e4567-e89b-12d3-a456-426614174000", FileType: "image/gif", UploadComplete: true,
				UploadedAt: strPtr("2025-05-28T22:51:43.648942Z"), UploadCompletedAt: strPtr("2025-05-28T22:51:43.728942Z")},
			sent: []exchange{{"GET", "/v4/accounts/a/files/f/status", "", ""}},
		},
		{
			name:    "upload status from the schema (pending: timestamps null)",
			replies: []specReply{{200, schemaStatusPending}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetUploadStatus(ctx, fid) },
			want:    &UploadStatus{ID: "f", FileType: "video/mp4"},
			sent:    []exchange{{"GET", "/v4/accounts/a/files/f/status", "", ""}},
		},
		{
			name:    "upload status from the schema (failed)",
			replies: []specReply{{200, schemaStatusFailed}},
			call:    func(ctx context.Context, a *AccountClient) (any, error) { return a.GetUploadStatus(ctx, fid) },
			want:    &UploadStatus{ID: "f", FileType: "video/mp4", UploadFailed: true, UploadedAt: strPtr("2026-01-02T03:04:05.000006Z")},
			sent:    []exchange{{"GET", "/v4/accounts/a/files/f/status", "", ""}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, sent := replay(t, tc.replies...)
			got, err := tc.call(ctxT(t), c.ForAccount(acc))
			switch want := tc.want.(type) {
			case string: // an expected error
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want one containing %q", err, want)
				}
			case nil:
				if err != nil {
					t.Fatal(err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("decoded\n %#v\nwant\n %#v", got, tc.want)
				}
			}
			if s := sent(); !reflect.DeepEqual(s, tc.sent) {
				t.Fatalf("requests\n %q\nwant\n %q", s, tc.sent)
			}
		})
	}
}

// The examples are what the published document says; make sure the copies above still parse as JSON
// objects with data (a typo in a copy would otherwise only show as a confusing decode failure).
func TestSpecExamplesAreJSON(t *testing.T) {
	for name, s := range map[string]string{
		"exAccounts": exAccounts, "exProfile": exProfile, "exProject": exProject, "exFolder": exFolder,
		"exFolderWithIncludes": exFolderWithIncludes, "exFolderChildren": exFolderChildren,
		"exLocalUpload": exLocalUpload, "exRemoteUpload": exRemoteUpload, "exFileWithIncludes": exFileWithIncludes,
		"exFile": exFile, "exUploadStatus": exUploadStatus,
	} {
		var env replyEnvelope
		if err := jsonDecode(s, &env); err != nil || len(env.Data) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
