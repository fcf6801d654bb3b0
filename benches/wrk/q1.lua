-- Q1: GET /api/v1/tenants/{id}/balance for a random tenant of the big organization.
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local tenants, headers
setup = common.setup
done = common.done

function init(args)
  common.seed()
  tenants = common.lines(args[1] .. "/tenants.txt")
  headers = { ["Authorization"] = "Bearer " .. args[2] }
end

function request()
  return wrk.format("GET", "/api/v1/tenants/" .. common.pick(tenants) .. "/balance", headers)
end
