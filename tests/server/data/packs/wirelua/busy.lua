-- Counts to 100,000 (about 400,000 VM instructions), then reports: within
-- the default budget, over one the daemon's config sets lower.
local redline = require "redline"

return {
  level = "warning",
  message = "counted",
  check = function(doc)
    local n = 0
    for i = 1, 100000 do n = n + i % 7 end
    redline.report{offset = 0, length = 1, message = "counted " .. n % 10}
  end,
}
