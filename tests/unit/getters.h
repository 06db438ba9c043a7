/*
 * getters.h - read a value the test expects to be known through the
 * library's getters (0 and *val, or -ENODATA: oomkit/common.h), failing
 * the test when the getter says it is unknown.
 *
 * Header-only (static inline functions) because each test is its own program.
 * Include after <cmocka.h> and "oomkit/oomkit.h".
 */
#ifndef OOMKIT_TESTS_GETTERS_H
#define OOMKIT_TESTS_GETTERS_H

/* A known numeric item of process record @p. */
static inline long long pget(const struct oomkit_proc *p, enum oomkit_proc_item it)
{
	long long v = -424242;

	assert_int_equal(oomkit_proc_get(p, it, &v), 0);
	return v;
}

/* A known fact of domain @d. */
static inline long long dget(const struct oomkit_domain *d, enum oomkit_domain_item it)
{
	long long v = -424242;

	assert_int_equal(oomkit_domain_get(d, it, &v), 0);
	return v;
}

/* The context's kernel version, or 0 when it is unknown (-ENODATA). */
static inline unsigned kget(struct oomkit_ctx *ctx)
{
	unsigned v = 0;
	int rc = oomkit_ctx_kernel_version(ctx, &v);

	if (rc == -ENODATA)
		assert_int_equal(v, 0);
	else
		assert_int_equal(rc, 0);
	return v;
}

#endif
