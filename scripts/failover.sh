#!/usr/bin/env bash
# Scale-out check: nginx (deploy/nginx/pinguide.conf) in front of two pinguide
# processes, all on loopback. Under a steady mix of pages and API calls one
# pinguide is stopped halfway (SIGTERM, as systemd does on a restart); not one
# request may fail. Then nginx's cache must answer a repeated GET (X-Cache-Status:
# HIT), and still answer it once no pinguide is left.
#
#   scripts/failover.sh            (make failover)
#
# Environment:
#   FAILOVER_DURATION     seconds of load (default 20; the stop comes at half)
#   FAILOVER_CONNECTIONS  wrk connections (default 32)
#   PINGUIDE_PORT_A/_B    the two pinguides' ports (default 8081, 8082, as in the
#                         nginx config; a busy one is replaced by a free one)
#   NGINX_PORT            nginx's port on 127.0.0.1 (default 8088, same rule)
#
# nginx runs from a temporary prefix with its own pid, logs and cache; the
# system's nginx (if any) and /etc/nginx are not touched. Needs nginx and wrk,
# installed from Debian when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

GO=${GO:-go}
command -v "$GO" >/dev/null || export PATH="$PATH:/usr/local/go/bin"
duration=${FAILOVER_DURATION:-20}
conns=${FAILOVER_CONNECTIONS:-32}
cache_url='/privacy?lang=en' # not in the wrk mix, so its first request is a MISS

log() { echo "failover: $*" >&2; }
die() { log "$*"; exit 1; }

# Debian's packages when missing; the package lists are fetched only if the
# first try cannot find them.
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "$1 is not installed (apt-get install $*, as root)"
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx_bin" ]; then
  apt_install nginx-light || apt_install nginx
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$nginx_bin" ] || die "nginx did not install"
fi
command -v wrk >/dev/null || apt_install wrk
command -v wrk >/dev/null || die "wrk did not install"

# port_free PORT: nothing listens on it.
port_free() {
  if command -v ss >/dev/null; then
    if ss -Htln "sport = :$1" | grep -q .; then return 1; fi
  elif (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    return 1
  fi
  return 0
}
# pick_port WANTED TAKEN...: WANTED if free, else the next free port (at most 100
# tried) that is not among TAKEN.
pick_port() {
  local p=$1 i
  shift
  for i in $(seq 0 99); do
    if port_free $((p + i)) && [[ " $* " != *" $((p + i)) "* ]]; then
      [ "$i" -eq 0 ] || log "port $p is busy; using $((p + i))"
      echo $((p + i))
      return 0
    fi
  done
  die "no free port from $p to $((p + 99))"
}
port_a=$(pick_port "${PINGUIDE_PORT_A:-8081}")
port_b=$(pick_port "${PINGUIDE_PORT_B:-8082}" "$port_a")
nginx_port=$(pick_port "${NGINX_PORT:-8088}" "$port_a" "$port_b")
front="http://127.0.0.1:$nginx_port"

tmp=$(mktemp -d)
# nginx's workers run as nobody (when we are root) and must reach the cache and
# temp directories inside; nothing secret is in here.
chmod 755 "$tmp"
pid_a='' pid_b='' nginx_pid='' wrk_pid=''
cleanup() {
  local rc=$? p _
  set +e # cleaning up goes on past any failure
  # Only what this script started, by id, and only while the id still names a
  # process of ours (its command line holds our temp dir).
  ours() { [ -n "$1" ] && grep -qaF "$tmp/" "/proc/$1/cmdline" 2>/dev/null; }
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  # nginx: QUIT is its graceful stop; its workers leave with it.
  ours "$nginx_pid" && kill -QUIT "$nginx_pid"
  for p in $pid_a $pid_b; do
    ours "$p" && kill "$p"
  done
  for _ in $(seq 1 100); do
    ours "$nginx_pid" || ours "$pid_a" || ours "$pid_b" || break
    sleep 0.1
  done
  ours "$nginx_pid" && kill -TERM "$nginx_pid"
  for p in $wrk_pid $nginx_pid $pid_a $pid_b; do
    wait "$p" 2>/dev/null
  done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# served LOG: how many requests a pinguide has logged.
served() { grep -c '"msg":"request"' "$1" 2>/dev/null || true; }
# wait_http URL: the URL answers 200 within 10 s.
wait_http() {
  local _
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

log "building pinguide"
"$GO" build -o "$tmp/pinguide" ./cmd/pinguide

# Two pinguides as deploy/systemd would run them: behind a proxy on loopback
# (whose X-Forwarded-For they believe), here without a rate limit so the load
# is not refused, and without metrics (two processes cannot share one port).
# (Started directly, not inside $(…): a command substitution would wait for the
# server, which holds its output open.)
pinguide_args=(serve --trusted-proxies 127.0.0.1/32 --rate-limit 0 --metrics-addr "")
"$tmp/pinguide" "${pinguide_args[@]}" --addr "127.0.0.1:$port_a" 2>"$tmp/a.log" &
pid_a=$!
"$tmp/pinguide" "${pinguide_args[@]}" --addr "127.0.0.1:$port_b" 2>"$tmp/b.log" &
pid_b=$!
wait_http "http://127.0.0.1:$port_a/healthz" || { cat "$tmp/a.log" >&2; die "pinguide A did not start"; }
wait_http "http://127.0.0.1:$port_b/healthz" || { cat "$tmp/b.log" >&2; die "pinguide B did not start"; }

# nginx: the deployed site config with only its ports and paths rewritten, inside
# a main config of our own (pid, error log, temp paths under $tmp).
mkdir -p "$tmp/nginx/tmp"
sed \
  -e "s|/var/cache/nginx/pinguide|$tmp/nginx/cache|" \
  -e "s|/var/log/nginx/pinguide.access.log|$tmp/nginx/access.log|" \
  -e "s|^\(\s*\)listen 80;|\1listen 127.0.0.1:$nginx_port;|" \
  -e "/^\s*listen \[::\]:80;/d" \
  -e "s|server 127.0.0.1:8081 |server 127.0.0.1:$port_a |" \
  -e "s|server 127.0.0.1:8082 |server 127.0.0.1:$port_b |" \
  deploy/nginx/pinguide.conf >"$tmp/nginx/pinguide.conf"
# If the config's shape changed, stop here rather than test something else.
grep -q "listen 127.0.0.1:$nginx_port;" "$tmp/nginx/pinguide.conf" || die "no 'listen 80;' to rewrite in deploy/nginx/pinguide.conf"
[ "$(grep -cE "server 127.0.0.1:($port_a|$port_b) " "$tmp/nginx/pinguide.conf")" -eq 2 ] ||
  die "deploy/nginx/pinguide.conf: expected upstream servers 127.0.0.1:8081 and :8082"
! grep -nE '^[^#]*(/var/|/etc/|listen +(80|\[::\]))' "$tmp/nginx/pinguide.conf" ||
  die "deploy/nginx/pinguide.conf has a path or listen line failover.sh does not rewrite"
{
  [ "$(id -u)" -eq 0 ] && echo "user nobody nogroup;"
  cat <<EOF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path $tmp/nginx/tmp/body;
    proxy_temp_path $tmp/nginx/tmp/proxy;
    fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
    uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
    scgi_temp_path $tmp/nginx/tmp/scgi;
    include $tmp/nginx/pinguide.conf;
}
EOF
} >"$tmp/nginx/nginx.conf"
nginx_args=(-p "$tmp/nginx/" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf")
"$nginx_bin" -t -q "${nginx_args[@]}" || die "nginx -t failed on the generated config"
# In the foreground (no daemon), so its pid is ours and it ends with us.
"$nginx_bin" "${nginx_args[@]}" -g 'daemon off;' &
nginx_pid=$!
wait_http "$front/healthz" || { cat "$tmp/nginx/error.log" >&2; die "nginx did not answer on $front"; }
log "nginx on $front -> pinguide A 127.0.0.1:$port_a, B 127.0.0.1:$port_b"

# --- Failover: load through nginx; stop A halfway.
log "wrk: $conns connections for $duration s through nginx; SIGTERM to A after $((duration / 2)) s"
timeout -k 5 $((duration + 30)) wrk -t2 -c"$conns" -d"${duration}s" --latency \
  -s "$root/scripts/wrk-mix.lua" "$front/" >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
sleep $((duration / 2))
a_at_stop=$(served "$tmp/a.log")
b_at_stop=$(served "$tmp/b.log")
kill -TERM "$pid_a"
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wrk_pid=''
# A drains what it has in flight (at most 20 s) and exits.
for _ in $(seq 1 300); do
  kill -0 "$pid_a" 2>/dev/null || break
  sleep 0.1
done
a_rc=0
if kill -0 "$pid_a" 2>/dev/null; then
  a_rc=still-running
else
  wait "$pid_a" || a_rc=$?
  pid_a=''
fi
b_total=$(served "$tmp/b.log")
b_after=$((b_total - b_at_stop))

requests=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
socket_errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$tmp/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$tmp/wrk.txt")
mix_bad=$(sed -n 's/^mix: responses [0-9]*, non-2xx\/3xx \([0-9]*\)$/\1/p' "$tmp/wrk.txt")
rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")
# nginx's own account of the load phase: each failed attempt on A (which it
# then passed on to B), message by message, without the request details.
nginx_during=$(sed -n 's/^[0-9/]* [0-9:]* \[\([a-z]*\)\] [0-9#]*: \(\*[0-9]* \)\{0,1\}\([^,]*\), client: .*upstream: "\([^"]*\)".*/\1: \3 (\4)/p' "$tmp/nginx/error.log" |
  sed 's|http://\(127.0.0.1:[0-9]*\)/[^)]*|\1|' | sort | uniq -c | sort -rn)

# --- Cache: the same GET twice.
cache_status() { # URL -> "STATUS CACHE-STATUS"
  curl -sS --max-time 5 -o /dev/null -D - "$front$1" |
    awk 'NR == 1 {s = $2} tolower($1) == "x-cache-status:" {c = $2} END {gsub("\r", "", c); print s, (c == "" ? "none" : c)}'
}
first=$(cache_status "$cache_url")
second=$(cache_status "$cache_url")
# --- And with no pinguide at all: B stops too; the cached page still answers,
# an uncacheable one cannot.
kill -TERM "$pid_b"
for _ in $(seq 1 300); do
  kill -0 "$pid_b" 2>/dev/null || break
  sleep 0.1
done
alone=$(cache_status "$cache_url")
uncached=$(cache_status /healthz)

# --- Verdict.
failed=0
check() { # FAILED(0|1) TEXT
  if [ "$1" -eq 0 ]; then
    printf '  PASS  %s\n' "$2"
  else
    printf '  FAIL  %s\n' "$2"
    failed=1
  fi
}
requests=${requests:-0} socket_errors=${socket_errors:-0} non2xx=${non2xx:-0}
echo
echo "== wrk through nginx ($duration s, $conns connections; A stopped at $((duration / 2)) s)"
sed -n '/Latency Distribution/,$p' "$tmp/wrk.txt"
echo
echo "== failover summary"
echo "  requests: $requests ($rps/s); served before the stop: A $a_at_stop, B $b_at_stop; after: A none (stopped), B $b_after"
echo "  nginx's error log during the load (a request that failed on the stopping pinguide went on to the other):"
while IFS= read -r line; do echo "    $line"; done <<<"${nginx_during:-none}"
echo "  cache: $cache_url first '$first', second '$second'; with no pinguide: '$alone' (/healthz then: '$uncached')"
check $((wrk_rc != 0 || requests == 0)) "wrk ran (exit $wrk_rc, $requests requests)"
check $((socket_errors != 0)) "no socket errors ($socket_errors)"
check $((non2xx != 0 || ${mix_bad:-1} != 0)) "no non-2xx/3xx responses (wrk: $non2xx, mix: ${mix_bad:-not counted})"
check $((a_at_stop == 0 || b_at_stop == 0)) "both pinguides served before the stop (A $a_at_stop, B $b_at_stop)"
check "$([ "$a_rc" = 0 ]; echo $?)" "A drained and exited 0 after SIGTERM (exit $a_rc)"
check $((b_after == 0)) "B carried the load after A stopped ($b_after requests)"
check "$([ "${second#* }" = HIT ]; echo $?)" "a repeated GET is a cache HIT (first ${first#* }, second ${second#* })"
check "$([ "$alone" = "200 HIT" ]; echo $?)" "with no pinguide left, nginx still answers the cached page: 200 HIT ($alone)"
echo
if [ "$failed" -ne 0 ]; then
  echo "failover: FAIL"
  echo "--- wrk output"; cat "$tmp/wrk.txt"
  echo "--- nginx error log (last 20 lines)"; tail -20 "$tmp/nginx/error.log"
  exit 1
fi
echo "failover: PASS"
