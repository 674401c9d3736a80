# The account's metadata fields, as code: files of every project can then carry their values.
resource "frameio_metadata_field" "stage" {
  name       = "Stage"
  field_type = "select"
  options    = ["Draft", "Client review", "Final"]
}

resource "frameio_metadata_field" "tags" {
  name       = "Tags"
  field_type = "select_multi"
  options    = ["b-roll", "interview", "drone"]
}

resource "frameio_metadata_field" "duration_seconds" {
  name       = "Duration (s)"
  field_type = "number"
  scale      = 2
}

resource "frameio_metadata_field" "approved" {
  name       = "Approved"
  field_type = "toggle"
}

# Frame.io names options by id: option_ids maps each option's name to it.
output "final_option_id" {
  value = frameio_metadata_field.stage.option_ids["Final"]
}
