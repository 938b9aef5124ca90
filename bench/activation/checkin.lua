-- Check-ins with distinct codes for wrk:
--   CHECKIN_ACKED=FILE wrk -tT … -s checkin.lua URL -- CODES.csv T
-- Each thread takes every T-th line of CODES.csv (code,facility_id) from its own offset and sends
-- each code once; a thread that runs out starts over, and those answers (200, "already checked in") are
-- counted apart as `again`. The codes acknowledged as new (201) are collected from the answers'
-- bodies, so that the caller can look each one up in the database afterwards.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local stride = tonumber(args[2])
  codes = {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % stride == index then
      local code, facility = line:match("([^,]+),([^,]+)")
      table.insert(codes, '{"code":"' .. code .. '","facility_id":' .. facility .. '}')
    end
    i = i + 1
  end
  next_code = 1
  again, other = 0, 0
  acked = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = codes[next_code]
  next_code = next_code % #codes + 1
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then
    acked[#acked + 1] = body:match('"code":"([^"]+)"') or "?"
  elseif status == 200 then
    again = again + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  local out = io.open(os.getenv("CHECKIN_ACKED"), "w")
  for _, t in ipairs(threads) do
    a = a + t:get("again")
    o = o + t:get("other")
    for _, code in ipairs(t:get("acked")) do out:write(code, "\n") end
  end
  out:close()
  io.write(string.format('SUMMARY {"again":%d,"other":%d}\n', a, o))
end
