// Package emulator is an in-memory Frame.io V4 API and pre-signed S3 emulator served over real HTTP.
//
// It is used by the tests and by `make demo`. It deliberately does not import internal/frameio: it is
// written from the published contract so that it does not share the client's mistakes. No production
// package imports it.
//
// # Use
//
//	e := emulatortest.New(t, emulator.Options{})  // 127.0.0.1:0, closed by t.Cleanup
//	base := e.URL()                                // http://127.0.0.1:PORT, no /v4
//
// (emulatortest is the small test-only package that starts it for a test; this package does not import
// "testing".) New returns an unstarted Emulator (an http.Handler), Start listens on an address, Close
// stops it and Options returns the effective options.
//
// Faults, by operation id (faults.go): FailOperation, LoseReply and Stall hit the next n calls of one
// operation (an OpenAPI operationId, OpPutPart, OpIMSToken, or OpAnyAPI for any API call);
// ClearFaults and PendingFaults manage them; Calls lists the logged calls of an operation:
//
//	e.FailOperation("files.delete", 1, http.StatusServiceUnavailable) // no effect, 503
//	e.FailOperation(emulator.OpAnyAPI, 2, http.StatusTooManyRequests)  // no Retry-After, as documented
//	e.LoseReply("folders.create", 1, emulator.LostReplyCut)           // created, then the connection cut
//	e.Stall(emulator.OpPutPart, 1)                                     // no answer until the client gives up
//	n := len(e.Calls("files.delete"))
//
// Readings (readings.go): where the API document leaves the service's behaviour open, Options.Readings
// (or SetReadings at runtime) picks the emulator's answer: lost replies of first create attempts,
// listing lag after deletes, the order of a stack's children, the passphrase in share replies, a
// duplicate share asset, a media type that is never transcoded, refresh-token rotation, webhook replies
// without workspace_id, project replies without restricted, a webhook's active as a string. The zero value is the strict default; Pessimistic() is the preset for a second
// test run.
//
// Runtime settings: SetNeverComplete, SetUploadFails, SetBandwidth, SetLatency, SetRateLimits,
// SetRateLimitScale (benchmarks that build a large state quickly); account
// setting: SetSharePassphraseRequired. Inspection: Files, File, Folders, Stack, Stacks, Share, Shares
// (with the assets no reply lists), Requests, ResetRequests, Calls, Content. Out-of-band changes (drift
// tests): RenameFile, MoveFile (into a folder or onto a version stack), DeleteFile, AddFolder, RenameFolder,
// MoveFolder, DeleteFolder, StackFiles,
// AddFileToStack and AddFileVersion (a web-app upload of a new version on top), RenameShare, SetShareDownloading,
// AddShareReviewer, DeleteShare, RenameProject, SetProjectStatus, SetProjectRestricted, DeleteProject (with
// everything in it), SetProjectUserRole, RemoveProjectUser. Projects, Project, AccountUsers and ProjectUsers
// inspect projects and their members; Options.AccountUsers seeds users of the first account and
// AddAccountUser adds more (users.go); SetWebhookEvents, RenameWebhook, SetWebhookActive, DeleteWebhook
// (Webhook and Webhooks show a webhook's secret, which only the create reply carries). All methods are
// safe for concurrent use;
// each fault is consumed by exactly one call. Routes and RateLimits list the API routes and their documented
// limits. Options names the first account, workspace and project; AddAccount, AddWorkspace and AddProject
// (with its own root folder) add more, all visible to the token. Every path is scoped by its account:
// a workspace, project or folder of another account is 404; a folder cannot move into another project.
//
// Time: Options.Clock (nil = real time) drives everything modelled: delays, upload status, URL dates and
// expiry, timestamps and rate-limit buckets. With a *TestClock a test steps over a delay instead of
// sleeping:
//
//	clk := emulator.NewTestClock()
//	e := emulatortest.New(t, emulator.Options{Clock: clk, ProcessingDelay: time.Hour})
//	// ... upload, then:
//	clk.Advance(time.Hour) // now upload_complete
//
// # API (/v4, bearer token required)
//
//	GET    /v4/me, /v4/accounts, /v4/accounts/{a}/workspaces[/{w}], /v4/accounts/{a}/projects,
//	       /v4/accounts/{a}/workspaces/{w}/projects, /v4/accounts/{a}/projects/{p}
//	POST   /v4/accounts/{a}/folders/{f}/folders                      201 Folder
//	GET|PATCH|DELETE /v4/accounts/{a}/folders/{f}                    DELETE 204, removes the contents
//	PATCH  /v4/accounts/{a}/folders/{f}/move                         {parent_id}
//	GET    /v4/accounts/{a}/folders/{f}/folders|children|files       cursor pagination
//	POST   /v4/accounts/{a}/folders/{f}/files/local_upload           201 File + upload_urls
//	POST   /v4/accounts/{a}/folders/{f}/files/remote_upload          202 File + links.status
//	GET|PATCH|DELETE /v4/accounts/{a}/files/{id}                     PATCH name only, DELETE 204
//	PATCH  /v4/accounts/{a}/files/{id}/move                          {parent_id}
//	GET    /v4/accounts/{a}/files/{id}/status                        upload_complete / upload_failed
//	POST   /v4/accounts/{a}/folders/{f}/version_stacks               201 {file_ids}: 2..10, oldest first
//	GET    /v4/accounts/{a}/folders/{f}/version_stacks               the stacks in a folder
//	GET    /v4/accounts/{a}/version_stacks/{vs}[/children]           head_version / its files, bottom first (a reading)
//	PATCH  /v4/accounts/{a}/version_stacks/{vs}/move                 {parent_id}: a folder
//	GET|POST /v4/accounts/{a}/projects/{p}/shares                    list / create a share (review link)
//	GET|PATCH|DELETE /v4/accounts/{a}/shares/{s}                     PATCH at least one field
//	POST   /v4/accounts/{a}/shares/{s}/assets, DELETE .../assets/{id} add / remove one asset
//	GET|POST|DELETE /v4/accounts/{a}/shares/{s}/reviewers            one identifier type, up to 10
//	GET|POST /v4/accounts/{a}/metadata/field_definitions             account fields; select options get ids
//	PATCH|DELETE /v4/accounts/{a}/metadata/field_definitions/{id}    field_type names the type, never changes it
//	GET    /v4/accounts/{a}/files/{id}/metadata                      values set (all fields with show_null=true)
//	PATCH  /v4/accounts/{a}/projects/{p}/metadata/values             204 {file_ids, values}: 1..100 each, all or nothing
//	POST   /v4/accounts/{a}/workspaces/{w}/projects                  201 {name, restricted}: with its root folder
//	PATCH|DELETE /v4/accounts/{a}/projects/{p}                       name, restricted, status; DELETE takes its tree
//	GET    /v4/accounts/{a}/users                                    the account's users and roles
//	GET    /v4/accounts/{a}/projects/{p}/users                       the project's members and roles
//	PATCH|DELETE /v4/accounts/{a}/projects/{p}/users/{user_id}       {role}: set (adds a new member) / remove
//
// include=metadata adds a file's values ("metadata") to files.show, the folder listings and a version
// stack's children and head_version; metadata_fields.go and metadata_values.go say which readings the
// emulator takes where the document is silent (unique names, option ids kept by name, value types).
//
//	GET|POST /v4/accounts/{a}/workspaces/{w}/webhooks                list / create (201, with the secret)
//	GET|PATCH|DELETE /v4/accounts/{a}/webhooks/{id}                  PATCH active, events, name, url
//
// A file moved (files.move) onto a version stack goes on top and has the stack as parent_id; the
// folder's children list the stack in place of its files. Where the document is silent (a stack left
// with one or no file, its name, the order of its children) versionstacks.go says which reading the
// emulator takes; shares.go does the same for shares (duplicate assets, reviewers of public shares,
// expiry), and webhooks.go for webhooks (https only, the document's events). A share's short_url is
// the emulator's own {base}/s/{code}, which serves a small page.
//
// Requests are {"data":{...}} with Content-Type application/json (else 422); invalid JSON is 400;
// unknown fields (pointer /data/<field>), missing fields, wrong types and out-of-range values
// (name 1..255 characters, file_size 1..5e12, http(s) source_url) are 422 with source.pointer.
// Errors are {"errors":[{"detail","title","source":{"pointer"}}]}; a malformed Authorization header gets
// the older {"error":{"detail":"Malformed token."}}. Unknown accounts, ids and routes are 404. Path
// segments are unescaped, so ids such as adobe:abc|2 (sent as adobe:abc%7C2) work. Every reply carries
// x-ratelimit-limit/-remaining/-window (ms) for the endpoint's documented leaky bucket, enforced (429,
// no Retry-After: the document promises none) unless Options.NoRateLimits or SetRateLimits(false).
// Lists are ordered by creation; page_size is 1..500 for folder listings and 1..100 elsewhere (default
// 50), links.next is the bare path plus ?after=<cursor> (page_size is not repeated), include_total_count
// adds total_count. The type filter of .../children takes one kind or a comma-separated list
// (file,folder,version_stack). Route names (the rate-limit buckets) are the OpenAPI operationIds; every
// route has a documented limit.
//
// # Adobe IMS (POST /ims/token/v3)
//
// A token endpoint for the client-credentials and refresh-token grants (IMSOptions, ims.go): issued
// access tokens are accepted by the API until they expire by the Clock, then refused with the
// documented 401. IMSRequests, IMSTokensIssued, IMSSecrets and RevokeIMSTokens inspect and steer it.
//
// # Pre-signed part URLs (/s3/{uploadID}/{part}?X-Amz-...)
//
// A local upload of file_size bytes gets n = ceil(file_size / PartSize) parts (at most 10,000), split
// evenly with the remainder bytes going one each to the first parts (the upload guide's example). With
// NominalPartSize every URL announces PartSize instead (the OpenAPI document's example), the last part
// taking only the bytes that remain, and ExtraPartURLs adds URLs past the end of the file; a PUT to one
// is 400 InvalidArgument. Each part URL takes one PUT, checked like S3 checks it, with S3 XML errors: chunked Transfer-Encoding 501 NotImplemented; any Authorization
// header 400 InvalidArgument; bad or missing signature 403 SignatureDoesNotMatch; expired 403
// AccessDenied "Request has expired"; x-amz-acl other than "private" or Content-Type other than the
// file's media_type 403 SignatureDoesNotMatch; no Content-Length 411 MissingContentLength;
// Content-Length other than the bytes the part carries 400 EntityTooSmall/EntityTooLarge; a body shorter than its
// Content-Length 400 IncompleteBody; an upload that is deleted, complete or failed 404 NoSuchUpload.
// Success is 200 with an ETag (quoted MD5). A part may be PUT again (it replaces the earlier one) until
// the upload completes. Bodies are streamed: to a per-part file in StorageDir, to memory when there is
// no StorageDir, or only through the hashes with Discard.
//
// When every part is in, the content is hashed (SHA-256, streaming over the parts in order); the file
// then reports upload_complete (status "uploaded") ProcessingDelay later and status "transcoded" a
// further TranscodeDelay later, but only for media Frame.io transcodes (video/*, audio/*, image/*): other
// types (zip, text, subtitles, PDF, ...) stay "uploaded", since the document promises no transcode for
// them. Progress is computed from timestamps when read. In Discard mode File.SHA256
// is only set for single-part files (a whole-file hash cannot be built from per-part hashes).
//
// A remote upload is fetched by the emulator itself (GET source_url, streamed into the same storage,
// hashed); a non-2xx reply, a network error or more than 50 GB shows as upload_failed=true. Like the
// service, which fetches from the internet, it refuses a source_url whose host is loopback, private or
// link-local (an IP literal or localhost: 422, pointer /data/source_url; a name or redirect that leads
// there: upload_failed), unless Options.AllowPrivateRemoteURLs is set (tests and the demo, whose sources
// are served on 127.0.0.1).
//
// # Not modelled
//
// Copies (of files and version stacks), comments, webhook deliveries, permissions beyond a project's
// members (workspace and folder roles, what a role or a restricted project allows), media_links and the
// include parameter other than include=metadata (accepted and ignored), sorting (sort is checked, not
// applied), the deprecated POST .../files, IMS authorization codes, creating or changing accounts and
// workspaces through the API, HTTP/2, and the real S3
// CompleteMultipartUpload (Frame.io completes uploads on its own). A known route with another method
// is 404, not 405, and so is an API path with empty, "." or ".." segments.
package emulator
