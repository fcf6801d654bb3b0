-- Q5: GET /dashboard, the big organization's dashboard page as HTML (session cookie).
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local headers
setup = common.setup
done = common.done

function init(args)
  common.seed()
  headers = { ["Cookie"] = args[2] }
end

function request()
  return wrk.format("GET", "/dashboard", headers)
end
