data "frameio_project" "film" {
  name = "Feature Film"
}

# A folder made in the web app, found by its path of names under the project's root folder.
data "frameio_folder" "reel1" {
  project_id = data.frameio_project.film.id
  path       = "Deliverables/2026-11/Reel 1"
}

resource "frameio_file" "cut" {
  folder_id = data.frameio_folder.reel1.id
  source    = "${path.module}/out/reel1_v3.mov"
}

# Or by id.
data "frameio_folder" "inbox" {
  id = "9a1f2e3d-4c5b-4a69-8877-66554433aa10"
}
