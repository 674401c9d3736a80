data "frameio_workspace" "post" {
  name = "Post Production"
}

# A project per film, with its delivery folders: the folders depend on the project (root_folder_id),
# so Terraform creates them after it and destroys them before it.
resource "frameio_project" "film" {
  workspace_id = data.frameio_workspace.post.id
  name         = "Feature Film"
  restricted   = true # only the people added to it see it
}

resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = frameio_project.film.root_folder_id
}

# A finished project, kept but set aside.
resource "frameio_project" "archive" {
  workspace_id = data.frameio_workspace.post.id
  name         = "Teaser 2025"
  status       = "inactive"
}
