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

-- BEGIN prfaq parts ---------------------------------------------------
-- Where the press release and the FAQ are.  A Lua rule cannot load
-- another file, so every prfaq rule that needs them carries this same
-- block; tests/e2e/prfaq.sh checks that the copies are identical.
--
-- The FAQ is each section whose title names one ("FAQ", "Frequently
-- Asked Questions", "Customer FAQs", "Q&A"), except titles that name the
-- whole document ("Cabana PR/FAQ", "Press Release / FAQ").  Where no
-- heading does, it is a line that is only such a title ("**FAQ**") up to
-- the end of its section; failing that, a run of "Q:" questions, from
-- the first one on.  The press release is the section titled "Press
-- Release" that starts before the FAQ, or else everything before the FAQ.
local P_FAQ = redline.pattern(
	[[\bFAQs?\b|\bfrequently\s+asked\s+questions\b|\bQ\s*&\s*A\b]] ..
	[[|\bquestions\s+(?:and|&)\s+answers\b]], "i")
local P_WHOLE = redline.pattern(
	[[\bPR\s*[/&+-]?\s*FAQ|press\s+release\s*(?:[/&+-]|and)\s*]] ..
	[[(?:FAQ|frequently)]], "i")
local P_FAQ_LINE = redline.pattern(
	[[^[ \t]*(?:(?:customer|external|internal|public)\s+)?(?:FAQs?]] ..
	[[|frequently\s+asked\s+questions)(?:\s*\(FAQs?\))?[ \t]*:?[ \t]*$]],
	"im")
local P_Q_LINE = redline.pattern([[^[ \t]*Q\s*\d*\s*[:.]\s*\S]], "m")
local P_PRESS = redline.pattern([[\bpress\s+release\b]], "i")

-- may_name_faq / may_name_press: cheap tests before the patterns.
local function may_name_faq(lower)
	return lower:find("faq", 1, true) or lower:find("question", 1, true) or
		lower:find("q&a", 1, true) or lower:find("q & a", 1, true)
end

-- prfaq_parts returns {sections, titles, faqs = {{offset, stop,
-- section}...}, faq_start, pr (the press release section or nil),
-- pr_start, pr_stop}.
local function prfaq_parts(doc)
	local secs, titles, faqs = doc:sections(), {}, {}
	for i, s in ipairs(secs) do
		local t = s.title
		titles[i] = t
		local lower = t:lower()
		if may_name_faq(lower) then
			local off = s.offset
			local last = faqs[#faqs]
			if not (last and off < last.stop) and
			   redline.match(P_FAQ, t) and
			   not redline.match(P_WHOLE, t) then
				faqs[#faqs + 1] = {offset = off,
					stop = off + s.length, section = s}
			end
		end
	end
	if #faqs == 0 then
		local m = redline.match(P_FAQ_LINE, doc)
		if m then
			local stop = doc.length
			for _, s in ipairs(secs) do
				local off = s.offset
				if off <= m.offset and m.offset < off + s.length then
					stop = off + s.length
				end
			end
			faqs[1] = {offset = m.offset, stop = stop}
		else
			local n, first = 0, nil
			for q in redline.find(P_Q_LINE, doc) do
				n = n + 1
				first = first or q.offset
				if n == 2 then
					faqs[1] = {offset = first, stop = doc.length}
					break
				end
			end
		end
	end
	local parts = {sections = secs, titles = titles, faqs = faqs,
		faq_start = faqs[1] and faqs[1].offset or doc.length}
	parts.pr_start, parts.pr_stop = 0, parts.faq_start
	for i, s in ipairs(secs) do
		local t = titles[i]
		if t:lower():find("press", 1, true) then
			local off = s.offset
			if off >= parts.faq_start then break end
			if redline.match(P_PRESS, t) and
			   not redline.match(P_FAQ, t) then
				parts.pr, parts.pr_start = s, off
				parts.pr_stop = math.min(off + s.length,
					parts.faq_start)
				break
			end
		end
	end
	return parts
end

-- blocks_in lists the blocks that start in [start, stop), taken from
-- node (a section holding them, or the document).
local function blocks_in(node, start, stop)
	local list = {}
	for _, b in ipairs(node:blocks()) do
		if b.offset >= stop then break end
		if b.offset >= start then list[#list + 1] = b end
	end
	return list
end

-- pr_blocks lists the press release's blocks.
local function pr_blocks(doc, parts)
	return blocks_in(parts.pr or doc, parts.pr_start, parts.pr_stop)
end

-- faq_blocks lists the blocks of every part of the FAQ, in order.
local function faq_blocks(doc, parts)
	local list = {}
	for _, f in ipairs(parts.faqs) do
		for _, b in ipairs(blocks_in(f.section or doc, f.offset,
		    f.stop)) do
			list[#list + 1] = b
		end
	end
	return list
end
-- end_at is where a part missing from a run of blocks is reported: the
-- last character of the last block, as the sections kind does; nil when
-- there are no blocks.
local function end_at(blocks)
	local b = blocks[#blocks]
	if not b then return nil end
	return b.offset + (b.length > 0 and b.length - 1 or 0)
end
-- END prfaq parts -----------------------------------------------------

-- BEGIN prfaq opening -------------------------------------------------
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

-- pr_opening returns the headline, subheading and first paragraph
-- blocks (each may be nil) and the press release's blocks.
local function pr_opening(doc, parts, src)
	local all, headline, sub, first = doc:blocks(), nil, nil, nil
	local h
	for i, b in ipairs(all) do
		if not (skippable(b) or b.in_quote or emphasised(src, b)) then
			if b.kind == "heading" and b.level == 1 then
				headline, h = b, i
			end
			break
		end
	end
	if not headline then
		for i, b in ipairs(all) do
			if b.offset >= parts.pr_stop then break end
			if b.offset >= parts.pr_start and not skippable(b) then
				if b.kind == "heading" or emphasised(src, b) then
					headline, h = b, i
				end
				break
			end
		end
	end
	local k = (h or 0) + 1
	while headline and all[k] and skippable(all[k]) do k = k + 1 end
	local c, n = all[k], all[k + 1]
	if headline and c and c.offset < parts.faq_start and
	   is_sub(src, headline, c, n) then
		sub = c
	end
	local after = (sub or headline or {offset = -1}).offset
	local blocks = pr_blocks(doc, parts)
	for _, b in ipairs(blocks) do
		if b.offset > after and b.kind == "paragraph" and
		   not skippable(b) and not emphasised(src, b) and
		   not b.in_quote then
			first = b
			break
		end
	end
	return headline, sub, first, blocks
end
-- END prfaq opening ---------------------------------------------------

return {
	level = "warning",
	message = "Open the press release's first paragraph with a date " ..
		"line, such as 'SEATTLE, WA – March 2, 2026 –'%s",
	category = "structure",
	points = 10,
	description = "The press release's first paragraph opens with a " ..
		"date line: city, region and date, separated by –, — or -.",
	check = function(doc)
		local parts = prfaq_parts(doc)
		local headline, sub, first, blocks =
			pr_opening(doc, parts, doc.raw)
		if not first then
			local at = sub or headline or blocks[#blocks]
			redline.report{length = 0, offset = at and
				at.offset + math.max(at.length - 1, 0) or 0,
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
