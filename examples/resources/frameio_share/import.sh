# Adopt a share made in the web app by its id. Frame.io does not report a share's project or its
# assets: the next plan checks that project_id is the share's project and records it in place (no new
# link), and adds the configured asset_ids to the share (those already in it stay, as do any others).
terraform import frameio_share.client 0f9e8d7c-6b5a-4321-8fed-cba987654321
