-- prfaq.faq-answers: every question in the FAQ has an answer.  An
-- unanswered question is usually a placeholder the writer forgot, or a
-- question the team cannot answer yet, which a reviewer needs to know.
--
-- Code, because questions come as "### Question?" headings, "**Question?**"
-- lines, "**Q:** ... / **A:** ..." pairs and numbered lists, and an
-- answer is whatever follows up to the next question (see "prfaq
-- questions").
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

-- BEGIN prfaq questions -----------------------------------------------
-- The FAQ's questions, and whether each has an answer.  Carried, like
-- "prfaq parts" above, by every rule that reads the questions.
--
-- A question is a heading that ends with "?" or starts with a label
-- ("Q:", "Q1.", "Question:", "C1."); or a paragraph that starts with
-- such a label, or whose first line ends with "?" with no sentence ended
-- before it ("**Who is it for?**" then its answer); or, in an FAQ that
-- has none of these, a list item whose first line ends with "?" (an FAQ
-- written as a numbered list).  Its answer is the rest of its block
-- (after an "A:" label), or else the blocks that follow, up to the next
-- question or the next heading of the same or a higher level.
local Q_LABEL = redline.pattern(
	[[^\s*(?:Q(?:uestion)?\s*\d{0,3}|[A-Z]\d{1,3})\s*[:.)]\s*]])
local A_LABEL = redline.pattern([[^\s*A(?:nswer)?\s*\d{0,3}\s*[:.)]\s*]])
local Q_ENDS_LINE = redline.pattern(
	[[^\s*((?:(?![.!]\s+\p{Lu})[^\n]){0,400}?\?)(?=[ \t]*(?:\n|$))]])
local Q_TO_MARK = redline.pattern(
	[[^[ \t]*((?:(?![.!]\s+\p{Lu}).){0,400}?\?)]], "s")
local Q_LINE = redline.pattern([[^[ \t]*([^\n]*[^\s])]])
local HAS_WORD = redline.pattern([=[[\p{L}\p{N}]]=])

-- labelled: text may start with a label (a capital, then a digit, or
-- "Q"), the cheap test before Q_LABEL and A_LABEL.
local function labelled(text)
	local i, c = 1, text:byte(1)
	while c == 32 or c == 9 or c == 10 do
		i = i + 1
		c = text:byte(i)
	end
	if not c then return false end
	local d = text:byte(i + 1)
	return c == 81 or c == 113 or c == 65 or c == 97 or
		(c >= 65 and c <= 90 and d ~= nil and d >= 48 and d <= 57)
end

-- ask parses the start of a block's text.  It returns the question's
-- offset in text, its text and the text after it, and whether it has a
-- label; nil when the block asks nothing.
local function ask(text)
	local lab = labelled(text) and redline.match(Q_LABEL, text)
	if lab then
		if redline.match(A_LABEL, text) then return nil end
		local rest = text:sub(lab.length + 1)
		local q = redline.match(Q_TO_MARK, rest) or
			redline.match(Q_LINE, rest)
		if not q then return lab.length, "", rest, true end
		local qo = q:span(1)
		return lab.length + qo, q[1], rest:sub(q.length + 1), true
	end
	if not text:find("?", 1, true) then return nil end
	local q = redline.match(Q_ENDS_LINE, text)
	if q then
		local off = q:span(1)
		return off, q[1], text:sub(q.length + 1), false
	end
	return nil
end

-- has_answer: text (after an "A:" label) has a letter or digit.
local function has_answer(text)
	local a = labelled(text) and redline.match(A_LABEL, text)
	return redline.match(HAS_WORD, a and text:sub(a.length + 1) or text)
		~= nil
end

-- faq_questions returns the questions in the FAQ, in order: {block,
-- offset, length, text, answered, heading (level or nil)}.
local function faq_questions(doc, parts)
	local blocks, qs, items = faq_blocks(doc, parts), {}, {}
	local listed = true -- no question outside lists seen: a list FAQ
	for i, b in ipairs(blocks) do
		local kind, it = b.kind, {}
		if kind == "heading" then
			local t = b.text
			it.heading = b.level
			if t:find("?", 1, true) or
			   (labelled(t) and redline.match(Q_LABEL, t)) then
				local l = redline.match(Q_LINE, t)
				local lo, ll = l:span(1)
				it.q = {offset = b.offset + lo, length = ll,
					text = l[1], heading = it.heading}
				listed = false
			end
		elseif kind == "paragraph" or kind == "list_item" then
			local text, words = b.text, b.n_words
			local off, q, rest, lab = ask(text)
			if off then
				if kind == "paragraph" or lab then
					listed = false
				else
					it.list_q = true
				end
				it.q = {offset = b.offset + off, length = #q, text = q,
					inline = has_answer(rest)}
			end
			it.content = words > 2 or (words > 0 and has_answer(text))
		else
			it.content = true -- code, tables
		end
		it.block = b
		items[i] = it
	end
	for i, it in ipairs(items) do
		local q = it.q
		if it.list_q and not listed then q = nil end
		if q then
			q.block = it.block
			q.answered = q.inline or false
			local j = i + 1
			while not q.answered and items[j] do
				local n = items[j]
				if n.q and not (n.list_q and not listed) then break end
				if n.heading and (not q.heading or
				    n.heading <= q.heading) then
					break
				end
				if n.content then q.answered = true end
				j = j + 1
			end
			qs[#qs + 1] = q
		end
	end
	return qs
end
-- END prfaq questions -------------------------------------------------

return {
	level = "warning",
	message = "%s",
	category = "structure",
	cap = 20,
	description = "Every question in the FAQ is followed by an answer " ..
		"before the next question or heading.",
	check = function(doc)
		local parts = prfaq_parts(doc)
		for _, q in ipairs(faq_questions(doc, parts)) do
			if q.text == "" then
				redline.report{offset = q.offset, length = 0, args = {
					"This question is empty: write the question " ..
					"and its answer, or remove it."}}
			elseif not q.answered then
				redline.report{offset = q.offset, length = q.length,
					args = {"Answer this question, or remove it."}}
			end
		end
	end,
}
