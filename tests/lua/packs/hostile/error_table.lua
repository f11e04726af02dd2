local redline = require "redline"
return {
  level = "warning",
  message = "error_table",
  check = function(doc)
    error({code = 42})
  end,
}
