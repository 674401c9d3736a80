package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// What a share holds: its assets (add and remove one at a time) and, for a secure share, its reviewers
// (list, add and remove by one identifier type, up to 10 a call). See shares.go for the readings taken
// where the document is silent.

func (e *Emulator) hShareAddAsset(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"asset_id", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	id := d["asset_id"].(string)
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		switch {
		case !e.isProjectAssetLocked(s.projectID, id):
			return 0, nil, invalid("/data/asset_id", fmt.Sprintf("asset %q is not a file, folder or version stack of the share's project", id))
		case slices.Contains(s.assets, id) && e.readings.get().DuplicateShareAssetOK:
			reply := e.shareJSON(s, e.now())
			reply["asset_added"] = id
			return 200, data(reply), nil
		case slices.Contains(s.assets, id):
			return 0, nil, errf(http.StatusConflict, "/data/asset_id", "asset %q is already in the share", id)
		case len(s.assets) >= maxShareAssets:
			return 0, nil, invalid("/data/asset_id", fmt.Sprintf("a share holds at most %d assets", maxShareAssets))
		}
		now := e.now()
		s.assets = append(s.assets, id)
		s.updatedAt = now.UTC()
		reply := e.shareJSON(s, now)
		reply["asset_added"] = id
		return 200, data(reply), nil
	})
}

func (e *Emulator) hShareRemoveAsset(r *http.Request) (int, any, *httpError) {
	id := r.PathValue("asset_id")
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		i := slices.Index(s.assets, id)
		if i < 0 {
			return 0, nil, notFound("asset in share", id)
		}
		now := e.now()
		s.assets = slices.Delete(s.assets, i, i+1)
		s.updatedAt = now.UTC()
		reply := e.shareJSON(s, now)
		reply["asset_removed"] = id
		return 200, data(reply), nil
	})
}

// The emulator's one account user (GET /v4/me): the only user_ids value it knows.
const (
	emulatorUserID    = "6f1f2b0e-0000-4000-8000-0000000000d1"
	emulatorUserEmail = "emulator@example.com"
)

// maxReviewersPerCall is the maxItems of each identifier list.
const maxReviewersPerCall = 10

// emailPattern is a plain check of "A valid email address": something@domain.tld, no spaces.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

// decodeReviewers reads {"reviewers":{<one identifier type>:[...]}, "message"} (message only when
// withMessage: add requires it, remove takes none) and returns the reviewers as lower-cased emails.
func decodeReviewers(r *http.Request, withMessage bool) ([]string, *httpError) {
	specs := []fieldSpec{{"reviewers", kObject, true}}
	if withMessage {
		specs = append(specs, fieldSpec{"message", kString, true})
	}
	d, herr := decodeData(r, specs...)
	if herr != nil {
		return nil, herr
	}
	ids := d["reviewers"].(map[string]any)
	const ptr = "/data/reviewers"
	for _, k := range sortedKeys(ids) {
		if k != "emails" && k != "user_ids" && k != "adobe_user_ids" {
			return nil, invalid(ptr+"/"+k, "Unexpected field: "+k)
		}
	}
	if len(ids) != 1 {
		return nil, invalid(ptr, "A request can only include one identifier type: emails, user_ids or adobe_user_ids")
	}
	kind := sortedKeys(ids)[0]
	p := ptr + "/" + kind
	raw, ok := ids[kind].([]any)
	if !ok {
		return nil, invalid(p, "Invalid array. Got: "+jsonType(ids[kind]))
	}
	if n := len(raw); n < 1 || n > maxReviewersPerCall {
		return nil, invalid(p, fmt.Sprintf("%s must have 1 to %d items, got %d", kind, maxReviewersPerCall, n))
	}
	var emails []string
	for i, v := range raw {
		ip := fmt.Sprintf("%s/%d", p, i)
		s, ok := v.(string)
		if !ok {
			return nil, invalid(ip, "Invalid string. Got: "+jsonType(v))
		}
		var email string
		switch kind {
		case "emails":
			if !emailPattern.MatchString(s) {
				return nil, invalid(ip, fmt.Sprintf("%q is not a valid email address", s))
			}
			email = strings.ToLower(s)
		case "user_ids":
			if s != emulatorUserID {
				return nil, invalid(ip, fmt.Sprintf("user %q is not a member of the account", s))
			}
			email = emulatorUserEmail
		default:
			return nil, invalid(ip, fmt.Sprintf("Adobe user %q is not a member of the account", s))
		}
		if slices.Contains(emails, email) {
			return nil, invalid(ip, fmt.Sprintf("%q is listed twice (items must be unique)", s))
		}
		emails = append(emails, email)
	}
	return emails, nil
}

// reviewerJSON is a User as list_reviewers answers it: someone invited by email has no id or name.
func reviewerJSON(email string) map[string]any {
	var id, name any
	if email == emulatorUserEmail {
		id, name = emulatorUserID, "Emulated User"
	}
	return map[string]any{"id": id, "name": name, "email": email, "avatar_url": nil, "active": nil, "adobe_user_id": nil}
}

// hShareReviewers lists a share's reviewers in the order they were added (page_size 1..100).
func (e *Emulator) hShareReviewers(r *http.Request) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		items := make([]listItem, len(s.reviewers))
		for i, email := range s.reviewers {
			items[i] = listItem{int64(i + 1), reviewerJSON(email)} // the cursor counts positions
		}
		return 200, pageReply(r, items, size, after, total), nil
	})
}

func (e *Emulator) hShareAddReviewers(r *http.Request) (int, any, *httpError) {
	emails, herr := decodeReviewers(r, true)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		if s.access != "secure" {
			return 0, nil, invalid("/data/reviewers", "reviewers can only be added to a secure share")
		}
		for _, email := range emails {
			if !slices.Contains(s.reviewers, email) {
				s.reviewers = append(s.reviewers, email)
			}
		}
		s.updatedAt = e.now().UTC()
		return http.StatusNoContent, nil, nil
	})
}

func (e *Emulator) hShareRemoveReviewers(r *http.Request) (int, any, *httpError) {
	emails, herr := decodeReviewers(r, false)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		s.reviewers = slices.DeleteFunc(s.reviewers, func(email string) bool { return slices.Contains(emails, email) })
		s.updatedAt = e.now().UTC()
		return http.StatusNoContent, nil, nil
	})
}
