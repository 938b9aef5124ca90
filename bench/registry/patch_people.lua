-- wrk script: PATCHes the phone of a random person among ids 1..N (the script's argument), a write
-- that holds a handler thread until its group has committed.
--   wrk … -s bench/registry/patch_people.lua URL -- N
local people = 1000000
wrk.headers["Content-Type"] = "application/json"

function init(args)
  people = tonumber(args[1]) or people
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local body = string.format('{"phone":"+7701%07d"}', math.random(0, 9999999))
  -- No headers given: wrk's own (the -H Authorization) are sent, with the Content-Type below.
  return wrk.format("PATCH", "/api/v1/people/" .. math.random(1, people), nil, body)
end
