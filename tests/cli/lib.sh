# Shared helpers for tests/cli/*.sh: run the binary, compare exit code, stdout, stderr.
# usage in a test: . "$(dirname "$0")/lib.sh"; then `run CMD...` sets $rc, $out, $err.
set -u
OVERLAP=${1:?usage: test.sh PATH_TO_OVERLAP}
ROOT=${OVL_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/overlap-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
npass=0
nfail=0

run() {
	"$@" >"$TMP/_stdout" 2>"$TMP/_stderr"
	rc=$?
	out=$(cat "$TMP/_stdout")
	err=$(cat "$TMP/_stderr")
}

ok() { npass=$((npass + 1)); echo "ok - $1"; }
bad() {
	nfail=$((nfail + 1))
	echo "FAIL - $1"
	echo "  rc=$rc"
	echo "  stdout: $(head -c 600 "$TMP/_stdout")"
	echo "  stderr: $(head -c 600 "$TMP/_stderr")"
}
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
has() { grep -qF -- "$1" <<<"$2"; }
finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
