-- prfaq.dateline: a press release's first paragraph opens with a date
-- line, "SEATTLE, WA – March 2, 2026 –": where and when it launches,
-- which makes the writer commit to both.
--
-- Code, because "the first paragraph of the press release" comes after
-- a headline and subheading that can take several forms (see "prfaq
-- opening").  Template placeholders ("[City, State] – [Date] –") and a
-- date without a place (or a place without a date) do not count.
local redline = require "redline"

local PLACEHOLDER = redline.pattern([=[^\s*\[]=])
local FIRST_WORD = redline.pattern([[^\s*(\S+)]])

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_last = parts.pr_last
local opening = require "opening"
local pr_opening = opening.pr_opening
local O_DATELINE = opening.O_DATELINE


return {
	level = "warning",
	message = "Open the press release's first paragraph with a date " ..
		"line, such as 'SEATTLE, WA – March 2, 2026 –'%s",
	category = "structure",
	points = 10,
	description = "The press release's first paragraph opens with a " ..
		"date line: city, region and date, separated by –, — or -.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local o = pr_opening(ctx)
		local first = o.first
		if not first then
			local at = o.sub or o.headline
			redline.report{length = 0, offset = at and
				at.offset + math.max(at.length - 1, 0) or pr_last(ctx),
				args = {"; the press release has no paragraph."}}
			return
		end
		if redline.match(O_DATELINE, first.text) then return end
		local w = redline.match(FIRST_WORD, first.text)
		local off, len = w:span(1)
		redline.report{offset = first.offset + off, length = len,
			args = {redline.match(PLACEHOLDER, first.text) and
				"; fill in the placeholders." or "."}}
	end,
}
