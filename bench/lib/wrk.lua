-- The wrk side of bench/lib/wrk.mjs. The runner prepends one line, `CONFIG = { ... }`, and runs the result
-- with `wrk -s`:
--   CONFIG.headers  extra headers sent on every request, { name = value, ... }
--   CONFIG.sets     optional: one header table per connection (perConnection in the harness)
--   CONFIG.mode     'rotate' (wrk -t1; wrk does not tell request() which connection it writes on, so the
--                   sets are handed out in turn, one per request: a connection does not keep one set) or
--                   'thread' (a set bound to a connection: wrk runs one connection per thread, and thread i
--                   sends sets[i] on every request of its one connection); 'static' without sets
--
-- response() counts the responses whose status is not 2xx, as autocannon's non2xx does (wrk's own summary,
-- summary.errors.status, the "Non-2xx or 3xx responses" line, only counts status >= 400; it is reported
-- too, as `status`). Defining response() makes wrk hand every response's headers and body to Lua: measured
-- here at 5-8% more wrk CPU per request and no change in req/s, since wrk has a CPU of its own and is far
-- from saturating it (see bench/README.md). Bodies are not checked.
--
-- done() prints one line, `WRK_RESULT {json}`, that the runner parses.

local threads = {}
local counter = 0
non2xx = 0 -- per thread (each thread has its own Lua state); done() sums them with thread:get

local function apply(headers)
  for name, value in pairs(headers) do
    wrk.headers[name] = value
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function setup(thread)
  -- Runs in the main Lua state, once per thread, before the threads start.
  counter = counter + 1
  thread:set('set_index', counter)
  table.insert(threads, thread)
end

if CONFIG.sets and CONFIG.mode == 'rotate' then
  local requests = nil
  local n = 0
  local i = 0

  function init(args)
    apply(CONFIG.headers)
    requests = {}
    n = #CONFIG.sets
    for k = 1, n do
      local headers = {}
      for name, value in pairs(wrk.headers) do
        headers[name] = value
      end
      for name, value in pairs(CONFIG.sets[k]) do
        headers[name] = value
      end
      requests[k] = wrk.format(nil, nil, headers)
    end
  end

  function request()
    i = i % n + 1
    return requests[i]
  end
else
  function init(args)
    -- Runs in each thread's own Lua state; wrk formats the request once after it (no request() function, so
    -- wrk sends that same buffer every time).
    apply(CONFIG.headers)
    if CONFIG.sets then
      apply(CONFIG.sets[(set_index - 1) % #CONFIG.sets + 1])
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get('non2xx')
  end
  local ms = function(us)
    return us / 1000
  end
  io.write(
    string.format(
      'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,'
        .. '"status":%d,"timeout":%d},"non2xx":%d,"latency_ms":{"p50":%.3f,"p99":%.3f,"mean":%.3f,"max":%.3f},"threads":%d}\n',
      summary.requests,
      summary.duration,
      summary.bytes,
      e.connect,
      e.read,
      e.write,
      e.status,
      e.timeout,
      bad,
      ms(latency:percentile(50)),
      ms(latency:percentile(99)),
      ms(latency.mean),
      ms(latency.max),
      #threads
    )
  )
end
