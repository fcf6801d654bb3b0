-- Q3: GET /api/v1/listings?city=C&price_max=M&page=N&limit=20, C one of the 20 cities,
-- M in 500-2000, N in 1-5 (public, no token).
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local cities
setup = common.setup
done = common.done

function init(args)
  common.seed()
  cities = common.lines(args[1] .. "/cities.txt")
end

function request()
  local path = string.format("/api/v1/listings?city=%s&price_max=%d&page=%d&limit=20",
    common.pick(cities), math.random(500, 2000), math.random(1, 5))
  return wrk.format("GET", path)
end
