-- A module that never ends, required under pcall: the budget's abort
-- must still end this rule, not be caught.
local redline = require "redline"
return {
  level = "warning",
  message = "caught",
  check = function(doc)
    pcall(require, "spin")
    redline.report{offset = 0, length = 1}
  end,
}
