local redline = require "redline"
return {
  level = "warning",
  message = "setmeta_strmt",
  check = function(doc)
    setmetatable(getmetatable(""), {})
  end,
}
