-- Shared by the Q1-Q5 scripts: reads an id file of the generated workload, seeds each
-- wrk thread differently, and prints one machine-readable result line at the end.
-- wrk passes the script arguments after `--`: the id folder, then the bearer token or
-- cookie.

local common = {}

function common.lines(path)
  local out = {}
  local file = assert(io.open(path, "r"), "cannot open " .. path)
  for line in file:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  file:close()
  assert(#out > 0, path .. " is empty")
  return out
end

local thread_counter = 0
function common.setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function common.seed()
  math.randomseed(os.time() + 7919 * (thread_id or 1))
end

function common.pick(list)
  return list[math.random(#list)]
end

-- `RESULT <req/s> <p50 ms> <p99 ms> <requests> <non-2xx/3xx> <socket errors>`
function common.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end

return common
