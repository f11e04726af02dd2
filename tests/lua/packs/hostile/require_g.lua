local redline = require "redline"
return {
  level = "warning",
  message = "require_g",
  check = function(doc)
    local g = require "_G"
  end,
}
