local redline = require "redline"
return {
  level = "warning",
  message = "yield",
  check = function(doc)
    coroutine.yield(1)
  end,
}
