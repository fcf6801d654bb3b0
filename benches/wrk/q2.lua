-- Q2: GET /api/v1/dashboard?property_id=P for a random property of the big organization.
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local properties, headers
setup = common.setup
done = common.done

function init(args)
  common.seed()
  properties = common.lines(args[1] .. "/properties.txt")
  headers = { ["Authorization"] = "Bearer " .. args[2] }
end

function request()
  return wrk.format("GET", "/api/v1/dashboard?property_id=" .. common.pick(properties), headers)
end
