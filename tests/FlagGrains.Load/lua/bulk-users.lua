-- OFREP bulk evaluation of all 50 flags for 100,000 different users (requests built once, then cycled), so
-- nothing can be answered from a per-context cache.
dofile(os.getenv("FG_LUA") .. "/report.lua")
local users = tonumber(os.getenv("FG_USERS") or "100000")
local prepared = {}
local next_user = 0

function init(args)
  local countries = { "NL", "DE", "US", "GB", "FR", "BR", "IN", "JP" }
  for i = 1, users do
    local body = string.format(
      '{"context":{"targetingKey":"user-%d","email":"user%d@example.com","appVersion":"%d.%d.0","country":"%s"}}',
      i, i, 1 + i % 3, i % 10, countries[1 + i % #countries])
    prepared[i] = wrk.format("POST", "/ofrep/v1/evaluate/flags", ofrep_headers(), body)
  end
  -- Each thread starts at a different place in the user list.
  next_user = math.random(users)
end

function request()
  next_user = next_user % users + 1
  return prepared[next_user]
end

done = report("bulk-100k-users")
