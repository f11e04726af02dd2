-- Reports how many times the words module ran in this environment (the
-- same module as names.lua's: it must be 1), and whether both rules got
-- the very same table.
local redline = require "redline"
local words = require "words"

return {
  level = "suggestion",
  message = "loads",
  check = function(doc)
    local same = require "words" == words
    redline.report{offset = 0, length = 1,
                   message = "loads=" .. tostring(loads) .. " same=" .. tostring(same)}
  end,
}
