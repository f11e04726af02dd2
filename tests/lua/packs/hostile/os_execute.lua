local redline = require "redline"
return {
  level = "warning",
  message = "os_execute",
  check = function(doc)
    os.execute("touch /tmp/redline-pwned")
  end,
}
