package main

import (
	"flag"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// readingsFlags defines the flags of emulator.Readings: -readings picks a preset (strict, the default,
// or pessimistic), and each reading's own flag, when given, overrides the preset. The returned function
// builds the Readings once the flags are parsed.
func readingsFlags(fs *flag.FlagSet) func() (emulator.Readings, error) {
	preset := fs.String("readings", "strict", "preset of the readings where the API document is silent: strict or "+
		"pessimistic (lost create replies, listing lag, newest-first stack children, no passphrase in share replies, "+
		"duplicate field names, renewed option ids, unset fields in include=metadata, webhook active as a string, "+
		"webhook replies without workspace_id, version_stacks.show answering a folder's id with the folder, stacked files in a folder's files listing, stacks of one dissolved); "+
		"the flags below override it")
	var r emulator.Readings
	var mode, stackShow string
	fs.BoolVar(&r.LoseCreateReplies, "lose-create-replies", false, "lose the reply of the first attempt of every create, after it took effect")
	fs.StringVar(&mode, "lost-create-reply-mode", "status", "how -lose-create-replies loses a reply: status (502), timeout (504) or cut")
	fs.DurationVar(&r.ListingLag, "listing-lag", 0, "keep deleted files, folders and version stacks in their folder's listings this long")
	fs.BoolVar(&r.StackChildrenNewestFirst, "stack-children-newest-first", false, "list a version stack's children newest first")
	fs.BoolVar(&r.OmitSharePassphrase, "omit-share-passphrase", false, "leave the passphrase out of share replies")
	fs.BoolVar(&r.DuplicateShareAssetOK, "duplicate-share-asset-ok", false, "answer adding an asset already in a share with 200, not 409")
	fs.BoolVar(&r.WebhookActiveAsString, "webhook-active-as-string", false, `send a webhook's active as the string "true" or "false", as the document's examples do`)
	fs.BoolVar(&r.OmitWebhookWorkspaceID, "omit-webhook-workspace-id", false, "leave workspace_id out of webhook replies")
	fs.BoolVar(&r.OmitProjectRestricted, "omit-project-restricted", false, "leave restricted out of project replies")
	fs.StringVar(&r.NeverTranscoded, "never-transcoded", "", "a media type (e.g. video/quicktime) whose uploads never reach status transcoded")
	fs.BoolVar(&r.RotateRefreshTokens, "rotate-refresh-tokens", false, "each refresh grant returns a new refresh token and retires the old one")
	fs.BoolVar(&r.DuplicateFieldNamesOK, "duplicate-field-names-ok", false, "let several metadata field definitions of an account share a name")
	fs.BoolVar(&r.SelectOptionsRenewIDs, "select-options-renew-ids", false, "give every option a new id when an update gives a select field's options")
	fs.BoolVar(&r.MetadataListsNulls, "metadata-lists-nulls", false, "list unset fields (null) in include=metadata")
	fs.IntVar(&r.NewFieldListingMisses, "new-field-listing-misses", 0, "leave a new metadata field definition out of this many listings of the account's definitions")
	fs.BoolVar(&r.FolderFilesListStacked, "folder-files-list-stacked", false, "list the files of a folder's version stacks in its files listing too")
	fs.BoolVar(&r.OneFileStackDissolves, "one-file-stack-dissolves", false, "remove a version stack left with one file, which goes back to the folder")
	fs.DurationVar(&r.CreateListingLag, "create-listing-lag", 0, "leave folders, files and version stacks created through the API out of their folder's listings this long")
	fs.StringVar(&stackShow, "stack-show-of-folder", "404", "what version_stacks.show answers for a folder's id: 404, folder (200 with the folder) or 422")
	return func() (emulator.Readings, error) {
		out, err := emulator.ReadingsNamed(*preset)
		if err != nil {
			return out, err
		}
		m, err := emulator.ParseLostReplyMode(mode)
		if err != nil {
			return out, err
		}
		r.LostCreateReplyMode = m
		if r.StackShowOfFolder, err = emulator.ParseStackShowOfFolderMode(stackShow); err != nil {
			return out, err
		}
		fs.Visit(func(f *flag.Flag) { override(&out, r, f.Name) })
		return out, nil
	}
}

// override copies the reading of flag name from the flags' values r into out.
func override(out *emulator.Readings, r emulator.Readings, name string) {
	switch name {
	case "lose-create-replies":
		out.LoseCreateReplies = r.LoseCreateReplies
	case "lost-create-reply-mode":
		out.LostCreateReplyMode = r.LostCreateReplyMode
	case "listing-lag":
		out.ListingLag = r.ListingLag
	case "stack-children-newest-first":
		out.StackChildrenNewestFirst = r.StackChildrenNewestFirst
	case "omit-share-passphrase":
		out.OmitSharePassphrase = r.OmitSharePassphrase
	case "duplicate-share-asset-ok":
		out.DuplicateShareAssetOK = r.DuplicateShareAssetOK
	case "webhook-active-as-string":
		out.WebhookActiveAsString = r.WebhookActiveAsString
	case "omit-webhook-workspace-id":
		out.OmitWebhookWorkspaceID = r.OmitWebhookWorkspaceID
	case "omit-project-restricted":
		out.OmitProjectRestricted = r.OmitProjectRestricted
	case "never-transcoded":
		out.NeverTranscoded = r.NeverTranscoded
	case "rotate-refresh-tokens":
		out.RotateRefreshTokens = r.RotateRefreshTokens
	case "duplicate-field-names-ok":
		out.DuplicateFieldNamesOK = r.DuplicateFieldNamesOK
	case "select-options-renew-ids":
		out.SelectOptionsRenewIDs = r.SelectOptionsRenewIDs
	case "metadata-lists-nulls":
		out.MetadataListsNulls = r.MetadataListsNulls
	case "new-field-listing-misses":
		out.NewFieldListingMisses = r.NewFieldListingMisses
	case "folder-files-list-stacked":
		out.FolderFilesListStacked = r.FolderFilesListStacked
	case "one-file-stack-dissolves":
		out.OneFileStackDissolves = r.OneFileStackDissolves
	case "create-listing-lag":
		out.CreateListingLag = r.CreateListingLag
	case "stack-show-of-folder":
		out.StackShowOfFolder = r.StackShowOfFolder
	}
}
