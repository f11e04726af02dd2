-- A module of the pack: runs once per pack environment, and counts it.
local redline = require "redline"
local NAME = redline.pattern("Redline")

loads = (loads or 0) + 1 -- a global of the pack's environment

local M = {}

-- each calls fn(m) for every "Redline" of doc.
function M.each(doc, fn)
	for m in redline.find(NAME, doc) do fn(m) end
end

return M
