package emulator

import "net/http"

// lockedWith runs fn under the emulator's lock on what find looks up, or answers find's error. The lookup
// and the change share one lock so that no other request sees or makes a change between them.
func lockedWith[T any](e *Emulator, find func() (T, *httpError), fn func(T) (int, any, *httpError)) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, herr := find()
	if herr != nil {
		return 0, nil, herr
	}
	return fn(v)
}

// withShare runs fn on the share named by the path's share_id, within the caller's account.
func (e *Emulator) withShare(r *http.Request, fn func(*share) (int, any, *httpError)) (int, any, *httpError) {
	return lockedWith(e, func() (*share, *httpError) { return e.getShareLocked(r, r.PathValue("share_id")) }, fn)
}

// withFile runs fn on the file named by the path's file_id.
func (e *Emulator) withFile(r *http.Request, fn func(*file) (int, any, *httpError)) (int, any, *httpError) {
	return lockedWith(e, func() (*file, *httpError) { return e.getFileLocked(r.PathValue("file_id")) }, fn)
}

// withStack runs fn on the version stack named by the path's version_stack_id.
func (e *Emulator) withStack(r *http.Request, fn func(*versionStack) (int, any, *httpError)) (int, any, *httpError) {
	return lockedWith(e, func() (*versionStack, *httpError) { return e.getStackLocked(r.PathValue("version_stack_id")) }, fn)
}

// withFolder runs fn on the folder named by the path's folder_id, within the caller's account.
func (e *Emulator) withFolder(r *http.Request, fn func(*folder) (int, any, *httpError)) (int, any, *httpError) {
	return lockedWith(e, func() (*folder, *httpError) { return e.folderInAccountLocked(r, r.PathValue("folder_id")) }, fn)
}

// withAnyFolder runs fn on the folder named by the path's folder_id, in whichever account holds it
// (the file, upload and version stack routes, which look folders up without the account check).
func (e *Emulator) withAnyFolder(r *http.Request, fn func(*folder) (int, any, *httpError)) (int, any, *httpError) {
	return lockedWith(e, func() (*folder, *httpError) { return e.getFolderLocked(r.PathValue("folder_id")) }, fn)
}
