data "frameio_project" "film" {
  name = "Feature Film"
}

# Deliverables/2026-11/Reel 1 .. Reel 3, created in one apply: each level waits for its parent.
resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = data.frameio_project.film.root_folder_id
}

resource "frameio_folder" "month" {
  name      = "2026-11"
  parent_id = frameio_folder.deliverables.id
}

resource "frameio_folder" "reel" {
  for_each = toset(["Reel 1", "Reel 2", "Reel 3"])

  name      = each.key
  parent_id = frameio_folder.month.id
}

# A folder that others fill in the web app: destroy deletes it with whatever is in it.
resource "frameio_folder" "inbox" {
  name          = "Inbox"
  parent_id     = data.frameio_project.film.root_folder_id
  force_destroy = true
}
