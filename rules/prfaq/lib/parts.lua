-- prfaq lib/parts.lua (require "parts"): where the press release and
-- the FAQ are, for the pack's Lua rules.
--
-- Several rules need the same analyses of a document (its parts, the
-- FAQ's questions, the press release's opening and quotes: the modules
-- of lib/).  Each is computed once per document and thread and kept in
-- this module's memo (a module runs once per pack environment, that is
-- once per thread), as plain data (offsets and strings, never nodes),
-- keyed by the document's format and bytes: a rule reuses a result only
-- for the very same document, so no result depends on which documents or
-- rules ran before it.
--
-- The FAQ is each section whose title names one ("FAQ", "Frequently
-- Asked Questions", "Customer FAQs", "Q&A"), except titles that name the
-- whole document ("Cabana PR/FAQ", "Press Release / FAQ").  Where no
-- heading does, it is a line that is only such a title ("**FAQ**") up to
-- the end of its section; failing that, a run of "Q:" questions, from
-- the first one on.  The press release is the section titled "Press
-- Release" that starts before the FAQ, or else everything before the FAQ.
local redline = require "redline"

local last_memo -- the memo of the last document seen

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
	local memo = last_memo
	if not (memo and memo.format == format and memo.raw == raw) then
		memo = {raw = raw, format = format}
		last_memo = memo
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

return {
	prfaq_context = prfaq_context,
	memoized = memoized,
	section_node = section_node,
	blocks_in = blocks_in,
	pr_node = pr_node,
	pr_blocks = pr_blocks,
	faq_node = faq_node,
	faq_blocks = faq_blocks,
	slice = slice,
	end_at = end_at,
	pr_last = pr_last,
}
