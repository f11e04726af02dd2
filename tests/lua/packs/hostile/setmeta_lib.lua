local redline = require "redline"
return {
  level = "warning",
  message = "setmeta_lib",
  check = function(doc)
    setmetatable(string, {__index = function() return "pwned" end})
  end,
}
