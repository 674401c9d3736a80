# The accounts the credentials can see, e.g. to find the account_id to configure.
data "frameio_accounts" "all" {}

output "accounts" {
  value = { for a in data.frameio_accounts.all.accounts : a.display_name => a.id }
}
