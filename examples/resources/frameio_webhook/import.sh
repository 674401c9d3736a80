# Adopt a webhook made in the web app by <workspace_id>/<webhook_id>. Frame.io never shows a webhook's
# secret again, so after the import secret is null: replace the webhook
# (terraform apply -replace=frameio_webhook.pipeline) when the receiver needs a secret Terraform knows.
terraform import frameio_webhook.pipeline 6c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e/0f9e8d7c-6b5a-4321-8fed-cba987654321
