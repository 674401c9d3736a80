data "frameio_workspace" "marketing" {
  name = "Marketing"
}

# Two projects in different workspaces may share a name: narrow the lookup to one workspace.
data "frameio_project" "trailer" {
  name         = "Trailer"
  workspace_id = data.frameio_workspace.marketing.id
}
