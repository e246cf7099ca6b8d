-- wrk script for scripts/failover.sh: cycles through a mix of wizard pages and
-- API calls, some that nginx answers from its cache after the first time and some
-- that always reach a pinguide, and counts the responses by status and by
-- X-Cache-Status. wrk itself also prints "Non-2xx or 3xx responses: N" when
-- there are any; the "mix:" lines below say which statuses they were.
--
--   wrk -t2 -c32 -d20s -s scripts/wrk-mix.lua http://127.0.0.1:PORT

local answers = "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes"
  .. "&residence=takaoka&knows_juki=yes"

local mix = {
  -- Cacheable (Cache-Control: public): after the first request, nginx's.
  { "GET", "/?lang=en" },
  { "GET", "/?situation=forgot&pin=sign&lang=en" },
  { "GET", "/?" .. answers .. "&lang=en" },
  { "GET", "/?" .. answers .. "&lang=ja" },
  { "GET", "/staff?" .. answers .. "&lang=ja" },
  { "GET", "/api/v1/guidance?" .. answers .. "&lang=en" },
  -- Never cached (a POST; no-store): every one of these reaches a pinguide, so
  -- the failover is exercised whatever the cache holds.
  { "POST", "/api/v1/guidance", '{"situation":"locked","pin":"sign","applicant":"self",'
    .. '"smartphone":"yes","knows_other":"yes","residence":"takaoka","knows_juki":"yes","lang":"en"}' },
  { "POST", "/api/v1/guidance", '{"situation":"forgot","lang":"vi"}' },
  { "GET", "/readyz" },
  { "GET", "/healthz" },
}

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  -- Each thread's counters are globals, so done() can read them with get().
  statuses, cache, total, bad = {}, {}, 0, 0
  requests = {}
  for i, m in ipairs(mix) do
    local headers = nil
    if m[3] then
      headers = { ["Content-Type"] = "application/json" }
    end
    requests[i] = wrk.format(m[1], m[2], headers, m[3])
  end
  -- Threads start at different places in the mix.
  n = id or 0
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  total = total + 1
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status >= 400 then
    bad = bad + 1
  end
  -- nginx leaves the header out when the request was not cacheable (POST).
  local c = headers["X-Cache-Status"] or "none"
  cache[c] = (cache[c] or 0) + 1
end

-- "k=v k=v", keys sorted, for a table of counts.
local function counts(t)
  local keys = {}
  for k in pairs(t) do
    table.insert(keys, k)
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    table.insert(parts, tostring(k) .. "=" .. t[k])
  end
  return table.concat(parts, " ")
end

function done(summary, latency, reqs)
  local all_status, all_cache, all_total, all_bad = {}, {}, 0, 0
  for _, t in ipairs(threads) do
    all_total = all_total + (t:get("total") or 0)
    all_bad = all_bad + (t:get("bad") or 0)
    for k, v in pairs(t:get("statuses") or {}) do
      all_status[k] = (all_status[k] or 0) + v
    end
    for k, v in pairs(t:get("cache") or {}) do
      all_cache[k] = (all_cache[k] or 0) + v
    end
  end
  io.write(string.format("mix: responses %d, non-2xx/3xx %d\n", all_total, all_bad))
  io.write("mix: status " .. counts(all_status) .. "\n")
  io.write("mix: X-Cache-Status " .. counts(all_cache) .. "\n")
end
