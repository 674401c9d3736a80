# Adopt a field made in the web app, by its field definition id (the frameio_metadata_field data source
# shows it). name, field_type and options in the configuration must match, or the next apply changes it.
terraform import frameio_metadata_field.stage 3eccd30e-5b7b-48f9-b122-78bfe69ff900
