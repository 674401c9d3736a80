# Metadata on files: values of the account's metadata fields, by field name, as strings. A field made
# in the same configuration can be used at once: the plan checks each value against the field as
# planned (an unknown option, a number with too many decimals, a name the account does not have are
# errors at plan time).
resource "frameio_metadata_field" "stage" {
  name       = "Stage"
  field_type = "select"
  options    = ["Draft", "Client review", "Final"]
}

resource "frameio_file" "reel" {
  for_each = fileset("${path.module}/reels", "*.mov")

  folder_id = var.folder_id
  source    = "${path.module}/reels/${each.value}"
  metadata = {
    (frameio_metadata_field.stage.name) = "Client review"
    Reel                                = "3"                 # a number field made in the web app
    Tags                                = "b-roll, interview" # a multi-select: names separated by commas
  }
}

variable "folder_id" {
  type = string
}
