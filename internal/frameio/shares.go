package frameio

import (
	"context"
	"errors"
	"fmt"
)

// Shares (review links). The API has no operation that lists the assets of a share: a caller that needs
// them must remember what it added.

// ListShares returns every share of a project, across pages.
func (c *Client) ListShares(ctx context.Context, accountID, projectID string) ([]Share, error) {
	return listAll[Share](ctx, c, epListShares, accountID, projectID)
}

// CreateShare creates a share of assets (files, folders, version stacks) of project projectID.
func (c *Client) CreateShare(ctx context.Context, accountID, projectID string, s NewShare) (*Share, error) {
	for i, id := range s.AssetIDs {
		if err := validateID(fmt.Sprintf("AssetIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	return one[Share](ctx, c, epCreateShare, shareCreateParams{
		Type: shareTypeAsset, Name: s.Name, Access: s.Access, AssetIDs: s.AssetIDs,
		DownloadingEnabled: s.DownloadingEnabled, Expiration: s.Expiration, Passphrase: s.Passphrase,
		Description: s.Description,
	}, accountID, projectID)
}

// GetShare returns a share.
func (c *Client) GetShare(ctx context.Context, accountID, shareID string) (*Share, error) {
	return one[Share](ctx, c, epShowShare, nil, accountID, shareID)
}

// UpdateShare changes the fields set in u. The API takes at least one field: an empty update is an
// error, and nothing is sent.
func (c *Client) UpdateShare(ctx context.Context, accountID, shareID string, u ShareUpdate) (*Share, error) {
	p := u.params()
	if len(p) == 0 {
		return nil, errors.New("frameio: UpdateShare: nothing to update")
	}
	return one[Share](ctx, c, epUpdateShare, p, accountID, shareID)
}

// DeleteShare deletes a share (the assets stay).
func (c *Client) DeleteShare(ctx context.Context, accountID, shareID string) error {
	return c.call(ctx, epDeleteShare, nil, nil, accountID, shareID)
}

// AddShareAsset adds a file, folder or version stack to a share and returns the share.
func (c *Client) AddShareAsset(ctx context.Context, accountID, shareID, assetID string) (*Share, error) {
	if err := validateID("assetID", assetID); err != nil {
		return nil, err
	}
	return one[Share](ctx, c, epAddShareAsset, shareAssetParams{AssetID: assetID}, accountID, shareID)
}

// RemoveShareAsset takes an asset out of a share (the asset stays) and returns the share.
func (c *Client) RemoveShareAsset(ctx context.Context, accountID, shareID, assetID string) (*Share, error) {
	return one[Share](ctx, c, epRemoveShareAsset, nil, accountID, shareID, assetID)
}

// ListShareReviewers returns every reviewer of a secure share, across pages.
func (c *Client) ListShareReviewers(ctx context.Context, accountID, shareID string) ([]Reviewer, error) {
	return listAll[Reviewer](ctx, c, epListReviewers, accountID, shareID)
}

// AddShareReviewers invites reviewers to a secure share by email, with message as the invitation's text
// ("" for none). The API takes MaxReviewersPerCall emails a call, so longer lists are sent in several
// calls, in order; on an error, the emails of the earlier calls were added: the returned count says how
// many (a prefix of emails).
func (c *Client) AddShareReviewers(ctx context.Context, accountID, shareID string, emails []string, message string) (int, error) {
	return c.reviewerBatches(ctx, epAddReviewers, accountID, shareID, emails, func(batch []string) any {
		return addReviewersParams{Reviewers: reviewerIDs{Emails: batch}, Message: message}
	})
}

// RemoveShareReviewers removes reviewers from a secure share by email, in calls of MaxReviewersPerCall;
// the returned count is how many were removed before an error (a prefix of emails).
func (c *Client) RemoveShareReviewers(ctx context.Context, accountID, shareID string, emails []string) (int, error) {
	return c.reviewerBatches(ctx, epRemoveReviewers, accountID, shareID, emails, func(batch []string) any {
		return removeReviewersParams{Reviewers: reviewerIDs{Emails: batch}}
	})
}

func (c *Client) reviewerBatches(ctx context.Context, ep endpoint, accountID, shareID string, emails []string,
	body func([]string) any) (int, error) {
	for i, e := range emails {
		if err := validateID(fmt.Sprintf("emails[%d]", i), e); err != nil {
			return 0, err
		}
	}
	done := 0
	for done < len(emails) {
		batch := emails[done:min(done+MaxReviewersPerCall, len(emails))]
		if err := c.call(ctx, ep, body(batch), nil, accountID, shareID); err != nil {
			return done, err
		}
		done += len(batch)
	}
	return done, nil
}
