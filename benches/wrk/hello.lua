-- The machine's HTTP ceiling: GET / on the Rocket "hello" (benches/hello.rs), with the
-- same result line as Q1-Q5.
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done
