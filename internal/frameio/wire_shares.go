package frameio

import (
	"encoding/json"
	"fmt"
)

// The wire format of shares (review links): objects, request bodies and limits, kept beside wire.go
// (their operations are in registry.go) for the same reason: a correction to the contract is one edit
// here.

// Share is a review link to assets of a project (a share of type "asset"). Nullable fields of the
// reply decode to nil (pointers) or "" (Name, ShortURL). Passphrase is a secret: never log it. The reply
// does not list the share's assets: no operation does.
type Share struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Description        *string `json:"description"`
	CollectionID       string  `json:"collection_id"`
	ShortURL           string  `json:"short_url"`
	Access             string  `json:"access"`
	Enabled            bool    `json:"enabled"`
	CommentingEnabled  bool    `json:"commenting_enabled"`
	DownloadingEnabled bool    `json:"downloading_enabled"`
	Expiration         *string `json:"expiration"`
	Passphrase         *string `json:"passphrase"`
	LastViewedAt       *string `json:"last_viewed_at"`
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`

	// PassphraseReported says whether the reply had a passphrase field at all (null included). The
	// document does not require replies to carry it: a reply without it says nothing about the
	// passphrase, while a null says there is none.
	PassphraseReported bool `json:"-"`
}

// UnmarshalJSON decodes a share and notes whether the reply carried its passphrase.
func (s *Share) UnmarshalJSON(b []byte) error {
	type plain Share // without this method
	var aux struct {
		plain
		Passphrase json.RawMessage `json:"passphrase"` // shadows plain's: empty when absent, "null" when null
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*s = Share(aux.plain)
	s.Passphrase, s.PassphraseReported = nil, len(aux.Passphrase) > 0
	if s.PassphraseReported && string(aux.Passphrase) != "null" {
		var p string
		if err := json.Unmarshal(aux.Passphrase, &p); err != nil {
			return fmt.Errorf("share passphrase: %w", err)
		}
		s.Passphrase = &p
	}
	return nil
}

// NewShare is what CreateShare sends. Nil optional fields are left to the server's defaults.
type NewShare struct {
	Name               string
	Access             string // ShareAccessPublic or ShareAccessSecure
	AssetIDs           []string
	DownloadingEnabled *bool
	Expiration         *string // RFC 3339
	Passphrase         *string
	Description        *string
}

// ShareUpdate is what UpdateShare changes: nil fields are not sent. Expiration, Passphrase and
// Description set to "" are sent as null, which clears them (none of them can be an empty string).
type ShareUpdate struct {
	Name               *string
	Access             *string
	DownloadingEnabled *bool
	Expiration         *string
	Passphrase         *string
	Description        *string
}

// Values of Share.Access.
const (
	ShareAccessPublic = "public"
	ShareAccessSecure = "secure"
)

// Reviewer is one reviewer of a secure share (the User schema). ID is empty for someone invited by
// email who has no Frame.io account yet.
type Reviewer struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	AdobeUserID string `json:"adobe_user_id"`
}

// MaxShareAssets is how many assets a share may hold (create's asset_ids: 1 to 100).
const MaxShareAssets = 100

// MaxReviewersPerCall is how many reviewers one add or remove call takes (maxItems 10); the client
// splits longer lists into calls of this size.
const MaxReviewersPerCall = 10

// shareCreateParams creates a share (AssetShareParams; "type" is always "asset"). Optional fields are
// left out when nil, so the server applies its defaults.
type shareCreateParams struct {
	Type               string   `json:"type"`
	Name               string   `json:"name"`
	Access             string   `json:"access"`
	AssetIDs           []string `json:"asset_ids,omitempty"`
	DownloadingEnabled *bool    `json:"downloading_enabled,omitempty"`
	Expiration         *string  `json:"expiration,omitempty"`
	Passphrase         *string  `json:"passphrase,omitempty"`
	Description        *string  `json:"description,omitempty"`
}

const shareTypeAsset = "asset"

// params is the PATCH body of a ShareUpdate (UpdateShareParams): only the fields to change, a cleared
// one as null.
func (u ShareUpdate) params() map[string]any {
	out := map[string]any{}
	if u.Name != nil {
		out["name"] = *u.Name
	}
	if u.Access != nil {
		out["access"] = *u.Access
	}
	if u.DownloadingEnabled != nil {
		out["downloading_enabled"] = *u.DownloadingEnabled
	}
	nullable := func(key string, v *string) {
		switch {
		case v == nil:
		case *v == "":
			out[key] = nil
		default:
			out[key] = *v
		}
	}
	nullable("expiration", u.Expiration)
	nullable("passphrase", u.Passphrase)
	nullable("description", u.Description)
	return out
}

type shareAssetParams struct {
	AssetID string `json:"asset_id"`
}

// reviewerIDs names reviewers by one identifier type only; the provider uses emails, the only one that
// can invite people without a Frame.io account on the share's account.
type reviewerIDs struct {
	Emails []string `json:"emails"`
}

// addReviewersParams: message is required by the schema (it is the invitation's text; "" is allowed).
type addReviewersParams struct {
	Reviewers reviewerIDs `json:"reviewers"`
	Message   string      `json:"message"`
}

type removeReviewersParams struct {
	Reviewers reviewerIDs `json:"reviewers"`
}
