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
-- Several rules need the same analyses of a document (its parts, the
-- FAQ's questions, the press release's opening and quotes).  Each is
-- computed once per document and thread and kept in PRFAQ_MEMO, a global
-- of the pack's environment, as plain data (offsets and strings, never
-- nodes), keyed by the document's format and bytes: a rule reuses a
-- result only for the very same document, so no result depends on which
-- documents or rules ran before it.
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

-- may_name_faq: the cheap test before P_FAQ.
local function may_name_faq(lower)
	return lower:find("faq", 1, true) or lower:find("question", 1, true) or
		lower:find("q&a", 1, true) or lower:find("q & a", 1, true)
end

-- find_parts computes the parts (see prfaq_context) from the sections.
local function find_parts(doc, secs)
	local info, faqs = {}, {}
	for i, s in ipairs(secs) do
		local t, off = s.title, s.offset
		local stop = off + s.length
		info[i] = {offset = off, stop = stop, level = s.level, title = t,
			body = s.body_offset}
		local last = faqs[#faqs]
		if may_name_faq(t:lower()) and not (last and off < last.stop) and
		   redline.match(P_FAQ, t) and not redline.match(P_WHOLE, t) then
			faqs[#faqs + 1] = {offset = off, stop = stop, sec = i}
		end
	end
	if #faqs == 0 then
		local m = redline.match(P_FAQ_LINE, doc)
		if m then
			local stop = doc.length
			for _, s in ipairs(info) do
				if s.offset <= m.offset and m.offset < s.stop then
					stop = s.stop
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
	local parts = {secs = info, faqs = faqs,
		faq_start = faqs[1] and faqs[1].offset or doc.length}
	parts.pr_start, parts.pr_stop = 0, parts.faq_start
	for i, s in ipairs(info) do
		if s.offset >= parts.faq_start then break end
		if s.title:lower():find("press", 1, true) and
		   redline.match(P_PRESS, s.title) and
		   not redline.match(P_FAQ, s.title) then
			parts.pr, parts.pr_start = i, s.offset
			parts.pr_stop = math.min(s.stop, parts.faq_start)
			break
		end
	end
	return parts
end

-- prfaq_context returns the context of one rule's check: {doc, memo,
-- parts}.  parts is {secs = {{offset, stop, level, title, body}, ...}
-- (as doc:sections(); body is where the heading ends), faqs = {{offset, stop, sec}, ...} (sec: the index of
-- its section, nil for a title line or a run of questions), faq_start,
-- pr (the index of the press release's section, or nil), pr_start,
-- pr_stop}.
local function prfaq_context(doc)
	local raw, format = doc.raw, doc.format
	local memo = PRFAQ_MEMO
	if not (memo and memo.format == format and memo.raw == raw) then
		memo = {raw = raw, format = format}
		PRFAQ_MEMO = memo
	end
	local ctx = {doc = doc, memo = memo}
	if not memo.parts then
		ctx.secs = doc:sections()
		memo.parts = find_parts(doc, ctx.secs)
	end
	ctx.parts = memo.parts
	return ctx
end

-- memoized returns memo[key], computing it with fn(ctx) the first time.
local function memoized(ctx, key, fn)
	local v = ctx.memo[key]
	if v == nil then
		v = fn(ctx)
		ctx.memo[key] = v
	end
	return v
end

-- section_node returns the node of section i (sections are fetched once
-- per check).
local function section_node(ctx, i)
	ctx.secs = ctx.secs or ctx.doc:sections()
	return ctx.secs[i]
end

-- blocks_in lists the blocks that start in [start, stop), taken from
-- node (a section holding them, or the document).
local function blocks_in(node, start, stop)
	local list = {}
	for _, b in ipairs(node:blocks()) do
		local off = b.offset
		if off >= stop then break end
		if off >= start then list[#list + 1] = b end
	end
	return list
end

-- pr_node is the node that holds the press release.
local function pr_node(ctx)
	return ctx.parts.pr and section_node(ctx, ctx.parts.pr) or ctx.doc
end

-- pr_blocks lists the press release's blocks.
local function pr_blocks(ctx)
	return blocks_in(pr_node(ctx), ctx.parts.pr_start, ctx.parts.pr_stop)
end

-- faq_node is the node that holds FAQ part f.
local function faq_node(ctx, f)
	return f.sec and section_node(ctx, f.sec) or ctx.doc
end

-- faq_blocks lists the blocks of every part of the FAQ, in order.
local function faq_blocks(ctx)
	local list = {}
	for _, f in ipairs(ctx.parts.faqs) do
		for _, b in ipairs(blocks_in(faq_node(ctx, f), f.offset, f.stop)) do
			list[#list + 1] = b
		end
	end
	return list
end

-- slice is text:sub(i, j) moved inward to whole UTF-8 characters.  Each
-- string method call is charged to the rule's budget by the length of
-- the string, so slice only short strings, or a long one a few times.
local function slice(text, i, j)
	local b = text:byte(i)
	while b and b >= 0x80 and b < 0xC0 do
		i = i + 1
		b = text:byte(i)
	end
	if j < #text then
		b = text:byte(j + 1)
		while j >= i and b and b >= 0x80 and b < 0xC0 do
			b = text:byte(j)
			j = j - 1
		end
	end
	return text:sub(i, j)
end

-- end_at is where a part missing from a run of blocks is reported: the
-- last character of the last block, as the sections kind does; nil when
-- there are no blocks.
local function end_at(blocks)
	local b = blocks[#blocks]
	if not b then return nil end
	local len = b.length
	return b.offset + (len > 0 and len - 1 or 0)
end
-- pr_last is the offset of the press release's last character, where a
-- part missing from it is reported (as the sections kind reports a
-- missing section at the end of the one that should hold it).
local function pr_last(ctx)
	return memoized(ctx, "pr_last", function()
		return end_at(pr_blocks(ctx)) or ctx.parts.pr_start
	end)
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
