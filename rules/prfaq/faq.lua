-- prfaq.faq: the FAQ is half of a PR/FAQ: the questions customers and
-- reviewers will ask, answered before they ask them.
--
-- Code, not the sections kind, because the FAQ is found the way every
-- prfaq rule finds it (a heading, a title line such as "**FAQ**", or a
-- run of "Q:" questions; see "prfaq parts").
local redline = require "redline"

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

return {
	level = "error",
	message = "Add an FAQ: a section titled 'Frequently Asked " ..
		"Questions' (or 'FAQ') that answers the questions customers " ..
		"and reviewers will ask.",
	category = "structure",
	points = 30,
	cap = 30,
	description = "The document has an FAQ section.",
	check = function(doc)
		if #prfaq_parts(doc).faqs == 0 then
			redline.report{offset = 0, length = 0}
		end
	end,
}
