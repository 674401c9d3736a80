# Look a user of the account up by email (case does not matter), e.g. to add them to a project.
data "frameio_user" "ana" {
  email = "ana@example.com"
}

output "ana" {
  value = {
    id   = data.frameio_user.ana.id
    name = data.frameio_user.ana.name
  }
}
