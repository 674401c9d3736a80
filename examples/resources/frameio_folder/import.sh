# Adopt a folder that is already in Frame.io, by its folder id (in the folder's URL in the web app).
# name and parent_id in the configuration must match it, or the next apply renames or moves it.
terraform import frameio_folder.month 9a1f2e3d-4c5b-4a69-8877-66554433aa10
