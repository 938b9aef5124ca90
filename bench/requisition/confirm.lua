-- wrk: each request confirms one payment order as paid (a ledger entry, the item's balance and
-- an audit entry), every order once: thread t of n takes first + t - 1, first + t - 1 + n, ...
local counter = 0
local first = tonumber(os.getenv("QORGAN_BENCH_FIRST_ORDER") or "1")
local token = os.getenv("QORGAN_BENCH_TOKEN")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  nthreads = tonumber(os.getenv("QORGAN_BENCH_THREADS") or "4")
end
function request()
  local order = first + counter * nthreads + tid - 1
  counter = counter + 1
  return wrk.format("POST", "/api/v1/requisition/payment-orders/" .. order .. "/confirm",
    {["Authorization"] = "Bearer " .. token}, "")
end
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.0f %.3f %.3f %.3f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
