# Tell the post-production pipeline when a file is ready to review and when a client comments, and hand
# it the secret that signs Frame.io's requests.

data "frameio_workspace" "post" {
  name = "Post-production"
}

resource "frameio_webhook" "pipeline" {
  workspace_id = data.frameio_workspace.post.id
  name         = "Pipeline: files and comments"
  url          = "https://pipeline.example.com/frameio/events"
  events = [
    "file.ready",
    "file.versioned",
    "comment.created",
  ]
}

# Frame.io shows the secret once, when the webhook is created: Terraform keeps it in the state. Pass it
# on as a sensitive value (here an output; a secret store's resource works the same way).
output "webhook_secret" {
  value     = frameio_webhook.pipeline.secret
  sensitive = true
}
