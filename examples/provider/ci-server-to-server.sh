# Server-to-server (OAuth client credentials). The provider asks Adobe IMS for an access token on its
# first Frame.io call and renews it before it expires, however long the run: no token step in the job.
# The configuration has `provider "frameio" {}`; the job's environment, from its secret store, has:
export FRAMEIO_CLIENT_ID="<Client ID of the OAuth Server-to-Server credential>"
export FRAMEIO_CLIENT_SECRET="<one of its Client Secrets>"
export FRAMEIO_ACCOUNT_ID="6f1f2b0e-0000-4000-8000-00000000acc1"
# Optional: FRAMEIO_SCOPES (default openid,AdobeID,frame.s2s.all), FRAMEIO_IMS_URL.

terraform plan -out=tfplan
terraform apply tfplan # gets a fresh token too: an approved plan can wait days for its apply
