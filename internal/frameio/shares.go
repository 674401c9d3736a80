package frameio

import (
	"context"
	"errors"
	"fmt"
)

// Shares (review links). The API has no operation that lists the assets of a share: a caller that needs
// them must remember what it added.

// ListShares returns every share of a project, across pages.
func (a *AccountClient) ListShares(ctx context.Context, projectID string) ([]Share, error) {
	return listAll[Share](ctx, a.c, opListShares, a.id, projectID)
}

// CreateShare creates a share of assets (files, folders, version stacks) of project projectID. After a
// lost reply it adopts the share of that name and access the request made, found among the project's
// shares (lostreply.go): a second live review link nobody manages would stay open otherwise.
func (a *AccountClient) CreateShare(ctx context.Context, projectID string, s NewShare) (*Share, error) {
	for i, id := range s.AssetIDs {
		if err := validateID(fmt.Sprintf("AssetIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	params := shareCreateParams{
		Type: shareTypeAsset, Name: s.Name, Access: s.Access, AssetIDs: s.AssetIDs,
		DownloadingEnabled: s.DownloadingEnabled, Expiration: s.Expiration, Passphrase: s.Passphrase,
		Description: s.Description,
	}
	return createOnce(ctx, a, createSpec[Share]{
		op: opCreateShare, ids: []string{a.id, projectID}, key: "share\n" + projectID + "\n" + s.Name,
		create: func(ctx context.Context) (*Share, error) {
			return one[Share](ctx, a.c, opCreateShare, params, a.id, projectID)
		},
		look: func(ctx context.Context) ([]Share, error) {
			shares, err := a.ListShares(ctx, projectID)
			return keep(shares, func(sh Share) bool { return sh.Name == s.Name && (s.Access == "" || sh.Access == s.Access) }), err
		},
	})
}

// GetShare returns a share.
func (a *AccountClient) GetShare(ctx context.Context, shareID string) (*Share, error) {
	return one[Share](ctx, a.c, opShowShare, nil, a.id, shareID)
}

// UpdateShare changes the fields set in u. The API takes at least one field: an empty update is an
// error, and nothing is sent.
func (a *AccountClient) UpdateShare(ctx context.Context, shareID string, u ShareUpdate) (*Share, error) {
	p := u.params()
	if len(p) == 0 {
		return nil, errors.New("frameio: UpdateShare: nothing to update")
	}
	return one[Share](ctx, a.c, opUpdateShare, p, a.id, shareID)
}

// DeleteShare deletes a share (the assets stay).
func (a *AccountClient) DeleteShare(ctx context.Context, shareID string) error {
	return a.c.call(ctx, opDeleteShare, nil, nil, a.id, shareID)
}

// AddShareAsset adds a file, folder or version stack to a share and returns the share.
func (a *AccountClient) AddShareAsset(ctx context.Context, shareID, assetID string) (*Share, error) {
	if err := validateID("assetID", assetID); err != nil {
		return nil, err
	}
	return one[Share](ctx, a.c, opAddShareAsset, shareAssetParams{AssetID: assetID}, a.id, shareID)
}

// RemoveShareAsset takes an asset out of a share (the asset stays) and returns the share.
func (a *AccountClient) RemoveShareAsset(ctx context.Context, shareID, assetID string) (*Share, error) {
	return one[Share](ctx, a.c, opRemoveShareAsset, nil, a.id, shareID, assetID)
}

// ListShareReviewers returns every reviewer of a secure share, across pages.
func (a *AccountClient) ListShareReviewers(ctx context.Context, shareID string) ([]Reviewer, error) {
	return listAll[Reviewer](ctx, a.c, opListReviewers, a.id, shareID)
}

// AddShareReviewers invites reviewers to a secure share by email, with message as the invitation's text
// ("" for none). The API takes MaxReviewersPerCall emails a call, so longer lists are sent in several
// calls, in order; on an error, the emails of the earlier calls were added: the returned count says how
// many (a prefix of emails).
func (a *AccountClient) AddShareReviewers(ctx context.Context, shareID string, emails []string, message string) (int, error) {
	return a.reviewerBatches(ctx, opAddReviewers, shareID, emails, func(batch []string) any {
		return addReviewersParams{Reviewers: reviewerIDs{Emails: batch}, Message: message}
	})
}

// RemoveShareReviewers removes reviewers from a secure share by email, in calls of MaxReviewersPerCall;
// the returned count is how many were removed before an error (a prefix of emails).
func (a *AccountClient) RemoveShareReviewers(ctx context.Context, shareID string, emails []string) (int, error) {
	return a.reviewerBatches(ctx, opRemoveReviewers, shareID, emails, func(batch []string) any {
		return removeReviewersParams{Reviewers: reviewerIDs{Emails: batch}}
	})
}

func (a *AccountClient) reviewerBatches(ctx context.Context, op *operation, shareID string, emails []string,
	body func([]string) any) (int, error) {
	for i, e := range emails {
		if err := validateID(fmt.Sprintf("emails[%d]", i), e); err != nil {
			return 0, err
		}
	}
	done := 0
	for done < len(emails) {
		batch := emails[done:min(done+MaxReviewersPerCall, len(emails))]
		if err := a.c.call(ctx, op, body(batch), nil, a.id, shareID); err != nil {
			return done, err
		}
		done += len(batch)
	}
	return done, nil
}
