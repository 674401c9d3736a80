data "frameio_project" "film" {
  id = "6f1f2b0e-0000-4000-8000-0000000000b1"
}

# A single local file. The upload is chunked and parallel; apply returns once Frame.io reports the
# upload complete. New content (a new SHA-256) is uploaded as a new version on top of the old one, in a
# Frame.io version stack: reviewers' comments on earlier versions stay. A new name renames it in place.
resource "frameio_file" "cut" {
  folder_id = data.frameio_project.film.root_folder_id
  source    = "${path.module}/renders/feature_v3.mov"
  name      = "Feature - v3.mov"

  timeouts = {
    create = "2h" # default 60m; raise it for very large files on slow links
  }
}

# A remote upload: Frame.io fetches the URL itself (up to 50 GB). Frame.io cannot see when the content
# behind a URL changes, so change the URL to upload new content (a new version).
resource "frameio_file" "trailer" {
  folder_id  = data.frameio_project.film.root_folder_id
  source_url = "https://cdn.example.com/marketing/trailer_v2.mp4"
  wait_for   = "transcode" # also wait until Frame.io has made the playable proxies
}

# Every file of a folder, one resource each, keyed by its slot: the file name without its version
# ("feature.mov" for feature_v3.mov), so that the next cut, feature_v4.mov, is a new version on top of
# v3, not a new file. Added files are uploaded, removed files are deleted from Frame.io (with every
# version Terraform uploaded), changed files get a new version, unchanged files cost nothing on the
# next plan.
resource "frameio_file" "delivery_file" {
  for_each = {
    for f in fileset("${path.module}/deliverables", "*.{mov,wav,srt,pdf}") : replace(basename(f), "/_v[0-9]+/", "") => f
  }

  folder_id = data.frameio_project.film.root_folder_id
  name      = basename(each.value)
  source    = "${path.module}/deliverables/${each.value}"
}

# Subtitles are cheap to re-review: replace them instead of stacking versions. The old file is deleted,
# with any comments on it.
resource "frameio_file" "subtitles" {
  folder_id         = data.frameio_project.film.root_folder_id
  source            = "${path.module}/subtitles/feature_en.srt"
  on_content_change = "replace"
}
