#!/usr/bin/env bash
# Kills `alp demo` with SIGKILL at random moments and checks that the embedded journal kept everything the session
# had acknowledged before the kill.
#
#   scripts/kill-loop.sh [KILLS] [DATA_DIR]      (defaults: 30, a new temporary directory)
#
# Every round starts `alp demo` on the same data directory (so the file grows and H2 reuses its space, as on a
# laptop), waits until it prints its session id (the session's start is journaled by then), kills it after a random
# pause (none in a third of the rounds, up to 0.5 s in another third, up to 20 s in the rest), then reads the session
# back with `alp show --json`, which first rebuilds the database the killed process left open. A round is a loss when
# the session is missing, or when it holds fewer nodes or less spend than the last progress line the demo printed
# before it died (the demo prints figures of its session's state, which only moves once its events are journaled).
# A round whose demo never printed a session id (an overloaded machine) is skipped and counted as such.
# ALP_JAVA_OPTS is passed on, e.g. to try other store settings. Exit code 1 when any round lost something.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-30}"
data="${2:-$(mktemp -d /tmp/alp-kill-loop.XXXXXX)}"
if ! [[ "$kills" =~ ^[1-9][0-9]*$ ]]; then
  echo "kill-loop: KILLS must be a positive number, got '$kills'" >&2
  exit 2
fi
mkdir -p "$data"
work="$(mktemp -d /tmp/alp-kill-loop-out.XXXXXX)"
"$root/alp" --version >/dev/null # builds once, before the first timed round

losses=0
skipped=0
for round in $(seq 1 "$kills"); do
  out="$work/demo-$round.out"
  case $((RANDOM % 3)) in
    0) pause=0 ;;
    1) pause="0.$(printf '%03d' $((RANDOM % 500)))" ;;
    *) pause="$((RANDOM % 20)).$(printf '%03d' $((RANDOM % 1000)))" ;;
  esac
  (cd "$work" && exec "$root/alp" demo --data "$data" --report "$work/report.html" >"$out" 2>"$work/demo-$round.err") &
  pid=$!
  id=""
  for _ in $(seq 1 1200); do # up to 120 s: the first round may rebuild a large database
    id="$(awk '/^session [^ ]+ on /{print $2; exit}' "$out" 2>/dev/null || true)"
    [ -n "$id" ] || ! kill -0 "$pid" 2>/dev/null || { sleep 0.1; continue; }
    break
  done
  if [ -z "$id" ]; then
    # e.g. a start that timed out on an overloaded machine: not a loss, but not a kill either
    echo "round $round: skipped, the demo printed no session id: $(tail -n 1 "$work/demo-$round.err")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    skipped=$((skipped + 1))
    continue
  fi
  sleep "$pause"
  finished=no
  kill -9 "$pid" 2>/dev/null || finished=yes
  wait "$pid" 2>/dev/null || true
  # the last complete progress line: "  spent $X of $Y | nodes N (...)"
  last="$(grep -a '^  spent \$.* | nodes [0-9]*' "$out" | tail -n 1 || true)"
  printed_spent="$(sed -n 's/^  spent \$\([0-9.]*\) of.*/\1/p' <<<"$last")"
  printed_nodes="$(sed -n 's/.*| nodes \([0-9]*\).*/\1/p' <<<"$last")"
  shown="$work/show-$round.json"
  if ! "$root/alp" show "$id" --data "$data" --json >"$shown" 2>"$work/show-$round.err"; then
    losses=$((losses + 1))
    echo "round $round: LOST the session $id (killed ${pause}s after it started): $(tail -n 1 "$work/show-$round.err")"
    continue
  fi
  spent="$(sed -n 's/^  "spentUsd" : \([0-9.E-]*\),*$/\1/p' "$shown" | head -n 1)"
  nodes="$(sed -n 's/^  "nodes" : \([0-9]*\),*$/\1/p' "$shown" | head -n 1)"
  verdict="ok"
  if [ -n "$printed_nodes" ] && { [ "$nodes" -lt "$printed_nodes" ] \
      || awk -v a="$spent" -v p="$printed_spent" 'BEGIN{exit !(a + 0.005 < p)}'; }; then
    verdict="LOST events"
    losses=$((losses + 1))
  fi
  echo "round $round: $verdict  killed ${pause}s after $id started$([ $finished = yes ] && echo ' (it had ended)');" \
    "printed nodes ${printed_nodes:--} spent ${printed_spent:--}; journal has nodes $nodes spent $spent;" \
    "store $(du -sm "$data" | cut -f1) MB"
done
echo "kill-loop: $((kills - skipped)) kills, $losses losses, $skipped rounds skipped (data $data, outputs $work)"
[ "$losses" -eq 0 ]
