#!/usr/bin/env bash
# Load test: pinguide against two baselines serving the very same bytes.
#
#   scripts/bench-load.sh            (make bench-load)
#
# Three servers, all on loopback, all answering a question page and a result page:
#   pinguide  the wizard itself (rate limit off, metrics on as in production)
#   mem       a bare net/http handler writing the pages' bytes from memory
#   files     Go's http.FileServer over the pages saved as files
# (scripts/baseline/main.go serves the last two). Each server, page and number of
# connections gets one wrk run; the table gives requests/s and p50/p99 latency,
# then pinguide's share of each baseline's throughput, and pinguide's resident
# memory (VmRSS) sampled during its 64-connection runs.
#
# Environment:
#   DURATION     seconds per wrk run (default 10)
#   CONNECTIONS  connection counts (default "8 64 256")
#   THREADS      wrk threads (default 2: this machine has 2 cores)
#   WARMUP       seconds of warm-up per server before measuring (default 2)
#   BENCH_OUT    directory of bench-load.txt (default .ci/out, which git ignores)
#
# wrk, the server and the baselines share the machine's cores, so the figures are
# for comparing the three servers with each other, not a capacity promise.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
command -v "$GO" >/dev/null || export PATH="$PATH:/usr/local/go/bin"
duration=${DURATION:-10}
connections=${CONNECTIONS:-"8 64 256"}
threads=${THREADS:-2}
warmup=${WARMUP:-2}
out=${BENCH_OUT:-.ci/out}
rss_conns=64 # the run whose memory is reported

pages=(
  "question|/?situation=forgot&pin=sign&lang=en|q.html"
  "result|/?situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes&lang=en|r.html"
)

log() { echo "bench-load: $*" >&2; }
die() { log "$*"; exit 1; }

# wrk from Debian when it is missing; the package lists are fetched only if the
# first try cannot find it.
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "wrk is not installed (apt-get install wrk, as root)"
  log "installing wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  command -v wrk >/dev/null || die "wrk did not install"
fi

tmp=$(mktemp -d)
pg_pid='' bl_pid='' wrk_pid=''
cleanup() {
  local rc=$? p
  set +e # cleaning up goes on past any failure
  # Only the processes this script started, by their ids: the servers are
  # recognised by their binaries' path under $tmp (so a reused id is left
  # alone); wrk_pid is set only while that wrk run is going.
  for p in $pg_pid $bl_pid; do
    grep -qaF "$tmp/" "/proc/$p/cmdline" 2>/dev/null && kill "$p" 2>/dev/null
  done
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  for p in $pg_pid $bl_pid $wrk_pid; do
    wait "$p" 2>/dev/null
  done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for FILE SED-EXPR: the first match of SED-EXPR in FILE, polled for at
# most 10 s (a server writes its address there once it listens).
wait_for() {
  local v _
  for _ in $(seq 1 100); do
    v=$(sed -n "$2" "$1" 2>/dev/null | head -1)
    [ -n "$v" ] && { echo "$v"; return 0; }
    sleep 0.1
  done
  return 1
}

log "building pinguide and the baseline"
"$GO" build -o "$tmp/pinguide" ./cmd/pinguide
"$GO" build -o "$tmp/baseline" ./scripts/baseline

# pinguide on a port the kernel picks (port 0), so nothing else on the machine
# can be in the way; its log says which. Metrics stay on, as in production, on a
# port of their own.
"$tmp/pinguide" serve --addr 127.0.0.1:0 --rate-limit 0 --metrics-addr 127.0.0.1:0 2>"$tmp/pinguide.log" &
pg_pid=$!
pg_addr=$(wait_for "$tmp/pinguide.log" 's/.*"msg":"serving".*"addr":"\([^"]*\)".*/\1/p') ||
  { cat "$tmp/pinguide.log" >&2; die "pinguide did not start"; }

# The pages' exact bytes, as pinguide sends them to a client that asks for no
# compression (wrk does not), become the baselines' files.
mkdir "$tmp/www"
for entry in "${pages[@]}"; do
  IFS='|' read -r _ path file <<<"$entry"
  curl -fsS --max-time 5 -o "$tmp/www/$file" "http://$pg_addr$path" || die "pinguide did not answer $path"
done

"$tmp/baseline" -dir "$tmp/www" >"$tmp/baseline.out" 2>&1 &
bl_pid=$!
mem_addr=$(wait_for "$tmp/baseline.out" 's/^mem \(.*\)/\1/p') || { cat "$tmp/baseline.out" >&2; die "baseline did not start"; }
files_addr=$(wait_for "$tmp/baseline.out" 's/^files \(.*\)/\1/p') || die "baseline did not start"

# server|base URL|pid (for memory)|how a page is addressed (pinguide: query; baselines: file)
servers=(
  "pinguide|http://$pg_addr|$pg_pid|query"
  "mem|http://$mem_addr|$bl_pid|file"
  "files|http://$files_addr|$bl_pid|file"
)
url_of() { # server-entry page-entry -> URL
  local base how path file
  IFS='|' read -r _ base _ how <<<"$1"
  IFS='|' read -r _ path file <<<"$2"
  if [ "$how" = query ]; then echo "$base$path"; else echo "$base/$file"; fi
}

# Every server must send the same bytes, or the comparison means nothing.
for s in "${servers[@]}"; do
  for p in "${pages[@]}"; do
    IFS='|' read -r _ _ file <<<"$p"
    curl -fsS --max-time 5 -o "$tmp/check" "$(url_of "$s" "$p")" || die "${s%%|*} did not answer $(url_of "$s" "$p")"
    cmp -s "$tmp/check" "$tmp/www/$file" || die "${s%%|*} sent other bytes for $file"
  done
done

vmrss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pg_idle_kib=$(vmrss_kib "$pg_pid")
bl_idle_kib=$(vmrss_kib "$bl_pid")

# run_wrk URL CONNS SECONDS OUTFILE [PID-to-sample RSSFILE]: one wrk run, bounded
# by timeout in case wrk hangs. With a PID, its VmRSS is sampled every 0.2 s while
# wrk runs (at most SECONDS*5 + 50 samples) and the maximum written to RSSFILE.
run_wrk() {
  local url=$1 conns=$2 secs=$3 outfile=$4 pid=${5:-} rssfile=${6:-}
  timeout -k 5 $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$url" >"$outfile" 2>&1 &
  wrk_pid=$!
  local max=0 v _
  if [ -n "$pid" ]; then
    for _ in $(seq 1 $((secs * 5 + 50))); do
      kill -0 "$wrk_pid" 2>/dev/null || break
      v=$(vmrss_kib "$pid")
      [ "$v" -gt "$max" ] && max=$v
      sleep 0.2
    done
    echo "$max" >"$rssfile"
  fi
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=
  [ "$rc" -eq 0 ] || { cat "$outfile" >&2; die "wrk failed on $url (exit $rc)"; }
}

# Warm-up: pinguide's response cache fills, Go's heap grows to its working size.
for s in "${servers[@]}"; do
  log "warm-up ${s%%|*} (${warmup} s)"
  run_wrk "$(url_of "$s" "${pages[0]}")" 8 "$warmup" "$tmp/warmup"
  run_wrk "$(url_of "$s" "${pages[1]}")" 8 "$warmup" "$tmp/warmup"
done

# The servers take turns on each page and connection count, so that a ratio
# compares runs made a few seconds apart: on a shared (virtual) machine the
# speed drifts over minutes, and measuring one server after the other put
# that drift into the ratios.
started=$SECONDS
for p in "${pages[@]}"; do
  pname=${p%%|*}
  for c in $connections; do
    for s in "${servers[@]}"; do
      IFS='|' read -r sname _ spid _ <<<"$s"
      log "$sname $pname ${c} connections, ${duration} s"
      f="$tmp/wrk-$sname-$pname-$c.txt"
      if [ "$c" = "$rss_conns" ]; then
        run_wrk "$(url_of "$s" "$p")" "$c" "$duration" "$f" "$spid" "$tmp/rss-$sname-$pname"
      else
        run_wrk "$(url_of "$s" "$p")" "$c" "$duration" "$f"
      fi
    done
  done
done
pg_hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$pg_pid/status")

# parse FILE -> "req/s p50_ms p99_ms errors non2xx" from wrk's output (latencies
# come as 812.00us, 1.23ms or 1.02s; errors are the socket errors summed).
parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Socket errors:/ { gsub(",", ""); err = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, err, bad }
  ' "$1"
}

mkdir -p "$out"
report="$out/bench-load.txt"
{
  echo "bench-load $(date -u +%Y-%m-%dT%H:%M:%SZ): $(nproc) cores, $($GO version | cut -d' ' -f3), wrk -t$threads -d${duration}s --latency"
  for p in "${pages[@]}"; do
    IFS='|' read -r pname path file <<<"$p"
    echo "  $pname page: $(wc -c <"$tmp/www/$file") bytes  $path"
  done
  echo
  printf '%-9s %-9s %6s %10s %9s %9s %7s\n' server page conns "req/s" "p50 ms" "p99 ms" errors
  for s in "${servers[@]}"; do
    sname=${s%%|*}
    for p in "${pages[@]}"; do
      pname=${p%%|*}
      for c in $connections; do
        read -r rps p50 p99 err bad < <(parse "$tmp/wrk-$sname-$pname-$c.txt")
        printf '%-9s %-9s %6s %10s %9s %9s %7s\n' "$sname" "$pname" "$c" "$rps" "$p50" "$p99" $((err + bad))
        echo "$rps $p99" >"$tmp/fig-$sname-$pname-$c"
      done
    done
  done
  echo "(errors: socket errors plus non-2xx/3xx responses; any at all makes that row suspect)"
  echo
  echo "pinguide relative to each baseline (req/s ratio; p99 ratio, lower is better):"
  printf '%-9s %6s %14s %14s %14s %14s\n' page conns "req/s vs mem" "req/s vs files" "p99 vs mem" "p99 vs files"
  for p in "${pages[@]}"; do
    pname=${p%%|*}
    for c in $connections; do
      read -r pr pl <"$tmp/fig-pinguide-$pname-$c"
      read -r mr ml <"$tmp/fig-mem-$pname-$c"
      read -r fr fl <"$tmp/fig-files-$pname-$c"
      awk -v page="$pname" -v c="$c" -v pr="$pr" -v pl="$pl" -v mr="$mr" -v ml="$ml" -v fr="$fr" -v fl="$fl" '
        function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
        BEGIN { printf "%-9s %6s %14s %14s %14s %14s\n", page, c, ratio(pr, mr), ratio(pr, fr), ratio(pl, ml), ratio(pl, fl) }'
    done
  done
  echo
  mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
  rss_max=0
  for p in "${pages[@]}"; do
    v=$(cat "$tmp/rss-pinguide-${p%%|*}" 2>/dev/null || echo 0)
    [ "$v" -gt "$rss_max" ] && rss_max=$v
  done
  bl_max=0
  for p in "${pages[@]}"; do
    for b in mem files; do
      v=$(cat "$tmp/rss-$b-${p%%|*}" 2>/dev/null || echo 0)
      [ "$v" -gt "$bl_max" ] && bl_max=$v
    done
  done
  echo "pinguide memory (VmRSS): idle $(mib "$pg_idle_kib"); under load, max while $rss_conns connections ran: $(mib "$rss_max"); peak over the whole run (VmHWM): $(mib "$pg_hwm_kib")"
  echo "baseline memory (VmRSS): idle $(mib "$bl_idle_kib"); under load, max while $rss_conns connections ran: $(mib "$bl_max")"
  echo "measured in $((SECONDS - started)) s"
} >"$report"
echo
cat "$report"
log "written to $report"
