# A public link to a whole folder (files added to it later show in the link too), protected by a
# passphrase kept out of the configuration.

variable "screening_passphrase" {
  type      = string
  sensitive = true
}

resource "frameio_share" "screening" {
  project_id = data.frameio_project.film.id
  name       = "Festival screener"
  access     = "public"
  asset_ids  = [frameio_folder.delivery.id]
  passphrase = var.screening_passphrase
}

output "screening_link" {
  value = frameio_share.screening.short_url
}
