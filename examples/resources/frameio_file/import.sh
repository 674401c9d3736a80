# Adopt a file that is already in Frame.io, by its file id. Keep `source` in the configuration pointing at
# the local copy: on the next plan the provider hashes it; if its size matches the Frame.io file, the hash
# is recorded in place (no re-upload), otherwise the new content goes on top as a new version. A file
# in a version stack can be imported too: the state records its stack.
terraform import frameio_file.cut 3f1e2d4c-5b6a-4789-8abc-def012345678
