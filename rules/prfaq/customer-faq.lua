-- prfaq.customer-faq: the FAQ has a part for customers: the questions a
-- customer asks before buying or using it (price, setup, limits), not
-- only the team's questions.
--
-- Code, because the parts are named by headings or bold lines in many
-- ways, and an FAQ that names none is judged by its questions (see
-- "prfaq sides").
local redline = require "redline"

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

-- BEGIN prfaq questions -----------------------------------------------
-- The FAQ's questions, and whether each has an answer.  Carried, like
-- "prfaq parts" above, by every rule that reads the questions.
--
-- A question is a line of the FAQ that starts with a label ("Q:",
-- "Q1.", "Question:", "C1."; the question runs to its "?"), or that ends
-- with "?" with no sentence ended before it on the line: a heading
-- ("### Question?"), a bold line ("**Question?**"), a "Q:" line, or, in
-- an FAQ that asks in none of these ways, a list item (an FAQ written as
-- a numbered list).  Its answer is any word or code after it, up to the
-- next question, or the next heading (of the same or a higher level for
-- a heading question), besides "A:" labels and lesser headings.
local Q_LABEL = redline.pattern(
	[[^\s*(?:Q(?:uestion)?\s*\d{0,3}|[A-Z]\d{1,3})\s*[:.)]\s*]])
local A_LABEL = redline.pattern([[^\s*A(?:nswer)?\s*\d{0,3}\s*[:.)]\s*]])
-- A line that may hold a question or an answer label, in the prose; the
-- group is the line and the next two of its paragraph (a labelled
-- question can wrap).
local Q_CANDIDATE = redline.pattern(
	[[^(?=[ \t]*(?:(?:Q(?:uestion)?\s*\d{0,3}|[A-Z]\d{1,3}|A(?:nswer)?]] ..
	[[\s*\d{0,3})[ \t]*[:.)]|[^\n]*\?[ \t]*$))]] ..
	[[(?=([^\n]*(?:\n[^\n]*\S[^\n]*){0,2}))]], "m")
local Q_SENTENCE = redline.pattern([[[.!]\s+\p{Lu}]])
local Q_TO_MARK = redline.pattern(
	[[^[ \t]*((?:(?![.!]\s+\p{Lu}).){0,400}?\?)]], "s")
local Q_LINE = redline.pattern([[^[ \t]*([^\n]*[^\s])]])
local HAS_WORD = redline.pattern([=[[\p{L}\p{N}]]=])

-- labelled: text may start with a label (a capital, then a digit; or
-- "Q" or "A"), the cheap test before Q_LABEL and A_LABEL.
local function labelled(text)
	local i, c = 1, text:byte(1)
	while c == 32 or c == 9 or c == 10 or c == 13 do
		i = i + 1
		c = text:byte(i)
	end
	if not c then return false end
	local d = text:byte(i + 1)
	return c == 81 or c == 113 or c == 65 or c == 97 or
		(c >= 65 and c <= 90 and d ~= nil and d >= 48 and d <= 57)
end

-- has_answer: text, after an "A:" label, has a letter or a digit.
local function has_answer(text)
	local a = labelled(text) and redline.match(A_LABEL, text)
	return redline.match(HAS_WORD, a and text:sub(a.length + 1) or text)
		~= nil
end

-- ask parses a line and what follows it (text).  It returns the
-- question's offset in text, its length and its text; nil when text
-- asks nothing.
local function ask(text)
	local lab = labelled(text) and redline.match(Q_LABEL, text)
	if lab then
		if redline.match(A_LABEL, text) then return nil end
		local rest = text:sub(lab.length + 1)
		local q = redline.match(Q_TO_MARK, rest) or
			redline.match(Q_LINE, rest)
		if not q then return lab.length, 0, "" end
		local qo, ql = q:span(1)
		return lab.length + qo, ql, q[1]
	end
	-- a line that ends with "?": the question, unless a sentence ends
	-- on the line before it ("Yes. Why?")
	local q = redline.match(Q_LINE, text)
	if q and q[1]:byte(-1) == 63 and not redline.match(Q_SENTENCE, q[1]) then
		local qo, ql = q:span(1)
		return qo, ql, q[1]
	end
	return nil
end

-- find_questions reads the FAQ (see faq_questions).  Questions come
-- from the lines that may hold one; whether one is answered, from the
-- blocks that follow it.
local function find_questions(ctx)
	local parts, qs = ctx.parts, {}
	local blocks = faq_blocks(ctx)
	local listed = true -- no question outside lists seen: a list FAQ
	local bi, hi = 1, 1 -- blocks and sections, walked with the lines
	for _, f in ipairs(parts.faqs) do
		for m in faq_node(ctx, f):find(Q_CANDIDATE) do
			local line = m.offset
			if line >= f.stop then break end
			local prev = qs[#qs]
			if line >= f.offset and
			   not (prev and line < prev.offset + prev.length) then
				local qo, ql, qt = ask(m[1])
				if qo then
					while parts.secs[hi] and
					    parts.secs[hi].body <= line do
						hi = hi + 1
					end
					local h = parts.secs[hi]
					h = h and h.offset <= line and h or nil
					-- the block that holds it
					while blocks[bi + 1] and
					    blocks[bi + 1].offset <= line + qo do
						bi = bi + 1
					end
					local item = not h and blocks[bi] and
						blocks[bi].kind == "list_item"
					if not item then listed = false end
					qs[#qs + 1] = {offset = line + qo, length = ql,
						text = qt, heading = h and h.level,
						list = item or nil, block = bi}
				end
			end
		end
	end
	-- Drop list items when the FAQ asks in other ways too; then find each
	-- question's answer: the rest of its paragraph, or a block with words
	-- (or code) before the next question, or the next heading (of the
	-- same or a higher level, for a heading question).
	local kept, asks = {}, {}
	for _, q in ipairs(qs) do
		if listed or not q.list then
			kept[#kept + 1] = q
			asks[q.block] = true
		end
	end
	for _, q in ipairs(kept) do
		-- the rest of its own block
		local b = blocks[q.block]
		local answered = false
		if b and b.kind ~= "heading" then
			local from = q.offset + q.length - b.offset
			answered = from < b.length and has_answer(b.text:sub(from + 1))
		end
		local j = q.block + 1
		while not answered and blocks[j] and not asks[j] do
			local b = blocks[j]
			local kind = b.kind
			if kind == "heading" then
				if not q.heading or b.level <= q.heading then break end
			elseif kind == "code" then
				answered = true
			else
				local words = b.n_words
				answered = words > 2 or (words > 0 and has_answer(b.text))
			end
			j = j + 1
		end
		q.answered = answered
		q.block, q.list = nil, nil
	end
	return kept
end

-- faq_questions returns the FAQ's questions, in order, as {offset,
-- length, text, answered, heading (its level, for a heading)}.
local function faq_questions(ctx)
	return memoized(ctx, "questions", find_questions)
end
-- END prfaq questions -------------------------------------------------

-- BEGIN prfaq sides ---------------------------------------------------
-- Which parts the FAQ has: a customer (external) part and an internal
-- part.  Shared by prfaq.customer-faq and prfaq.internal-faq, with
-- "prfaq questions".
--
-- A part is named by a heading inside the FAQ, or by a line that is only
-- its title ("**Internal FAQ**"): "Customer", "External", "Public",
-- "User", "General" name the customer's part; "Internal", "Stakeholder",
-- "Business", "Investor", "Leadership" the internal one.  A question
-- outside both belongs to the internal part when it is asked in the
-- team's voice or about the team's concerns (why we build it, how we
-- know, cost to us, risks, staffing, what we will not do, why one design
-- rather than another, how it is tested and maintained), and to the
-- customer's part otherwise.
local S_CUSTOMER = redline.pattern(
	[[\b(?:customers?|external|public|users?|general|clients?)\b]], "i")
local S_INTERNAL = redline.pattern(
	[[\b(?:internal|stakeholders?|business|investors?|leadership]] ..
	[[|executives?)\b]], "i")
-- A part's title on a line of its own ("**Internal FAQ**").
local S_PART_LINE = redline.pattern(
	[[^[ \t]*(?:customers?|external|public|users?|general|clients?|internal]] ..
	[[|stakeholders?|business|investors?|leadership|executives?)\b]] ..
	[[[^\n]{0,30}\b(?:FAQs?|questions)\b[ \t]*(?:\([^)\n]*\))?]] ..
	[[[ \t]*:?[ \t]*$]], "im")
local S_TEAM_Q = redline.pattern(
	[[\b(?:why\s+(?:are|did|do|does|should|would|will|is)\s+]] ..
	[[(?:we|the\s+team)]] ..
	[[|how\s+(?:do|did|will|would|can|should)\s+we\s+(?:know|measure|]] ..
	[[fund|staff|support|maintain|decide|prioriti[sz]e|compete|price]] ..
	[[|make money)|what\s+(?:will|won't|should|shouldn't|are|is)\s+]] ..
	[[(?:we|the\s+team)\s+(?:not\s+)?(?:do|doing|build|building|ship]] ..
	[[|launch|charge|measure)|(?:our|the)\s+(?:team|company|]] ..
	[[organi[sz]ation)'?s?\s+(?:risks?|costs?|goals?|strategy|plan)]] ..
	[[|\b(?:the|main|key|biggest)\s+risks?\b|headcount|budget|revenue]] ..
	[[|business\s+model]] ..
	[[|roadmap|dependenc(?:y|ies)|resourc(?:e|es|ing)\s+(?:required]] ..
	[[|needed|do we need)|staffing|maintenance|competitors?|why\s+now]] ..
	[[|out\s+of\s+scope|non-?goals?|trade-?offs?|success\s+metrics?]] ..
	[[|how\s+much\s+will\s+it\s+cost\s+(?:us|to\s+build)|why\s+not\b]] ..
	[[|\brather\s+than\b|\binstead\s+of\b|threat\s+model]] ..
	[[|performance\s+(?:story|overhead|cost)|how\s+(?:is|are)\s+[^?]{0,60}]] ..
	[[\b(?:tested|maintained|kept\s+current|funded|staffed))]], "i")

-- side_of names the part a title declares: "customer", "internal",
-- "both" or nil.
local function side_of(title)
	local c = redline.match(S_CUSTOMER, title) ~= nil
	local i = redline.match(S_INTERNAL, title) ~= nil
	if c and i then return "both" end
	return c and "customer" or i and "internal" or nil
end

-- faq_sides returns has_customer, has_internal.  want ("customer" or
-- "internal") stops early once that side is named by a title.
local function faq_sides(ctx, want)
	local parts = ctx.parts
	local customer, internal = false, false
	local named = {} -- {offset, stop, side}: the parts named by a title
	local function mark(off, stop, side)
		if side == "customer" or side == "both" then customer = true end
		if side == "internal" or side == "both" then internal = true end
		if side then named[#named + 1] = {off, stop, side} end
	end
	local fi, heading = 1, {}
	for _, s in ipairs(parts.secs) do
		heading[s.offset] = true
		while parts.faqs[fi] and parts.faqs[fi].stop <= s.offset do
			fi = fi + 1
		end
		local f = parts.faqs[fi]
		if f and s.offset >= f.offset then
			mark(s.offset, s.stop, side_of(s.title))
		end
	end
	local function done()
		return (want == "customer" and customer) or
			(want == "internal" and internal)
	end
	if done() then return customer, internal end
	-- Title lines that are not headings: each part runs to the next
	-- title line or heading.
	for _, f in ipairs(parts.faqs) do
		local lines = {}
		for m in faq_node(ctx, f):find(S_PART_LINE) do
			local off = m.offset
			if off >= f.stop then break end
			if off >= f.offset and not heading[off] then
				lines[#lines + 1] = {off, side_of(m.text)}
			end
		end
		local si = 1
		for k, l in ipairs(lines) do
			local stop = lines[k + 1] and lines[k + 1][1] or f.stop
			while parts.secs[si] and parts.secs[si].offset <= l[1] do
				si = si + 1
			end
			local s = parts.secs[si]
			if s and s.offset < stop then stop = s.offset end
			mark(l[1], stop, l[2])
		end
	end
	if done() then return customer, internal end
	local qs = faq_questions(ctx)
	for _, q in ipairs(qs) do
		local side
		for _, n in ipairs(named) do
			if q.offset >= n[1] and q.offset < n[2] then side = n[3] end
		end
		if not side then
			side = redline.match(S_TEAM_Q, q.text) and "internal" or
				"customer"
		end
		if side == "customer" or side == "both" then customer = true end
		if side == "internal" or side == "both" then internal = true end
	end
	if #qs == 0 and #named == 0 then
		customer = true -- an FAQ without questions: nothing to judge
	end
	return customer, internal
end
-- END prfaq sides -----------------------------------------------------

return {
	level = "warning",
	message = "Add a customer FAQ: the questions a customer will ask " ..
		"(what it costs, how to start, what it does not do).",
	category = "structure",
	points = 30,
	cap = 30,
	description = "The FAQ has a customer (external) part: a part " ..
		"titled for customers, or questions asked as a customer would.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local f = ctx.parts.faqs[1]
		if not f or faq_sides(ctx, "customer") then return end
		if f.sec then
			redline.report{node = section_node(ctx, f.sec)}
		else
			redline.report{offset = f.offset, length = 0}
		end
	end,
}
