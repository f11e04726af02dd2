local redline = require "redline"
return {
  level = "warning",
  message = "gc",
  check = function(doc)
    setmetatable({}, {__gc = function() while true do end end})
  end,
}
