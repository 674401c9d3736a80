# Look a project up by id (it is in the project's URL in the Frame.io web app), most often to upload
# into its root folder.
data "frameio_project" "film" {
  id = "6f1f2b0e-0000-4000-8000-0000000000b1"
}

output "upload_folder" {
  value = data.frameio_project.film.root_folder_id
}
