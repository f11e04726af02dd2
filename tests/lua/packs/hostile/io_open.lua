local redline = require "redline"
return {
  level = "warning",
  message = "io_open",
  check = function(doc)
    io.open("/etc/passwd")
  end,
}
