-- wrk: each request makes a payment order of 1 tiyn for a random item, with a key of its own.
local counter = 0
local items = tonumber(os.getenv("QORGAN_BENCH_ITEMS") or "1000")
local first = tonumber(os.getenv("QORGAN_BENCH_FIRST_ITEM") or "1")
local token = os.getenv("QORGAN_BENCH_TOKEN")
local thread_id = 0
function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
function init(args)
  math.randomseed(tid * 7919)
end
function request()
  counter = counter + 1
  local item = first + math.random(0, items - 1)
  local body = string.format('{"amount":1,"idempotency_key":"wrk-%d-%d-%d"}', tid, counter, os.time())
  return wrk.format("POST", "/api/v1/requisition/items/" .. item .. "/payment-orders",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.0f %.3f %.3f %.3f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
