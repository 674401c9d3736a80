# Adopt a project that is already in Frame.io, by its project id (in the project's URL in the web app).
# workspace_id and name in the configuration must match it; force_destroy is false after an import.
terraform import frameio_project.film 2ed0a900-1a49-4470-9aa6-d663a6449a04
