-- prfaq.call-to-action: a press release ends by telling the customer how
-- to get it or start using it: where, how, and what it costs them.
--
-- Code, because "the end of the press release" is what comes last before
-- the FAQ (see lib/parts.lua).  Its last third (at least its last 600
-- bytes), links and commands included, must say how to get started, or a
-- part of the press release must be titled for it ("Availability",
-- "Getting Started", "Call to Action", "How to get it", "Pricing").
local redline = require "redline"

local CTA = redline.pattern(
	[[\b(?:available\s+(?:today|now|from|at|in|on|for|to|through|via)]] ..
	[[|(?:is|are)\s+(?:now\s+)?(?:available|live|included|free)]] ..
	[[|get(?:ting)?\s+started|to\s+(?:learn\s+more|get\s+started|start]] ..
	[[|try|sign\s+up|download|install|join|register|apply|buy|order]] ..
	[[|request|enable|use)|sign\s+up|download|install|visit|go\s+to]] ..
	[[|head\s+to|try\s+it|learn\s+more|start\s+(?:using|today|now]] ..
	[[|your|a\s+free)|contact|join|register|subscribe|turn\s+(?:it\s+)?on]] ..
	[[|request\s+(?:access|a\s+demo)|clone|pip\s+install|npm\s+install]] ..
	[[|brew\s+install|docker\s+(?:run|pull)|cargo\s+install]] ..
	[[|let(?:'s|’s|\s+us)\s+(?:use|try|get)|use\s+\S+\s+(?:now|today))\b]] ..
	[[|https?://|www\.]], "i")
local TITLE = redline.pattern(
	[[\b(?:availability|available|get(?:ting)?\s+started|call\s+to\s+action]] ..
	[[|how\s+to\s+(?:get|start|use|try|buy|join)|pricing|try\s+it]] ..
	[[|sign\s+up|where\s+to\s+(?:get|find))\b]], "i")

local TITLE_LINE = redline.pattern(
	[[^[ \t*_]*(?:availability|get(?:ting)?\s+started|call\s+to\s+action]] ..
	[[|how\s+to\s+(?:get|start|use|try|buy|join)|pricing]] ..
	[[|try\s+it)[ \t*_]*:?[ \t*_]*$]], "im")

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_node = parts.pr_node
local slice = parts.slice
local pr_last = parts.pr_last

return {
	level = "warning",
	message = "End the press release with a call to action: how the " ..
		"customer gets it or starts using it, and where.",
	category = "structure",
	points = 10,
	description = "The end of the press release (its last third, or a " ..
		"part titled 'Availability', 'Getting Started' or 'Call to " ..
		"Action') tells the customer how to get started.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local parts = ctx.parts
		for _, s in ipairs(parts.secs) do
			if s.offset > parts.pr_start and s.offset < parts.pr_stop and
			   redline.match(TITLE, s.title) then
				return
			end
		end
		-- Its source from there on, so links and commands in code
		-- count too.
		local node = pr_node(ctx)
		local base, raw = node.offset, node.raw
		local stop = math.min(parts.pr_stop, base + #raw)
		local from = parts.pr_start +
			math.floor((stop - parts.pr_start) * 2 / 3)
		from = math.max(math.min(from, stop - 600), parts.pr_start)
		local tail = slice(raw, from - base + 1, stop - base)
		if redline.match(TITLE_LINE, tail) or redline.match(CTA, tail) then
			return
		end
		redline.report{offset = pr_last(ctx), length = 0}
	end,
}
