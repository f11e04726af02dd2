local redline = require "redline"
return {
  level = "warning",
  message = "insert_len",
  check = function(doc)
    local t = setmetatable({}, {__len = function() return 1 << 50 end})
    table.insert(t, 1, "x")
  end,
}
