// Package validators holds the provider's own attribute validators, for rules that the
// terraform-plugin-framework-validators module does not express. Each one skips null and unknown values:
// whether an attribute is required, and values known only after apply, are other checks' business.
package validators
