-- prfaq.figures-backed: every figure the press release claims (a
-- percentage, an amount of money, a duration, a multiple) must come back
-- somewhere in the FAQ, where the team explains how it knows.
--
-- YAML cannot say this: it compares what one section claims with what
-- other sections contain.  Figures compare by value and unit, so "40%"
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
local PRESS_RELEASE = redline.pattern([[press release]], "i")
local FAQ = redline.pattern([[\bFAQs?\b|frequently asked questions]], "i")

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

local function contains(a, b)
	return a.offset <= b.offset and
		b.offset + b.length <= a.offset + a.length and a ~= b
end

local function holds_any(s, list)
	for _, o in ipairs(list) do
		if contains(s, o) or s == o then return true end
	end
	return false
end

-- parts finds the press release (a node to search and the offset where
-- it stops) and the FAQ sections.  A title that names both ("Press
-- Release / FAQ") is an umbrella, not a part.
local function parts(doc)
	local pr, faq = {}, {}
	for _, s in ipairs(doc:sections()) do
		local title = s.title
		if redline.match(PRESS_RELEASE, title) then pr[#pr + 1] = s end
		if redline.match(FAQ, title) then faq[#faq + 1] = s end
	end
	local faqs = {}
	for _, s in ipairs(faq) do
		if not holds_any(s, pr) then
			local inner = false
			for _, o in ipairs(faqs) do
				if contains(o, s) then inner = true end
			end
			if not inner then faqs[#faqs + 1] = s end
		end
	end
	if #faqs == 0 then return nil end
	for _, s in ipairs(pr) do
		if not holds_any(s, faq) then
			return s, s.offset + s.length, faqs
		end
	end
	-- No press release heading: it is what comes before the FAQ.
	return doc, faqs[1].offset, faqs
end

return {
	level = "warning",
	message = "Back up the figure '%s' from the press release in the FAQ.",
	category = "evidence",
	description = "Every percentage, amount, duration or multiple that " ..
		"the press release claims appears again in the FAQ, where " ..
		"the team explains it.",
	check = function(doc)
		local pr, stop, faqs = parts(doc)
		if not pr then return end
		local backed = {}
		for _, s in ipairs(faqs) do
			for m in s:find(FIGURE) do backed[key(m)] = true end
		end
		-- In document order, each missing figure once.
		local seen = {}
		for m in pr:find(FIGURE) do
			if m.offset >= stop then break end
			local k = key(m)
			if not backed[k] and not seen[k] then
				seen[k] = true
				redline.report{match = m, args = {m.text}}
			end
		end
	end,
}
