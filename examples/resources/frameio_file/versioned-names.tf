variable "delivery_folder_id" {
  description = "The Frame.io folder that receives the deliverables."
  type        = string
}

# Post-production names carry the version: feature_v3.mov becomes feature_v4.mov. Key each deliverable
# by its slot, the file name without the version ("feature.mov"), and take `name` from the file: a new cut
# is then the same resource with new content and a new name, uploaded as a new version on top of the old
# one in its version stack, and the reviewers' comments on v3 stay. Keyed by the file name itself
# (for_each = fileset(...)), a new cut would be a new resource: v3 deleted, v4 created on its own.
# Keep one cut per slot in the folder: two (feature_v3.mov and feature_v4.mov) are a duplicate key error.
resource "frameio_file" "deliverable" {
  for_each = {
    for f in fileset("${path.module}/deliverables", "*") : replace(basename(f), "/_v[0-9]+/", "") => f
  }

  folder_id = var.delivery_folder_id
  name      = basename(each.value)
  source    = "${path.module}/deliverables/${each.value}"
}

# Coming from for_each = fileset(...), whose keys were the file names: move each instance to its slot in
# the same change, so that nothing is destroyed. A moved block whose `from` is not in the state does
# nothing; remove the blocks once every state has been applied with them.
moved {
  from = frameio_file.deliverable["feature_v3.mov"]
  to   = frameio_file.deliverable["feature.mov"]
}
