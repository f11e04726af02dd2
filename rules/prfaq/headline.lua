-- prfaq.headline: a PR/FAQ opens with its headline, a level-1 heading
-- that says what launches and for whom.  Nothing but front matter (and
-- blocks without words, such as a bare image) may come before it.
--
-- YAML's sections kind can require a level-1 heading somewhere; only
-- code can say that it is the first thing in the document.
local redline = require "redline"

return {
	level = "error",
	message = "Start with a headline: a level-1 heading that says what " ..
		"launches and for whom.",
	category = "structure",
	description = "The document opens with a level-1 heading.",
	check = function(doc)
		-- The first section's heading, when it is the first block, is
		-- the answer without walking the blocks.
		local first = doc:sections()[1]
		local h = first and first.heading
		if h and h.index == 0 then
			if first.level ~= 1 then
				redline.report{offset = h.offset, length = 0}
			end
			return
		end
		for _, b in ipairs(doc:blocks()) do
			if b.kind == "heading" and b.level == 1 then return end
			if b.n_words > 0 then
				redline.report{offset = b.offset, length = 0}
				return
			end
		end
		redline.report{offset = 0, length = 0}
	end,
}
