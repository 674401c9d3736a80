data "frameio_folder" "music" {
  project_id = "6f1f2b0e-0000-4000-8000-0000000000b1"
  path       = "Sound/Music"
}

# A file someone uploaded in the web app, by its name in a folder. A file in a version stack is found
# by the name of the stack's newest version.
data "frameio_file" "score" {
  folder_id = data.frameio_folder.music.id
  name      = "score_final.wav"
}

output "score" {
  value = {
    id               = data.frameio_file.score.id
    bytes            = data.frameio_file.score.file_size
    status           = data.frameio_file.score.status
    version_stack_id = data.frameio_file.score.version_stack_id
  }
}

# Metadata values set in the web app, by field name ("Approved" for a select field's option). A field
# without a value is not in the map: lookup() gives a default.
output "score_status" {
  value = lookup(data.frameio_file.score.metadata, "Status", "not reviewed")
}
