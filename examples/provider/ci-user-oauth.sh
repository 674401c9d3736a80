# User OAuth (refresh token), for accounts not administered in the Adobe Admin Console: a user signs in
# once (authorization code with the offline_access scope) and the job keeps the refresh token. The
# provider renews access tokens with the refresh-token grant at the same IMS endpoint.
export FRAMEIO_CLIENT_ID="<Client ID of the OAuth Web App credential>"
export FRAMEIO_CLIENT_SECRET="<its Client Secret>"
export FRAMEIO_REFRESH_TOKEN="<the user's refresh token>"
export FRAMEIO_ACCOUNT_ID="6f1f2b0e-0000-4000-8000-00000000acc1"

terraform apply -auto-approve