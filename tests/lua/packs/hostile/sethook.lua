local redline = require "redline"
return {
  level = "warning",
  message = "sethook",
  check = function(doc)
    debug.sethook(function() end, "", 0)
  end,
}
