#!/usr/bin/env bash
# build-terraform.sh VERSION OUTPUT: build the Terraform CLI release VERSION (e.g. v1.13.3) into OUTPUT from
# its Go module source, which is all the Go module proxy provides (no download site is reachable in CI).
#
# Terraform v1.6 and later keep nine remote-state backends (azurerm, consul, cos, gcs, kubernetes, oci,
# oss, pg, s3) and their shared "legacy" helpers in Go modules of their own that are never published:
# the main go.mod points at their folders with replace directives, and the module the proxy serves leaves
# nested modules out. So neither `go install` nor a build of the module as downloaded works. This builds a
# copy of the module with those backends left out of the backend table: everything else (configuration,
# plan, apply, state on local disk, the plugin protocol, `terraform fmt` and `validate`) is the release's
# own code. A configuration with `backend "s3"` (or another of the nine) gets "Unsupported backend type";
# the acceptance tests use local state. The version it reports is the release's (no -dev suffix).
set -euo pipefail

version=${1:?usage: build-terraform.sh VERSION OUTPUT}
out=${2:?usage: build-terraform.sh VERSION OUTPUT}
module=github.com/hashicorp/terraform

src=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "could not download the Terraform $version source from the Go module proxy" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/terraform-src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work"
chmod -R u+w "$work"
cd "$work"

# The nested modules: replace directives that point into the module's own folders.
nested=$(sed -n "s|^replace \($module/[^ ]*\) => \./.*|\1|p" go.mod)
if [ -n "$nested" ]; then
	edits=()
	for m in $nested; do edits+=("-dropreplace=$m" "-droprequire=$m"); done
	go mod edit "${edits[@]}"
	# Drop each backend's import and its entry in the backend table, by the import's alias.
	table=internal/backend/init/init.go
	for m in $nested; do
		alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$m\"\$|\1|p" "$table")
		[ -n "$alias" ] || continue
		sed -i.bak -e "\|\"$m\"\$|d" -e "/[[:space:]]$alias\.New(/d" "$table"
	done
	rm -f "$table.bak"
	# Nothing else may import them, or the build below would fetch what the proxy does not have.
	for m in $nested; do
		if grep -rl --include='*.go' --exclude='*_test.go' "\"$m[/\"]" . >/dev/null; then
			echo "Terraform $version imports $m outside $table: this script needs updating" >&2
			exit 1
		fi
	done
	echo "Building Terraform $version without its unpublished modules:" $(printf '%s\n' $nested | sed 's|.*/||')
fi

# version.dev=no is what Terraform's release builds set: without it the CLI calls itself "-dev".
GOFLAGS=-mod=mod go build -trimpath -ldflags "-X $module/version.dev=no" -o "$out" .
"$out" version
