-- prfaq lib/questions.lua (require "questions"), shared by the pack's Lua rules.
local redline = require "redline"
local parts = require "parts"
local memoized = parts.memoized
local faq_node = parts.faq_node
local faq_blocks = parts.faq_blocks

-- The FAQ's questions, and whether each has an answer.
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

return {
	ask = ask,
	faq_questions = faq_questions,
}
