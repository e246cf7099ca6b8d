#!/usr/bin/env bash
# Lighthouse on three wizard pages (start, a question, a result) with the default
# mobile profile (simulated throttling) and Debian's Chromium. Fails unless every
# page scores performance >= 95, accessibility = 100 and best practices >= 95.
#
#   scripts/lighthouse.sh            (make lighthouse)
#
# Environment:
#   LIGHTHOUSE_OUT      where the JSON reports go (default .ci/out/lighthouse)
#   CHROME_PATH         the browser (default /usr/bin/chromium)
#   LIGHTHOUSE_TIMEOUT  seconds allowed per page (default 240)
#
# Lighthouse itself is pinned in scripts/lighthouse/package-lock.json and installed
# with `npm ci` into scripts/lighthouse/node_modules (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

GO=${GO:-go}
command -v "$GO" >/dev/null || export PATH="$PATH:/usr/local/go/bin"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=${LIGHTHOUSE_OUT:-.ci/out/lighthouse}
per_page=${LIGHTHOUSE_TIMEOUT:-240}
lh_dir=scripts/lighthouse
lh_version=$(sed -n 's/.*"lighthouse": *"\([0-9.]*\)".*/\1/p' "$lh_dir/package.json")

min_perf=95 min_a11y=100 min_bp=95

pages=(
  "start|/?lang=ja"
  "question|/?situation=forgot&lang=ja"
  "result|/?situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes&lang=ja"
)

chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
# No spare renderer: Chromium pre-starts one before Lighthouse begins tracing and,
# on a slow machine, the page commits in it before tracing reaches it, so the
# trace has no navigationStart and the run ends in NO_NAVSTART (about 1 page in
# 10 here without this). Chromium keeps only the last --disable-features, so
# chrome-launcher's own list (chrome-launcher/dist/flags.js) is repeated.
chrome_flags+=" --disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication,PrivacySandboxSettings4,RenderDocument,SpareRendererForSitePerProcess"

command -v node >/dev/null || { echo "lighthouse: node is not installed" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse: no browser at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }

tmp=$(mktemp -d)
server_pid=
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  # A Chromium left behind by a Lighthouse run that timed out: only ours, found
  # by the profile directory under $tmp that we gave it.
  local p
  for p in $(grep -l -a -F -- "--user-data-dir=$tmp/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    kill "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS

# Lighthouse, at the locked version.
installed=$(node -p "require('./$lh_dir/node_modules/lighthouse/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$lh_version" ]; then
  echo "lighthouse: npm ci (lighthouse $lh_version)"
  npm ci --prefix "$lh_dir" --no-audit --no-fund --loglevel=error
fi
lighthouse="$root/$lh_dir/node_modules/.bin/lighthouse"

# pinguide on a free loopback port (the kernel picks it; the log says which).
echo "lighthouse: building pinguide"
"$GO" build -o "$tmp/pinguide" ./cmd/pinguide
"$tmp/pinguide" serve --addr 127.0.0.1:0 --rate-limit 0 --metrics-addr "" 2>"$tmp/server.log" &
server_pid=$!
addr=
for _ in $(seq 1 100); do
  addr=$(sed -n 's/.*"msg":"serving".*"addr":"\([^"]*\)".*/\1/p' "$tmp/server.log" | head -1)
  [ -n "$addr" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "lighthouse: pinguide did not start:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
base="http://$addr"
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null --max-time 2 "$base/healthz" || { echo "lighthouse: $base/healthz not answering" >&2; cat "$tmp/server.log" >&2; exit 1; }
echo "lighthouse: pinguide at $base"

mkdir -p "$out"
rm -f "$out"/*.report.json
lh_failed=0
for entry in "${pages[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  echo "lighthouse: $name $path"
  t0=$SECONDS
  # SIGINT first: chrome-launcher then closes its Chromium itself.
  if ! timeout -s INT -k 20 "$per_page" "$lighthouse" "$base$path" \
      --quiet \
      --output=json --output-path="$out/$name.report.json" \
      --only-categories=performance,accessibility,best-practices \
      --chrome-path="$CHROME_PATH" \
      --chrome-flags="$chrome_flags --user-data-dir=$tmp/chrome-$name" \
      --max-wait-for-load=60000; then
    echo "lighthouse: $name: Lighthouse failed or timed out after $((SECONDS - t0)) s" >&2
    lh_failed=1
    continue
  fi
  echo "lighthouse: $name done in $((SECONDS - t0)) s"
done

# Scores, and the audits behind any score under its threshold.
set +e
MIN_PERF=$min_perf MIN_A11Y=$min_a11y MIN_BP=$min_bp OUT=$out PAGES="${pages[*]}" node - <<'EOF'
const fs = require('fs');
const path = require('path');
const min = {
  performance: +process.env.MIN_PERF,
  accessibility: +process.env.MIN_A11Y,
  'best-practices': +process.env.MIN_BP,
};
const cats = Object.keys(min);
const pages = process.env.PAGES.split(' ').map((e) => e.split('|'));
const pct = (s) => (s === null || s === undefined ? null : Math.round(s * 100));
let failed = false;
const rows = [];
const details = [];
for (const [name, url] of pages) {
  const file = path.join(process.env.OUT, `${name}.report.json`);
  let lhr;
  try {
    lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    rows.push([name, ...cats.map(() => 'n/a'), url]);
    details.push(`${name}: no report (${file})`);
    failed = true;
    continue;
  }
  if (lhr.runtimeError) {
    details.push(`${name}: runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    failed = true;
  }
  for (const w of lhr.runWarnings || []) details.push(`${name}: warning: ${w}`);
  const row = [name];
  for (const c of cats) {
    const cat = lhr.categories[c];
    const score = cat ? pct(cat.score) : null;
    const ok = score !== null && score >= min[c];
    row.push(score === null ? 'n/a' : `${score}${ok ? '' : ' ✗'}`);
    if (ok) continue;
    failed = true;
    details.push(`${name}: ${c} ${score === null ? 'n/a' : score} < ${min[c]}; audits not passing:`);
    for (const ref of cat ? cat.auditRefs : []) {
      const a = lhr.audits[ref.id];
      if (!a || a.score === null || a.score >= 1) continue;
      if (['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode)) continue;
      if (c === 'performance' && a.scoreDisplayMode === 'metricSavings' && a.score >= 0.9) continue;
      details.push(`  ${a.id}  "${a.title}"  score=${a.score}  weight=${ref.weight}` +
        (a.displayValue ? `  ${a.displayValue}` : ''));
      const items = (a.details && a.details.items) || [];
      for (const it of items.slice(0, 5)) {
        const n = it.node || {};
        const where = [n.selector || it.url || it.sourceLocation?.url || it.source?.url,
          n.snippet?.slice(0, 160), it.description].filter(Boolean).join('  ');
        if (where) details.push(`      ${where}`);
      }
      if (items.length > 5) details.push(`      … ${items.length - 5} more`);
    }
  }
  row.push(url);
  rows.push(row);
}
const head = ['page', 'performance', 'accessibility', 'best-practices', 'url'];
const all = [head, ...rows];
const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
console.log('');
for (const r of all) console.log(r.map((v, i) => String(v ?? '').padEnd(w[i])).join('  ').trimEnd());
console.log(`thresholds: performance >= ${min.performance}, accessibility >= ${min.accessibility}, best-practices >= ${min['best-practices']}`);
if (details.length) console.log('\n' + details.join('\n'));
process.exit(failed ? 1 : 0);
EOF
summary=$?
set -e
echo "lighthouse: reports in $out; $((SECONDS - started)) s in all"
if [ "$summary" -ne 0 ] || [ "$lh_failed" -ne 0 ]; then
  echo "lighthouse: FAIL" >&2
  exit 1
fi
echo "lighthouse: ok"
