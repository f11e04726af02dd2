-- prfaq.pr-length: the press release fits on about one page.  A longer
-- one is usually a spec in disguise; the detail belongs in the FAQ.
--
-- Code, because the press release is "everything before the FAQ" (or the
-- section titled "Press Release"), which no YAML scope names.
local redline = require "redline"

local MAX_WORDS = 700

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local section_node = parts.section_node
local pr_blocks = parts.pr_blocks
local pr_last = parts.pr_last

-- heading_words counts the words of section i's heading.
local function heading_words(ctx, i)
	local h = section_node(ctx, i).heading
	return h and h.n_words or 0
end

-- pr_words counts the press release's words from the sections' counts,
-- without walking its blocks; nil when the parts do not fall on section
-- bounds (then the blocks are counted).
local function pr_words(ctx)
	local parts = ctx.parts
	local secs, stop = parts.secs, parts.pr_stop
	if parts.pr then
		local s = secs[parts.pr]
		for _, o in ipairs(secs) do
			if o.offset >= stop and o.offset < s.stop then return nil end
		end
		if s.stop > stop then return nil end
		return section_node(ctx, parts.pr).n_words +
			heading_words(ctx, parts.pr)
	end
	local words = ctx.doc.root.n_words
	if stop >= ctx.doc.length then return words end
	if not parts.faqs[1].sec then return nil end
	local covered = stop
	for i, s in ipairs(secs) do
		if s.offset >= covered then
			words = words - section_node(ctx, i).n_words -
				heading_words(ctx, i)
			covered = s.stop
		end
	end
	return words
end

return {
	level = "warning",
	message = "The press release runs to %s words; cut it to about one " ..
		"page (%s words) and move the detail to the FAQ.",
	category = "structure",
	points = 30,
	cap = 30,
	description = "The press release (the section titled 'Press " ..
		"Release', or everything before the FAQ) has at most 700 words.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local total = pr_words(ctx)
		if total and total <= MAX_WORDS then return end
		local sum, at = 0, nil
		for _, b in ipairs(pr_blocks(ctx)) do
			sum = sum + b.n_words
			if sum > MAX_WORDS and not at then at = b.offset end
		end
		total = total or sum
		if total > MAX_WORDS then
			redline.report{offset = at or pr_last(ctx), length = 0,
				args = {tostring(total), tostring(MAX_WORDS)}}
		end
	end,
}
