-- prfaq.subheading: under the headline, one sentence names the customer
-- and the benefit, so a reader who stops there knows who gains what.
--
-- Code, because "the block right after the headline" depends on where
-- the headline is (see lib/opening.lua).
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_last = parts.pr_last
local opening = require "opening"
local pr_opening = opening.pr_opening


return {
	level = "warning",
	message = "%s",
	category = "structure",
	points = 10,
	description = "A one-sentence subheading (a lesser heading, or a " ..
		"bold or italic line) follows the headline.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local o = pr_opening(ctx)
		if o.sub then
			if o.sub.sentences > 1 then
				redline.report{offset = o.sub.offset,
					length = o.sub.length, args = {
					"Make the subheading one sentence: who the " ..
					"customer is and what they gain."}}
			end
			return
		end
		local at = o.headline and
			o.headline.offset + math.max(o.headline.length - 1, 0) or
			pr_last(ctx)
		redline.report{offset = at, length = 0,
			args = {"Follow the headline with a one-sentence " ..
				"subheading that names the customer and the benefit."}}
	end,
}
