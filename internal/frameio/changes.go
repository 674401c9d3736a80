package frameio

// Change names what a call may have changed (see Config.Changed): its operationId, and the ids it named
// (those of its path but the account, and the parent_id or file_ids of its body).
type Change struct {
	Operation string
	IDs       []string
}

// pageSizeOf is the page_size of list operation ep.
func (c *Client) pageSizeOf(ep endpoint) int {
	if assetListings[ep.name] && c.assetPageSize > 0 {
		return c.assetPageSize
	}
	return c.pageSize
}

// changedIDs are the ids a write names: those of its path but the account (the first), and those of
// its body that say where assets go (moveParams.ParentID, versionStackParams.FileIDs).
func changedIDs(ep endpoint, body any, pathIDs []string) []string {
	var out []string
	for i, id := range pathIDs {
		if i < len(ep.args) && ep.args[i] == "accountID" {
			continue
		}
		out = append(out, id)
	}
	switch b := body.(type) {
	case moveParams:
		out = append(out, b.ParentID)
	case versionStackParams:
		out = append(out, b.FileIDs...)
	}
	return out
}
