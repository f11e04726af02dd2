local redline = require "redline"
return {
  level = "warning",
  message = "write_lib",
  check = function(doc)
    string.upper = function() return "pwned" end
  end,
}
