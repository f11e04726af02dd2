local redline = require "redline"
return {
  level = "warning",
  message = "collect",
  check = function(doc)
    collectgarbage("stop")
  end,
}
