package provider

import (
	"os"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small conversions between framework values and Go values, shared by the provider and its resources.

// setIfUnknown sets v to s when the plan left it unknown. A known planned value is kept: Terraform
// requires the applied state to match it.
func setIfUnknown(v *types.String, s string) {
	if v.IsUnknown() {
		*v = types.StringValue(s)
	}
}

// setInt64IfUnknown is setIfUnknown for an Int64.
func setInt64IfUnknown(v *types.Int64, n int64) {
	if v.IsUnknown() {
		*v = types.Int64Value(n)
	}
}

// nullIfUnknown turns an unknown into null, for a computed value that an operation could not learn.
func nullIfUnknown(v *types.String) {
	if v.IsUnknown() {
		*v = types.StringNull()
	}
}

// stringOrEnv is the configured value, or the environment variable env when it is null or empty.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// int64OrDefault is the configured value, or def when it is null or unknown.
func int64OrDefault(v types.Int64, def int) int {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return int(v.ValueInt64())
}
