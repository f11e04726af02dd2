local redline = require "redline"
return {
  level = "warning",
  message = "gwrite",
  check = function(doc)
    _G.tostring = function() return "pwned" end
    leak = true
    _G.string = {upper = function() return "pwned" end}
    math.floor = nil
  end,
}
