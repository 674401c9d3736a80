# Adopt a webhook made in the web app by its id. Frame.io never shows a webhook's secret again, so after
# the import secret is null: replace the webhook (terraform apply -replace=frameio_webhook.pipeline) when
# the receiver needs a secret Terraform knows.
terraform import frameio_webhook.pipeline 0f9e8d7c-6b5a-4321-8fed-cba987654321
