# A small, realistic delivery: the deliverables of a film cut go to a dated folder,
# Deliverables/<YYYY-MM>, that this configuration creates in the project, plus a trailer that Frame.io
# fetches from a URL (a remote upload).
#
# Run it with `make demo` from the repository root: it starts the local Frame.io emulator, generates
# the deliverables (examples/demo/deliverables/, not committed) and applies this configuration with the
# provider you just built. Nothing here talks to the real Frame.io.

terraform {
  required_providers {
    frameio = {
      source = "frameio/frameio"
    }
  }
}

# token, account_id and base_url come from FRAMEIO_TOKEN, FRAMEIO_ACCOUNT_ID and FRAMEIO_BASE_URL.
provider "frameio" {
  upload_concurrency = 8
}

variable "project_id" {
  description = "The Frame.io project that receives the deliverables."
  type        = string
}

variable "trailer_url" {
  description = "URL that Frame.io fetches the trailer from (a remote upload)."
  type        = string
}

variable "deliverables_dir" {
  description = "Local folder whose top-level files are uploaded, one frameio_file each."
  type        = string
  default     = "deliverables"
}

data "frameio_project" "film" {
  id = var.project_id
}

variable "delivery" {
  description = "Name of the dated folder under Deliverables/; empty means the month of the plan (YYYY-MM)."
  type        = string
  default     = ""
}

locals {
  delivery = var.delivery != "" ? var.delivery : formatdate("YYYY-MM", plantimestamp())
}

# The delivery tree: Deliverables/<YYYY-MM>. Files depend on their folder, so destroy deletes them first
# and the emptied folders after them.
resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = data.frameio_project.film.root_folder_id
}

resource "frameio_folder" "delivery" {
  name      = local.delivery
  parent_id = frameio_folder.deliverables.id
}

output "delivery_folder" {
  value = "Deliverables/${frameio_folder.delivery.name}: ${frameio_folder.delivery.view_url}"
}

# One resource per file, keyed by its slot: the file name without its version ("credits.pdf" for
# credits_v3.pdf). Adding a file to the folder uploads it, deleting it removes it from Frame.io, a new
# cut (credits_v4.pdf in place of credits_v3.pdf) goes on top of the old one as a new version, so the
# comments on v3 stay, and an unchanged file costs nothing on the next plan.
resource "frameio_file" "deliverable" {
  for_each = {
    for f in fileset("${path.module}/${var.deliverables_dir}", "*") : replace(basename(f), "/_v[0-9]+/", "") => f
  }

  folder_id = frameio_folder.delivery.id
  name      = basename(each.value)
  source    = "${path.module}/${var.deliverables_dir}/${each.value}"
}

# Frame.io downloads this one itself; apply waits until Frame.io reports the upload complete.
resource "frameio_file" "trailer" {
  folder_id  = frameio_folder.delivery.id
  name       = "trailer_v2.mp4"
  source_url = var.trailer_url
}

output "project" {
  value = "${data.frameio_project.film.name} (${data.frameio_project.film.id})"
}

locals {
  all_files = merge(frameio_file.deliverable, { (frameio_file.trailer.name) = frameio_file.trailer })
}

output "files" {
  description = "Every uploaded file by name: id, size in bytes, media type and web page."
  value = { for f in values(local.all_files) : f.name => {
    id         = f.id
    bytes      = f.file_size
    media_type = f.media_type
    view_url   = f.view_url
  } }
}

output "table" {
  description = "The same, one line per file, for humans: terraform output -raw table."
  value = join("\n", [for f in values(local.all_files) :
    format("%-20s %11d B  %-24s  %s  %s", f.name, f.file_size, f.media_type, f.id, f.view_url)
  ])
}

# The delivery ends with a review link for the client: a secure share of every file, for the invited
# reviewer only, that stops working at review_expiration. Adding or removing a file changes the share in
# place; the link stays the same.
variable "review_expiration" {
  description = "When the review link stops working (RFC 3339, in the future); empty: it does not expire."
  type        = string
  default     = ""
}

resource "frameio_share" "client" {
  project_id = data.frameio_project.film.id
  name       = "${data.frameio_project.film.name}: delivery ${local.delivery}"
  access     = "secure"
  asset_ids  = [for f in local.all_files : f.id]
  expiration = var.review_expiration != "" ? var.review_expiration : null
  reviewers  = ["client@example.com"]
  message    = "The ${local.delivery} delivery is ready for your review."
}

output "review_link" {
  description = "The link to send to the client."
  value       = frameio_share.client.short_url
}

output "local_bytes" {
  description = "Bytes the provider uploaded from local files."
  value       = sum([for f in frameio_file.deliverable : f.file_size])
}
