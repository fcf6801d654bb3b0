-- Q4: POST /api/v1/payments for a random active lease of the big organization and one
-- of its co-tenants (a small transfer dated today's UTC date).
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local pairs_, headers, today
setup = common.setup
done = common.done

function init(args)
  common.seed()
  pairs_ = common.lines(args[1] .. "/leases.txt")
  headers = {
    ["Authorization"] = "Bearer " .. args[2],
    ["Content-Type"] = "application/json",
  }
  today = os.date("!%Y-%m-%d")
end

function request()
  local lease, tenant = common.pick(pairs_):match("(%S+) (%S+)")
  local body = string.format(
    '{"lease_id":"%s","tenant_id":"%s","amount":"%d.00","paid_on":"%s","method":"transfer"}',
    lease, tenant, math.random(1, 50), today)
  return wrk.format("POST", "/api/v1/payments", headers, body)
end
