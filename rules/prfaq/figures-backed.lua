-- prfaq.figures-backed: every figure the press release claims (a
-- percentage, an amount of money, a duration, a multiple) must come back
-- somewhere in the FAQ, where the team explains how it knows.
--
-- YAML cannot say this: it compares what one part of the document claims
-- with what another part contains (see lib/parts.lua for where the press
-- release and the FAQ are).  Figures compare by value and unit, so "40%"
-- is backed by "40 percent" and "$2.5 million" by "$2.5M".
local redline = require "redline"

-- One pattern for every kind of figure, so the text is scanned once; the
-- groups that took part say which kind it is:
--   1 currency, 2 amount, 3 magnitude      ($2.5 million)
--   4 number, then 5 percent, 6 duration unit or 7 "x"
-- Patterns compile once per Lua state (see docs/packs.md).
local FIGURE = redline.pattern(
	[[([$€£¥])\s?(\d[\d,]*(?:\.\d+)?)]] ..
	[[(?:\s?(thousand|million|billion|trillion|bn|[kmb])\b)?]] ..
	[[|\b(\d[\d,]*(?:\.\d+)?)(?:\s?(%|percent\b|per cent\b)]] ..
	[[|[\s-]?(milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?]] ..
	[[|hrs?|days?|weeks?|months?|years?|yrs?)\b|(x)\b)]],
	"i")

local MAGNITUDE = {
	thousand = "k", k = "k", million = "m", m = "m", billion = "b",
	bn = "b", b = "b", trillion = "t",
}
local DURATION = {
	ms = "ms", millisecond = "ms", milliseconds = "ms",
	second = "s", seconds = "s", sec = "s", secs = "s",
	minute = "min", minutes = "min", min = "min", mins = "min",
	hour = "h", hours = "h", hr = "h", hrs = "h",
	day = "d", days = "d", week = "w", weeks = "w",
	month = "mo", months = "mo", year = "y", years = "y",
	yr = "y", yrs = "y",
}

-- number turns "2,600.50" into "2600.5".
local function number(s)
	if s:find(",", 1, true) then
		local bytes = {s:byte(1, -1)}
		local keep = {}
		for _, b in ipairs(bytes) do
			if b ~= 44 then keep[#keep + 1] = b end -- 44: ","
		end
		s = string.char(table.unpack(keep))
	end
	local n = tonumber(s)
	return n and string.format("%.10g", n) or s
end

-- key is what two figures must share to be the same claim.
local function key(m)
	if m[1] then
		return m[1] .. number(m[2]) ..
			(MAGNITUDE[(m[3] or ""):lower()] or "")
	elseif m[5] then
		return number(m[4]) .. "%"
	elseif m[6] then
		return number(m[4]) .. " " .. (DURATION[m[6]:lower()] or m[6])
	end
	return number(m[4]) .. "x"
end

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_node = parts.pr_node
local faq_node = parts.faq_node

return {
	level = "warning",
	message = "Back up the figure '%s' from the press release in the FAQ.",
	category = "evidence",
	description = "Every percentage, amount, duration or multiple that " ..
		"the press release claims appears again in the FAQ, where " ..
		"the team explains it.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local parts = ctx.parts
		if #parts.faqs == 0 then return end
		local backed = {}
		for _, f in ipairs(parts.faqs) do
			for m in faq_node(ctx, f):find(FIGURE) do
				if m.offset >= f.offset and m.offset < f.stop then
					backed[key(m)] = true
				end
			end
		end
		-- In document order, each missing figure once.
		local seen = {}
		for m in pr_node(ctx):find(FIGURE) do
			if m.offset >= parts.pr_stop then break end
			local k = key(m)
			if m.offset >= parts.pr_start and not backed[k] and
			   not seen[k] then
				seen[k] = true
				redline.report{match = m, args = {m.text}}
			end
		end
	end,
}
