/*
 * writer.c - the public rl_writer_* calls over the engine's registry of
 * output formats, and the registration of the built-in ones.
 */
#include "output/output.h"

struct rl_writer {
	const rl_output *out;
	void            *state;
};

rl_err
rl__outputs_register_builtin(rl_engine *e)
{
	static const rl_output *const builtin[] = {
		&rl__output_text,
		&rl__output_json,
		&rl__output_line,
		&rl__output_sarif,
		&rl__output_junit,
		&rl__output_codequality,
	};
	size_t i;
	rl_err err;

	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
		err = rl__engine_add_output(e, builtin[i], NULL);
		if (err)
			return err;
	}
	return RL_OK;
}

RL_API rl_err
rl_writer_open(rl_engine *e, const char *format, FILE *out,
    const rl_writer_opts *opts, rl_writer **w)
{
	const rl_output *o;
	rl_writer       *wr;
	rl_writer_opts   def;
	rl_err           err;

	if (!e || !format || !out || !w)
		return RL_EINVAL;
	o = rl__output_find(e, format);
	if (!o)
		return RL_ENOENT;
	wr = rl__calloc(1, sizeof *wr);
	if (!wr)
		return RL_ENOMEM;
	rl__out_opts(&def, opts);
	wr->out = o;
	err     = o->begin(&wr->state, out, &def, o->arg);
	if (err) {
		rl__free(wr);
		return err;
	}
	*w = wr;
	return RL_OK;
}

RL_API rl_err
rl_writer_document(
    rl_writer *w, const rl_result *res, const void *src, size_t len)
{
	if (!w || !res)
		return RL_EINVAL;
	if (!src)
		len = 0;
	return w->out->document(w->state, res, src, len);
}

RL_API rl_err
rl_writer_close(rl_writer *w)
{
	rl_err err;

	if (!w)
		return RL_EINVAL;
	err = w->out->end(w->state);
	rl__free(w);
	return err;
}

RL_API void
rl_writer_formats(
    rl_engine *e, void (*fn)(void *arg, const char *name), void *arg)
{
	size_t i;

	if (!e || !fn)
		return;
	for (i = 0; i < e->n_outputs; i++)
		fn(arg, e->outputs[i]->name);
}
