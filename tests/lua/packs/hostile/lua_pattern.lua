local redline = require "redline"
return {
  level = "warning",
  message = "lua_pattern",
  check = function(doc)
    local s = ("a"):rep(5000)
    return s:find(".-.-.-.-b")
  end,
}
