local redline = require "redline"
return {
  level = "warning",
  message = "error_nil",
  check = function(doc)
    error()
  end,
}
