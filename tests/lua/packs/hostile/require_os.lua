local redline = require "redline"
return {
  level = "warning",
  message = "require_os",
  check = function(doc)
    local os = require "os"
  end,
}
