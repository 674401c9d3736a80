# A dated delivery: the files under deliverables/ on disk, one folder per kind (deliverables/Picture/...,
# deliverables/Sound/...), go to Deliverables/<delivery>/<kind>/ in a Frame.io project, folders and all,
# each tagged with the delivery and its review stage in two metadata fields of the account; the trailer
# goes to a folder the marketing team keeps in the web app, found by its path.

terraform {
  required_providers {
    frameio = {
      source = "frameio/frameio"
    }
  }
}

# Credentials from the environment (FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET, or FRAMEIO_TOKEN);
# account_id is inferred when they see one account.
provider "frameio" {}

variable "delivery" {
  description = "Name of this delivery's folder under Deliverables/."
  type        = string
  default     = "2026-11-27"
}

variable "stage" {
  description = "Review stage of the delivered files: one of the options of the Stage field."
  type        = string
  default     = "Delivered"
}

variable "trailer_url" {
  description = "Where Frame.io fetches the trailer from."
  type        = string
  default     = "https://cdn.example.com/marketing/trailer_v2.mp4"
}

data "frameio_project" "film" {
  name = "Feature Film"
}

locals {
  files = fileset("${path.module}/deliverables", "*/*") # "Picture/feature_v3.mov", ...
  kinds = toset([for f in local.files : dirname(f)])    # "Picture", "Sound", ...
  # Each file keyed by its slot, its path without the version ("Picture/feature.mov"): the next cut,
  # feature_v4.mov, is then a new version on top of v3 in Frame.io, not a new file.
  slots = { for f in local.files : "${dirname(f)}/${replace(basename(f), "/_v[0-9]+/", "")}" => f }
}

# Two metadata fields of the account, which the web app shows on every file (Settings > Metadata).
resource "frameio_metadata_field" "delivery" {
  name       = "Delivery"
  field_type = "text"
}

resource "frameio_metadata_field" "stage" {
  name       = "Stage"
  field_type = "select"
  options    = ["Delivered", "In review", "Approved", "Changes requested"]
}

resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = data.frameio_project.film.root_folder_id
}

resource "frameio_folder" "delivery" {
  name      = var.delivery
  parent_id = frameio_folder.deliverables.id
}

resource "frameio_folder" "kind" {
  for_each = local.kinds

  name      = each.key
  parent_id = frameio_folder.delivery.id
}

resource "frameio_file" "deliverable" {
  for_each = local.slots

  folder_id = frameio_folder.kind[dirname(each.value)].id
  name      = basename(each.value)
  source    = "${path.module}/deliverables/${each.value}"
  # Checked at plan against the fields (a stage that is not an option is an error before any upload);
  # written after the upload, in one bulk update shared by the files that set the same values; a new
  # cut gets them too. Only these two fields are managed: notes added in the web app stay.
  metadata = {
    (frameio_metadata_field.delivery.name) = var.delivery
    (frameio_metadata_field.stage.name)    = var.stage
  }
}

data "frameio_folder" "trailers" {
  project_id = data.frameio_project.film.id
  path       = "Marketing/Trailers"
}

resource "frameio_file" "trailer" {
  folder_id  = data.frameio_folder.trailers.id
  source_url = var.trailer_url
}

output "delivery" {
  value = frameio_folder.delivery.view_url
}
