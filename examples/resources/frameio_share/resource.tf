# A complete delivery that ends with a review link: a dated folder tree, the files, a secure share for
# the client, and the link as an output.

data "frameio_project" "film" {
  name = "Feature Film"
}

resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = data.frameio_project.film.root_folder_id
}

resource "frameio_folder" "delivery" {
  name      = "2026-11-27"
  parent_id = frameio_folder.deliverables.id
}

resource "frameio_file" "cut" {
  folder_id = frameio_folder.delivery.id
  source    = "${path.module}/deliverables/feature_v3.mov"
}

resource "frameio_file" "stems" {
  for_each = fileset("${path.module}/deliverables/stems", "*.wav")

  folder_id = frameio_folder.delivery.id
  source    = "${path.module}/deliverables/stems/${each.value}"
}

variable "review_expiration" {
  description = "When the client's link stops working, e.g. 2026-12-31T18:00:00Z."
  type        = string
}

resource "frameio_share" "client" {
  project_id = data.frameio_project.film.id
  name       = "Feature v3: client review"
  access     = "secure"
  # The cut by its version stack once it has one (its first new version makes it): later cuts then
  # show in the same link without any change to the share.
  asset_ids = concat(
    [coalesce(frameio_file.cut.version_stack_id, frameio_file.cut.id)],
    [for f in frameio_file.stems : f.id],
  )
  reviewers           = ["director@example.com", "producer@example.com"]
  message             = "Cut v3 with stems is ready for your notes."
  downloading_enabled = false
  expiration          = var.review_expiration
}

output "review_link" {
  value = frameio_share.client.short_url
}
