terraform {
  required_providers {
    frameio = {
      source = "frameio/frameio"
    }
  }
}

# Credentials are best left out of the configuration: set FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET
# (or FRAMEIO_TOKEN) in the environment, e.g. from your CI's secret store. See "Authentication" below.
provider "frameio" {
  # Optional when the credentials see one account; required (the error lists them) when they see several.
  account_id = "6f1f2b0e-0000-4000-8000-00000000acc1"

  # Optional tuning: parts in flight across all uploads, and retries of failed API calls and parts.
  upload_concurrency = 16
  max_retries        = 5
}
