/*
 * vec.c - growable heap arrays: one reserve call, geometric growth.
 */
#include "core/core.h"

rl_err
rl__vec_reserve(void **p, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;
	void  *np;

	if (need <= *cap)
		return RL_OK;
	if (elsize == 0)
		return RL_EINVAL;
	ncap = *cap < 8 ? 8 : *cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elsize)
		return RL_ENOMEM;
	np = rl__realloc(*p, ncap * elsize);
	if (!np)
		return RL_ENOMEM;
	*p   = np;
	*cap = ncap;
	return RL_OK;
}
