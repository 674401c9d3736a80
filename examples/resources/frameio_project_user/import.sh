# Adopt a membership made in the web app: <project_id>/<user_id>. The user's id is the id output of a
# frameio_user data source (looked up by email); role in the configuration must match, or the next
# apply changes it.
terraform import 'frameio_project_user.team["ana@example.com"]' 2ed0a900-1a49-4470-9aa6-d663a6449a04/8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f
