#!/usr/bin/env bash
# `make demo`: upload a small film delivery (about 255 MB) with the provider you just built, through a real
# Terraform CLI, to the local Frame.io emulator. Nothing leaves this machine and no registry is contacted.
# `make demo-clean`: remove what the demo generated.
#
# Inputs (the GNUmakefile sets them): TERRAFORM (Terraform CLI), PROVIDER_DIR (directory holding the
# terraform-provider-frameio binary), EMULATOR (frameio-emulator binary).
# Knobs: DEMO_FEATURE_MB (size of the big file, default 200), DEMO_BANDWIDTH (bytes/s cap per part
# connection in the emulator, default 0 = unlimited; e.g. 5000000 to watch progress on a slow link).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO=$ROOT/examples/demo      # the Terraform configuration (main.tf)
WORK=$DEMO/.demo              # state, logs, CLI config: git-ignored, recreated on every run
FILES=$DEMO/deliverables      # generated deliverables: git-ignored, kept between runs
SERVED=$FILES/remote          # served by the emulator under /files/, the source of the remote upload
TERRAFORM=${TERRAFORM:-$ROOT/bin/terraform}
PROVIDER_DIR=${PROVIDER_DIR:-$ROOT/bin}
EMULATOR=${EMULATOR:-$ROOT/bin/frameio-emulator}
FEATURE_MB=${DEMO_FEATURE_MB:-200}
BANDWIDTH=${DEMO_BANDWIDTH:-0}

# The emulator's account and project; passed to it explicitly so they cannot drift from what we export.
TOKEN=demo-token-not-a-secret
ACCOUNT_ID=6f1f2b0e-0000-4000-8000-00000000acc1
PROJECT_ID=6f1f2b0e-0000-4000-8000-0000000000b1

if [ -t 1 ]; then B=$'\e[1m' D=$'\e[2m' G=$'\e[32m' R=$'\e[31m' N=$'\e[0m'; else B='' D='' G='' R='' N=''; fi
step() { printf '\n%s==> %s%s\n' "$B" "$*" "$N"; }
die() { printf '%sdemo failed: %s%s\n' "$R" "$*" "$N" >&2; exit 1; }
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi; }

if [ "${1:-}" = clean ]; then
	# The emulator keeps everything in memory and stops when the demo ends, so the files the demo state
	# points at are already gone: there is nothing to destroy remotely. Remove the local leftovers.
	rm -rf "$WORK" "$FILES"
	echo "Removed examples/demo/.demo/ (state, logs) and examples/demo/deliverables/ (generated files)."
	echo "Nothing to destroy in Frame.io: the demo only ever talks to the in-memory emulator, gone when the demo ended."
	exit 0
fi

for bin in "$TERRAFORM" "$PROVIDER_DIR/terraform-provider-frameio" "$EMULATOR"; do
	[ -x "$bin" ] || die "$bin is missing; run 'make demo' from the repository root (it builds everything)"
done

# --- generated deliverables --------------------------------------------------------------------------
# Random bytes with media file names: the provider does not care what is inside, and random data does
# not compress, so the numbers are honest.
gen() { # gen FILE BYTES
	if [ -f "$1" ] && [ "$(wc -c <"$1" | tr -d ' ')" = "$2" ]; then return 0; fi
	GENERATED=1
	printf '  %-36s %11s bytes\n' "${1#"$DEMO"/}" "$2"
	head -c "$2" /dev/urandom >"$1.tmp" && mv "$1.tmp" "$1"
}
subtitles() { # subtitles FILE LANG: a real SubRip file, 600 cues
	if [ -s "$1" ]; then return 0; fi
	GENERATED=1
	printf '  %-36s %11s\n' "${1#"$DEMO"/}" "(text)"
	awk -v lang="$2" 'BEGIN { for (i = 1; i <= 600; i++) {
		s = i * 4; e = s + 3
		printf "%d\n%02d:%02d:%02d,000 --> %02d:%02d:%02d,500\n[%s] Line %d of the feature, v3.\n\n", i,
			int(s / 3600), int(s % 3600 / 60), s % 60, int(e / 3600), int(e % 3600 / 60), e % 60, lang, i } }' >"$1"
}

step "Preparing the deliverables in examples/demo/deliverables/ (generated once, reused afterwards)"
mkdir -p "$FILES" "$SERVED"
# The new cut belongs to the end of the demo only: left over by an interrupted run, it would share its
# slot with credits_v3.pdf (a duplicate key) in the first apply.
rm -f "$FILES/credits_v4.pdf"
t0=$(now)
GENERATED=0
gen "$FILES/feature_v3.mov" $((FEATURE_MB * 1000 * 1000))
gen "$FILES/stems_5.1_v3.wav" 24000000
gen "$FILES/credits_v3.pdf" 1200000
subtitles "$FILES/subtitles_en.srt" en
subtitles "$FILES/subtitles_fr.srt" fr
gen "$SERVED/trailer_v2.mp4" 30000000
if [ "$GENERATED" = 0 ]; then echo "  all there from an earlier run, reused"; else echo "  generated in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"; fi

# --- emulator ----------------------------------------------------------------------------------------
# Fresh state every run: the emulator is in-memory, so state from an earlier run would point at files
# that no longer exist (Terraform would drop them on refresh and upload again anyway).
rm -rf "$WORK"
mkdir -p "$WORK"
STORAGE=$(mktemp -d "${TMPDIR:-/tmp}/frameio-demo.XXXXXX")
EMU_PID=
cleanup() {
	trap - EXIT INT TERM
	# Put the deliverables back as the next run expects them (the new cut step swaps credits_v3.pdf out).
	if [ -f "$WORK/credits_v3.pdf" ]; then
		mv "$WORK/credits_v3.pdf" "$FILES/credits_v3.pdf"
		rm -f "$FILES/credits_v4.pdf"
	fi
	if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
		kill -TERM "$EMU_PID" 2>/dev/null || true
		wait "$EMU_PID" 2>/dev/null || true
	fi
	rm -rf "$STORAGE"
}
trap cleanup EXIT
trap 'echo; echo "demo interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

step "Starting the Frame.io emulator (in-memory API, uploaded bytes in a temporary directory)"
# set -m puts it in its own process group, so Ctrl-C reaches Terraform but not the emulator: Terraform
# stops gracefully and the provider can still delete half-uploaded files; cleanup stops the emulator.
# -allow-private-remote-urls: the trailer's source_url is the emulator's own 127.0.0.1 address, which
# the real Frame.io (fetching from the internet) could never reach, so the emulator refuses it otherwise.
set -m
"$EMULATOR" -addr 127.0.0.1:0 -storage-dir "$STORAGE" -serve-dir "$SERVED" -allow-private-remote-urls -bandwidth "$BANDWIDTH" \
	-token "$TOKEN" -account-id "$ACCOUNT_ID" -project-id "$PROJECT_ID" -project-name "Feature Film (demo)" \
	>"$WORK/emulator.out" 2>"$WORK/emulator.log" &
EMU_PID=$!
set +m
BASE_URL=
for _ in $(seq 1 100); do
	BASE_URL=$(sed -n 's/^frameio-emulator listening on //p' "$WORK/emulator.out")
	[ -n "$BASE_URL" ] && break
	kill -0 "$EMU_PID" 2>/dev/null || { cat "$WORK/emulator.log" >&2; die "the emulator did not start"; }
	sleep 0.1
done
[ -n "$BASE_URL" ] || die "the emulator printed no URL within 10 s (see $WORK/emulator.log)"
echo "  $BASE_URL (pid $EMU_PID); serving deliverables/remote/ at $BASE_URL/files/"
if [ "$BANDWIDTH" != 0 ]; then echo "  simulated link: each part connection capped at $BANDWIDTH bytes/s"; fi

# --- Terraform environment ---------------------------------------------------------------------------
# dev_overrides makes Terraform use the provider binary we just built, without `terraform init` and
# without contacting any registry. Terraform warns about it on every command: expected here.
cat >"$WORK/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "frameio/frameio" = "$PROVIDER_DIR"
  }
  direct {}
}
EOF
unset TF_LOG TF_LOG_CORE TF_LOG_PATH TF_LOG_PROVIDER_FRAMEIO TF_LOG_PROVIDER_FRAMEIO_UPLOAD
export TF_CLI_CONFIG_FILE=$WORK/terraformrc TF_DATA_DIR=$WORK/terraform.d TF_IN_AUTOMATION=1 TF_INPUT=0
export CHECKPOINT_DISABLE=1
export FRAMEIO_BASE_URL=$BASE_URL FRAMEIO_TOKEN=$TOKEN FRAMEIO_ACCOUNT_ID=$ACCOUNT_ID
STATE=$WORK/terraform.tfstate
tf() { "$TERRAFORM" -chdir="$DEMO" "$@"; }
# The review link expires in 30 days; fixed once here so that the second plan sees the same value.
EXPIRES=$(date -u -d '+30 days' '+%Y-%m-%dT%H:%M:%SZ' 2>/dev/null || date -u -v+30d '+%Y-%m-%dT%H:%M:%SZ')
VARS=(-state="$STATE" -var "project_id=$PROJECT_ID" -var "trailer_url=$BASE_URL/files/trailer_v2.mp4"
	-var "review_expiration=$EXPIRES")

# Terraform's output and the provider's INFO log lines (on stderr) arrive in one stream; this keeps the
# plan summary, the resource progress and the provider's upload lines, and drops the rest. The full,
# unfiltered output is in .demo/apply.txt.
# shellcheck disable=SC2016 # an awk program: its $ are awk's
FILTER='
function field(k,   i, s) {
	i = index($0, " " k "="); if (i == 0) return ""
	s = substr($0, i + length(k) + 2)
	if (substr(s, 1, 1) == "\"") { s = substr(s, 2); return substr(s, 1, index(s, "\"") - 1) }
	i = index(s, " "); return i ? substr(s, 1, i - 1) : s
}
function mb(x) { x += 0; return x >= 1e6 ? sprintf("%.1f MB", x / 1e6) : sprintf("%.1f kB", x / 1e3) }
# Blank lines are held back and printed (once) only before the next non-blank line.
function out(s) { if (s == "") { pending = started; return } if (pending) print ""; pending = 0; started = 1; print s; fflush() }
# A log value with line breaks continues on the next lines, inside an unclosed quote: skip those lines.
function unclosed(s) { gsub(/\\"/, "", s); return gsub(/"/, "", s) % 2 }
cont { if (unclosed($0)) cont = 0; next }
/^[0-9T:.-]+Z \[(TRACE|DEBUG|INFO|WARN|ERROR)\]/ {
	if (unclosed($0)) cont = 1
	if (index($0, "provider.terraform-provider-frameio: ") == 0) next
	msg = substr($0, index($0, "frameio: ") + 9); i = index(msg, ": "); if (i) msg = substr(msg, 1, i - 1)
	name = field("name"); id = field("file_id"); if (name != "" && id != "") names[id] = name
	if (msg == "upload started" && name != "")
		out(sprintf("   %s↑ %-20s started: %s in %d part(s), up to %d parts in flight%s", D, name, mb(field("size")), field("parts"), field("concurrency"), N))
	else if (msg == "upload progress" && field("percent") != "100.0")
		out(sprintf("   %s↑ %-20s %5s%%  %s / %s  parts %s  %s MB/s%s%s", D, name, field("percent"), mb(field("bytes")), mb(field("total")), field("parts"), field("mb_per_s"), field("eta") == "" ? "" : "  eta " field("eta"), N))
	else if (msg == "upload finished" && name != "")
		out(sprintf("   %s↑ %-20s 100.0%%  %s in %.2f s, %.1f MB/s%s", D, name, mb(field("bytes")), field("seconds"), field("mb_per_s"), N))
	else if (msg == "remote upload started")
		out(sprintf("   %s↓ %-20s remote upload: Frame.io fetches it from source_url%s", D, name, N))
	else if (msg == "upload status" && field("state") != "uploading")
		out(sprintf("   %s✓ %-20s Frame.io reports %s%s", D, names[id], field("state"), N))
	else if (msg == "share created")
		out(sprintf("   %s⇢ review link created: %s share of %d files%s", D, field("access"), field("assets"), N))
	else if ($0 ~ /\[(WARN|ERROR)\]/ && field("@module") ~ /^frameio/)
		out(sprintf("   ! %s %s", msg, field("error")))
	next
}
/^Terraform will perform the following actions:/ { out(""); out($0); body = 1; next }
body && /^Plan: / { out($0); out(""); body = 0; outputs = 1; next }
body { if ($0 ~ /^  # /) out($0); next }
outputs && ($0 == "" || $0 ~ /^Changes to Outputs:/ || $0 ~ /^ /) { next }
{ outputs = 0 }
/^Outputs:/ { hide = 1 }
hide { next }
/^Terraform used the selected providers/ || /^plan\. Resource actions/ || /^  \+ create/ { next }
/: Refreshing state\.\.\. \[id=/ { next }
{ out($0) }
'
# Ctrl-C reaches the whole pipeline: the filter ignores it so Terraform can stop gracefully and report.
filter() { (trap '' INT; tee "$1" | awk -v D="$D" -v N="$N" "$FILTER"); }

# --- apply ---------------------------------------------------------------------------------------------
step "terraform apply: 5 local uploads (chunked, parallel), 1 remote upload, then a review link"
echo "  ${D}Indented lines are the provider's INFO log (TF_LOG_PROVIDER=INFO). The dev_overrides warning is expected.${N}"
t0=$(now)
set +e
TF_LOG_PROVIDER=INFO tf apply -auto-approve -no-color -compact-warnings "${VARS[@]}" 2>&1 | filter "$WORK/apply.txt"
rc=${PIPESTATUS[0]}
set -e
t1=$(now)
[ "$rc" = 0 ] || die "terraform apply exited with $rc (full output: examples/demo/.demo/apply.txt)"

step "Outputs (terraform output -raw table)"
tf output -state="$STATE" -raw project
echo
tf output -state="$STATE" -raw delivery_folder
echo
tf output -state="$STATE" -raw table
echo

# --- second plan: nothing to do ----------------------------------------------------------------------
step "terraform plan -detailed-exitcode: the uploaded files must show no changes"
set +e
tf plan -detailed-exitcode -no-color -compact-warnings "${VARS[@]}" >"$WORK/plan.txt" 2>&1
prc=$?
set -e
case $prc in
0) grep -E '^No changes\.' "$WORK/plan.txt" | sed "s/^/  $G/;s/\$/$N/" ;;
2) cat "$WORK/plan.txt"; die "the plan after apply is not empty (exit code 2): the provider would change something" ;;
*) cat "$WORK/plan.txt"; die "terraform plan failed (exit code $prc)" ;;
esac

# --- summary -----------------------------------------------------------------------------------------
LOCAL_BYTES=$(tf output -state="$STATE" -raw local_bytes)
REMOTE_BYTES=$(wc -c <"$SERVED/trailer_v2.mp4" | tr -d ' ')
NFILES=$(find "$FILES" -maxdepth 1 -type f | wc -l | tr -d ' ')
step "Summary"
awk -v bytes="$LOCAL_BYTES" -v n="$NFILES" -v a="$t0" -v b="$t1" -v remote="$REMOTE_BYTES" -v G="$G" -v N="$N" 'BEGIN {
	s = b - a; if (s <= 0) s = 1
	printf "%sUploaded %d local files, %d bytes (%.1f MB), in %.1f s of terraform apply: %.1f MB/s end to end%s\n",
		G, n, bytes, bytes / 1e6, s, bytes / 1e6 / s, N
	printf "(all of it: plan, upload with hashing, waiting for Frame.io to report upload_complete; plus 1 remote upload of %.1f MB fetched by the emulator)\n", remote / 1e6
}'
# Transfer span: from the first "upload started" to the last "upload finished" in the provider's log.
awk -v G="$G" -v N="$N" '
function ts(s,   hms) { split(substr(s, 12, 12), hms, ":"); return hms[1] * 3600 + hms[2] * 60 + hms[3] }
/provider\.terraform-provider-frameio: upload (started|finished): / && / name=/ {
	t = ts($1); if (first == "" || t < first) first = t; if (t > last) last = t
	if (/upload finished/) { i = index($0, " bytes="); bytes += substr($0, i + 7) + 0 }
}
END { if (bytes > 0 && last > first) printf "%sTransfer: %.1f MB sent in %.2f s (first part started to last part acknowledged): %.1f MB/s%s\n", G, bytes / 1e6, last - first, bytes / 1e6 / (last - first), N }
' "$WORK/apply.txt"
echo "State and logs: examples/demo/.demo/ (apply.txt has the full output). 'make demo-clean' removes them and the deliverables."

# --- a new cut: a new version on the same stack, not a new file ---------------------------------------
# The configuration keys each file by its slot, the name without the version ("credits.pdf"), so the next
# cut is the same resource with new content and a new name: an update in place that stacks the new file on
# top of the old one. Nothing is destroyed, the comments on v3 stay, the review link stays the same.
step "A new cut: credits_v4.pdf replaces credits_v3.pdf in deliverables/, then terraform apply"
mv "$FILES/credits_v3.pdf" "$WORK/credits_v3.pdf" # put back when the demo ends
gen "$FILES/credits_v4.pdf" 1300000
set +e
TF_LOG_PROVIDER=INFO tf apply -auto-approve -no-color -compact-warnings "${VARS[@]}" 2>&1 | filter "$WORK/apply-v4.txt"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "terraform apply of the new cut exited with $rc (full output: examples/demo/.demo/apply-v4.txt)"
grep -q 'Resources: 0 added, 2 changed, 0 destroyed' "$WORK/apply-v4.txt" ||
	die "the new cut should change the credits and the share in place, destroying nothing (see examples/demo/.demo/apply-v4.txt)"
CREDITS='frameio_file.deliverable["credits.pdf"]'
tf state show -no-color -state="$STATE" "$CREDITS" >"$WORK/credits.txt"
field() { sed -n "s/^ *$1 *= *//p" "$WORK/credits.txt" | tr -d '"'; }
printf '  %s%s: %s is version %s in version stack %s, on top of credits_v3.pdf%s\n' "$G" "$CREDITS" \
	"$(field name)" "$(field version_number)" "$(field version_stack_id)" "$N"
set +e
tf plan -detailed-exitcode -no-color -compact-warnings "${VARS[@]}" >"$WORK/plan-v4.txt" 2>&1
prc=$?
set -e
[ "$prc" = 0 ] || { cat "$WORK/plan-v4.txt"; die "the plan after the new cut is not empty (exit code $prc)"; }
echo "  ${G}terraform plan: No changes.${N}"

# --- the review link -----------------------------------------------------------------------------------
REVIEW_LINK=$(tf output -state="$STATE" -raw review_link)
case $REVIEW_LINK in http://* | https://*) ;; *) die "no review link in the outputs (got '$REVIEW_LINK')" ;; esac
step "Review link for the client (terraform output -raw review_link)"
echo "  A secure share of the $NFILES files plus the trailer, for client@example.com, expiring $EXPIRES:"
printf '\n  %s%s%s\n\n' "$G$B" "$REVIEW_LINK" "$N"
echo "  ${D}(the emulator's stand-in for an https://f.io/... link; it opens a page naming the files until the emulator stops)${N}"
echo "Stopping the emulator: everything it held is gone, so the next 'make demo' starts from fresh state."
