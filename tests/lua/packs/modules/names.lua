-- Reports every "Redline" through the words module, at its exact place.
local redline = require "redline"
local words = require "words"

return {
  level = "warning",
  message = "found %s",
  check = function(doc)
    words.each(doc, function(m) redline.report{match = m, args = {m.text}} end)
  end,
}
