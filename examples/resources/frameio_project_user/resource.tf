variable "project_id" {
  type = string
}

# Who is on the project, and as what: one frameio_project_user per person, found by email.
locals {
  team = {
    "ana@example.com" = "full_access"
    "bo@example.com"  = "editor"
    "cy@example.com"  = "commenter"
  }
}

data "frameio_user" "team" {
  for_each = local.team
  email    = each.key
}

resource "frameio_project_user" "team" {
  for_each = local.team

  project_id = var.project_id
  user_id    = data.frameio_user.team[each.key].id
  role       = each.value
}
