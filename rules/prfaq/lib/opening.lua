-- prfaq lib/opening.lua (require "opening"), shared by the pack's Lua rules.
local redline = require "redline"
local parts = require "parts"
local memoized = parts.memoized
local blocks_in = parts.blocks_in
local pr_blocks = parts.pr_blocks

-- The press release's opening: its headline, the subheading under it and
-- its first paragraph.  Shared by prfaq.subheading and prfaq.dateline.
--
-- The headline is the document's first level-1 heading when nothing but
-- notes ("[DRAFT]", block quotes, bold or italic lines) comes before it
-- and it does not name
-- the document ("Cabana PR/FAQ", "PRFAQ: Cabana", "Press Release");
-- otherwise the first other heading or all-bold (or italic) line of the
-- press release.  The subheading is the next block when it is a lesser
-- heading of at least five words, an all-bold or italic line, a
-- "Subtitle:" line, a one-sentence block quote, or a one-sentence
-- paragraph followed by a heading or by a paragraph that opens with a
-- date line.  The first paragraph is the press release's first paragraph
-- after them that is not a note, a release line ("FOR IMMEDIATE
-- RELEASE"), a block quote or an all-bold or italic line.
local O_RELEASE = redline.pattern(
	[[^\s*for\s+(?:immediate|worldwide|\w+)\s+release\b]], "i")
local O_SUBTITLE = redline.pattern(
	[[^\s*sub-?(?:title|heading|headline)\s*:]], "i")
local O_NOTE = redline.pattern([=[^\s*\[[^\]]*\]\s*$]=])
local O_DOC_TITLE = redline.pattern(
	[[^\s*(?:PR\s*[/&+-]?\s*FAQs?|press\s+release)\b|\b(?:PR\s*[/&+-]?]] ..
	[[\s*FAQs?|press\s+release|FAQs?)(?:\s+document)?\s*(?:\([^)]*\))?]] ..
	[[\s*$]], "i")
local O_MONTH = [[(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?]] ..
	[[|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?]] ..
	[[|nov(?:ember)?|dec(?:ember)?)\.?]]
local O_DAY = [[\d{1,2}(?i:st|nd|rd|th)?]]
local O_DATE = [[(?:]] .. O_MONTH .. [[\s+]] .. O_DAY .. [[,?\s+\d{4}|]] ..
	O_DAY .. [[\s+]] .. O_MONTH .. [[,?\s+\d{4}|]] .. O_MONTH ..
	[[,?\s+\d{4}|\d{4}-\d{2}-\d{2})]]
local O_WORD = [[\p{Lu}[\p{L}.'’]*]]
local O_PLACE = O_WORD .. [[(?:[ \t-]+(?:]] .. O_WORD ..
	[[|de|del|la|le|of|upon|on|am|sur))*]]
local O_SEP = [[(?:[–—]|-{1,3}|\|)]]
-- "CITY[, REGION] – DATE –" at the start of a paragraph.
local O_DATELINE = redline.pattern([[^\s*]] .. O_PLACE .. [[(?:\s*,\s*]] ..
	O_PLACE .. [[)?\s*]] .. O_SEP .. [[\s*]] .. O_DATE .. [[\s*(?:]] ..
	O_SEP .. [[|:)]])

-- emphasised: the block is a paragraph that is all bold or italic, at
-- most 60 words.  src is the document's source.
local function emphasised(src, b)
	if b.kind ~= "paragraph" or b.offset == 0 or b.n_words > 60 then
		return false
	end
	local open = src:byte(b.offset)                -- the byte before
	local close = src:byte(b.offset + b.length + 1) -- the byte after
	return (open == 42 or open == 95) and (close == 42 or close == 95)
end

-- skippable: blocks that are no part of the opening: no words, a note,
-- a release line, a heading that names the document or its parts.
local function skippable(b)
	return b.n_words == 0 or redline.match(O_NOTE, b.text) ~= nil or
		redline.match(O_RELEASE, b.text) ~= nil or
		(b.kind == "heading" and redline.match(O_DOC_TITLE, b.text) ~= nil)
end

local function one_sentence(b)
	return b.kind == "paragraph" and b.n_words <= 40 and
		#b:sentences() == 1
end

-- is_sub: c (followed by n) is the subheading under headline.
local function is_sub(src, headline, c, n)
	if c.kind == "heading" then
		return c.n_words >= 5 and (headline.kind ~= "heading" or
			c.level > headline.level)
	end
	if emphasised(src, c) or redline.match(O_SUBTITLE, c.text) then
		return true
	end
	if not one_sentence(c) or redline.match(O_DATELINE, c.text) then
		return false
	end
	return c.in_quote or (n ~= nil and (n.kind == "heading" or
		(n.kind == "paragraph" and
		 redline.match(O_DATELINE, n.text) ~= nil)))
end

-- plain_block keeps what the rules need of a block.
local function plain_block(b, text)
	if not b then return nil end
	return {offset = b.offset, length = b.length, kind = b.kind,
		level = b.level, sentences = #b:sentences(), text = text}
end

-- find_opening computes the opening (see pr_opening).
local function find_opening(ctx)
	local parts, src = ctx.parts, ctx.memo.raw
	local top = parts.secs[1]
	-- The headline may sit above a "Press Release" section.
	local all = (parts.pr and top and top.level == 1 and
		top.offset < parts.pr_start) and
		blocks_in(ctx.doc, 0, parts.pr_stop) or pr_blocks(ctx)
	local headline, sub, first
	for _, b in ipairs(all) do
		if not (skippable(b) or b.in_quote or emphasised(src, b)) then
			if b.kind == "heading" and b.level == 1 then headline = b end
			break
		end
	end
	local i = 1
	if headline then
		while all[i] and all[i].offset <= headline.offset do i = i + 1 end
	else
		while all[i] and (all[i].offset < parts.pr_start or
		    skippable(all[i])) do
			i = i + 1
		end
		local b = all[i]
		if b and (b.kind == "heading" or emphasised(src, b)) then
			headline = b
			i = i + 1
		end
	end
	if headline then
		while all[i] and skippable(all[i]) do i = i + 1 end
		local c = all[i]
		if c and is_sub(src, headline, c, all[i + 1]) then
			sub = c
			i = i + 1
		end
	end
	while all[i] do
		local b = all[i]
		if b.offset >= parts.pr_start and b.kind == "paragraph" and
		   not skippable(b) and not emphasised(src, b) and
		   not b.in_quote then
			first = b
			break
		end
		i = i + 1
	end
	return {headline = plain_block(headline), sub = plain_block(sub),
		first = plain_block(first, first and first.text)}
end

-- pr_opening returns the press release's opening as {headline, sub,
-- first}: plain blocks {offset, length, kind, level, sentences, text
-- (first only)} or nil.
local function pr_opening(ctx)
	return memoized(ctx, "opening", find_opening)
end

return {
	O_DATELINE = O_DATELINE,
	pr_opening = pr_opening,
}
