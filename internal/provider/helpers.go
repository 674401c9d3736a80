package provider

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small conversions between framework values and Go values, shared by the provider and its resources.

// setIfUnset sets v to s, the value the server reported, unless the plan or the configuration already
// holds one: Terraform requires the applied state to match a known planned value, and a data source's
// lookup key to come back exactly as written. Unknown (a computed value the plan left open) and null (an
// optional data-source argument not set) are what it fills. Resources call it only on computed
// attributes, which a plan never leaves null when Create or Update runs.
func setIfUnset(v *types.String, s string) {
	if v.IsNull() || v.IsUnknown() {
		*v = types.StringValue(s)
	}
}

// setInt64IfUnset is setIfUnset for an Int64.
func setInt64IfUnset(v *types.Int64, n int64) {
	if v.IsNull() || v.IsUnknown() {
		*v = types.Int64Value(n)
	}
}

// nullIfUnknown turns an unknown into null, for a computed value that an operation could not learn.
func nullIfUnknown(v *types.String) {
	if v.IsUnknown() {
		*v = types.StringNull()
	}
}

// setting is a value from the provider block (attribute attr), else from its environment variable env,
// with where it came from (attr, env, or "" when neither is set) for messages. An empty string counts as
// unset in both places.
func setting(v types.String, attr, env string) (value, origin string) {
	if s := v.ValueString(); s != "" {
		return s, attr
	}
	if s := os.Getenv(env); s != "" {
		return s, env
	}
	return "", ""
}

// int64OrDefault is the configured value, or def when it is null or unknown.
func int64OrDefault(v types.Int64, def int) int {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return int(v.ValueInt64())
}

// maxListed caps how many candidates an error message names, so that a token seeing hundreds of
// accounts or a folder holding thousands of files still gives a readable message.
const maxListed = 10

// listed names the first maxListed items, separated by commas, and says how many more there are:
// `"a" (folder), "b" (file), and 3 more`.
func listed[T any](items []T, name func(T) string) string {
	names := make([]string, 0, min(len(items), maxListed))
	for _, it := range items[:min(len(items), maxListed)] {
		names = append(names, name(it))
	}
	s := strings.Join(names, ", ")
	if len(items) > maxListed {
		s += fmt.Sprintf(", and %d more", len(items)-maxListed)
	}
	return s
}
