# A token obtained elsewhere. It cannot be renewed: it must outlive the whole run, plan and apply
# (server-to-server tokens last 24 hours). Prefer client credentials, which need no such step.
export FRAMEIO_TOKEN="$(curl -sf https://ims-na1.adobelogin.com/ims/token/v3 \
  -d grant_type=client_credentials -d scope=openid,AdobeID,frame.s2s.all \
  --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET" |
  jq -r .access_token)"
export FRAMEIO_ACCOUNT_ID="6f1f2b0e-0000-4000-8000-00000000acc1"

terraform apply -auto-approve
