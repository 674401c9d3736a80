# Look a metadata field up by name: one made in the web app, or a system field.
data "frameio_metadata_field" "status" {
  name = "Status"
}

# Or by id.
data "frameio_metadata_field" "by_id" {
  id = "3eccd30e-5b7b-48f9-b122-78bfe69ff900"
}

output "status_options" {
  value = data.frameio_metadata_field.status.option_ids
}
