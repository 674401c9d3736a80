# Look a project up by name (within the account, or within workspace_id), most often to upload into
# its root folder.
data "frameio_project" "film" {
  name = "Feature Film"
}

# Or by id (it is in the project's URL in the Frame.io web app).
data "frameio_project" "by_id" {
  id = "6f1f2b0e-0000-4000-8000-0000000000b1"
}

output "upload_folder" {
  value = data.frameio_project.film.root_folder_id
}
