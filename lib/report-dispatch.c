/*
 * report-dispatch.c - which handler a kernel line goes to.
 *
 * A cheap filter (hot) rejects the unrelated lines: every line that matters
 * contains one of a few rare letters in a known neighbourhood. The rest is
 * matched with fixed strings, never regular expressions, in the order of
 * the shape table (oomkit__report_shapes[] in report-kernel.c, which also
 * says which kernels print each line); a physical line that holds two
 * messages joined by a lost newline is cut first (split_at).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) || (defined(__x86_64__) && defined(__GNUC__))
#include <immintrin.h>
#endif

#include "report-private.h"

static int body_msg(struct oomkit_report_parser *rp, const char *m, size_t n,
		    const struct oomkit__pfx *p);

int oomkit__report_match(const char *m, size_t n, const char **kp)
{
	size_t i;

	for (i = 0; i < oomkit__report_nshapes; i++) {
		const struct oomkit__shape *sh = &oomkit__report_shapes[i];
		const char *k;

		switch (sh->how) {
		case OOMKIT__SHAPE_START:
			k = starts(m, n, sh->lit, sh->litlen) ? m : NULL;
			break;
		case OOMKIT__SHAPE_ANY:
			k = find(m, n, sh->lit, sh->litlen);
			break;
		case OOMKIT__SHAPE_AFTER_K: /* "Kill process", "kill ..." */
			k = find(m, n, sh->lit, sh->litlen);
			if (k && !(k > m && (k[-1] == 'K' || k[-1] == 'k')))
				k = NULL;
			else if (k)
				k--;
			break;
		default:
			continue;
		}
		if (!k || (sh->also && !find(m, n, sh->also, strlen(sh->also))))
			continue;
		*kp = k;
		return (int)i;
	}
	return -1;
}

/* one kernel message (no prefix, no joined lines) */
static int kernel_msg(struct oomkit_report_parser *rp, const char *m, size_t n,
		      const struct oomkit__pfx *p, const char *origin)
{
	const char *k;
	int i = oomkit__report_match(m, n, &k);

	if (i >= 0)
		return oomkit__report_shapes[i].fn(rp, m, n, k, p, origin);
	return body_msg(rp, m, n, p);
}

/* a line that can only be part of a report's body */
static int body_msg(struct oomkit_report_parser *rp, const char *m, size_t n,
		    const struct oomkit__pfx *p)
{
	struct report *r = oomkit__rep_find(rp, p);
	int rc;

	if (r) {
		rc = oomkit__report_on_body(rp, r, m, n);
		if (rc > 0)
			r->touched = rp->lineno;
		return rc < 0 ? -ENOMEM : 0;
	}
	/* a report whose header is outside the excerpt */
	if (STARTS(m, n, "Memory cgroup stats for ") || STARTS(m, n, "Tasks state") ||
	    (m[0] == '[' &&
	     (oomkit__report_parse_header(m, n, (int[OOMKIT_TASK_NUM_COUNT_]){ 0 }, &(int){ 0 }) ||
	      oomkit__report_is_row(m, n)))) {
		if (oomkit__rep_open(rp, p, &r) < 0)
			return -ENOMEM;
		return oomkit__report_on_body(rp, r, m, n) < 0 ? -ENOMEM : 0;
	}
	return 0;
}

/* where a joined line must be cut: "...(trashapplet)Out of memory: ..." */
static size_t split_at(const char *m, size_t n)
{
	static const char *const starts_[] = { "Killed process", "Out of memory", "Out of Memory",
					       "Memory cgroup out of memory" };
	size_t best = n, i;

	for (i = 0; i < sizeof(starts_) / sizeof(starts_[0]); i++) {
		size_t l = strlen(starts_[i]);
		const char *s = m + 1;

		while (s < m + best) {
			const char *k = find(s, (size_t)(m + best - s), starts_[i], l);
			char c;

			if (!k)
				break;
			c = k[-1];
			if (c != ' ' && c != '\t' && c != ':' && c != '(' && c != '>') {
				best = (size_t)(k - m);
				break;
			}
			s = k + 1;
		}
	}
	return best;
}

/*
 * The fast filter. Every line that can start or end a report holds "oom",
 * "OOM", "emor" (memory, Memory) or "kill"/"Kill" (Killed, killed,
 * killable); earlyoom's lines hold "SIG". Look for the three-letter
 * starts of those words ("oom", "OOM", "emo", "kil", "Kil", "SIG") 16
 * positions at a time, comparing three overlapping loads (GCC vector
 * extensions: SSE2/NEON where available, plain code elsewhere), then
 * check a candidate's fourth letter where the word has one. Common letters
 * alone ('m', 'k') are no candidates, so ordinary text rarely leaves the
 * vector loop.
 */
typedef unsigned char v16u8 __attribute__((vector_size(16)));

/* the word that starts at @j, its first three letters already matched */
static int hot_at(const unsigned char *b, size_t n, size_t j)
{
	switch (b[j]) {
	case 'e':
		return j + 3 < n && b[j + 3] == 'r';
	case 'k':
	case 'K':
		return j + 3 < n && b[j + 3] == 'l';
	}
	return 1;
}

/* whether a candidate of @mask (bit k: a start at @b + @i + k) is a word */
static int hot_bits(const unsigned char *b, size_t n, size_t i, uint32_t mask)
{
	while (mask) {
		if (hot_at(b, n, i + (size_t)__builtin_ctz(mask)))
			return 1;
		mask &= mask - 1;
	}
	return 0;
}

/* lanes (0xff) where a three-letter start is, from loads 0, 1 and 2 bytes on */
#define HOT_LANES(x, y, z)                                                                 \
	(((x == 'o') & (y == 'o') & (z == 'm')) | ((x == 'O') & (y == 'O') & (z == 'M')) | \
	 ((x == 'e') & (y == 'm') & (z == 'o')) |                                          \
	 (((x | 0x20) == 'k') & (y == 'i') & (z == 'l')) | ((x == 'S') & (y == 'I') & (z == 'G')))

/* the candidates among the 16 positions from @a: bit k for position k */
static inline __attribute__((always_inline)) uint32_t hot_mask16(const unsigned char *a)
{
	v16u8 x, y, z, h;

	memcpy(&x, a, 16);
	memcpy(&y, a + 1, 16);
	memcpy(&z, a + 2, 16);
	h = (v16u8)HOT_LANES(x, y, z);
#ifdef __SSE2__
	return (uint32_t)_mm_movemask_epi8((__m128i)h);
#else
	{
		uint64_t w[2];
		uint32_t mask = 0;
		int k;

		memcpy(w, &h, sizeof(w));
		if (!(w[0] | w[1]))
			return 0;
		for (k = 0; k < 16; k++)
			mask |= (uint32_t)(h[k] >> 7) << k;
		return mask;
	}
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
/*
 * On CPUs with AVX2, 32 positions at a time (one compare where SSE2 needs
 * two). Returns where it stopped, or @n when it found a word.
 */
typedef unsigned char v32u8 __attribute__((vector_size(32)));

__attribute__((target("avx2"))) static size_t hot_avx2(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i + 32 + 2 <= n; i += 32) {
		v32u8 x, y, z, h;
		uint32_t mask;

		memcpy(&x, b + i, 32);
		memcpy(&y, b + i + 1, 32);
		memcpy(&z, b + i + 2, 32);
		h = (v32u8)HOT_LANES(x, y, z);
		mask = (uint32_t)_mm256_movemask_epi8((__m256i)h);
		if (mask && hot_bits(b, n, i, mask))
			return n;
	}
	return i;
}

int oomkit__report_hot_no_avx2;

static int have_avx2(void)
{
	static int have = -1;

	if (have < 0)
		have = __builtin_cpu_supports("avx2") ? 1 : 0;
	return have && !oomkit__report_hot_no_avx2;
}
#endif

int oomkit__report_hot(const char *s, size_t n)
{
	const unsigned char *b = (const unsigned char *)s;
	unsigned char tail[16 + 2];
	uint32_t mask;
	size_t i = 0;

	if (n < sizeof(tail)) {
		/* a short line, padded with NULs (no letter matches a NUL) */
		memset(tail, 0, sizeof(tail));
		memcpy(tail, b, n);
		mask = hot_mask16(tail);
		return mask && hot_bits(b, n, 0, mask);
	}
#if defined(__x86_64__) && defined(__GNUC__)
	if (n >= 32 + 2 && have_avx2() && (i = hot_avx2(b, n)) == n)
		return 1;
#endif
	/* whole blocks while the two later loads stay inside the line */
	for (; i + sizeof(tail) <= n; i += 16)
		if ((mask = hot_mask16(b + i)) && hot_bits(b, n, i, mask))
			return 1;
	/*
	 * The rest: one last block that ends at the line's end, overlapping
	 * the one before. A word starts at most 3 bytes before the end, and
	 * that block covers every start up to there.
	 */
	if (i >= n - 2)
		return 0;
	i = n - sizeof(tail);
	mask = hot_mask16(b + i);
	return mask && hot_bits(b, n, i, mask);
}

/* @ishot: oomkit__report_hot(m, n) when known, else -1 */
int oomkit__report_kernel_line(struct oomkit_report_parser *rp, const char *m, size_t n,
			       const struct oomkit__pfx *p, const char *origin, int ishot)
{
	int rc = 0;

	if (!n)
		return 0;
	if (rp->nopen && !(rp->lineno & 63) && oomkit__rep_expire(rp) < 0)
		return -ENOMEM;
	if (ishot < 0)
		ishot = oomkit__report_hot(m, n);
	if (!ishot) {
		/* earlyoom's line without its tag */
		if (m[0] == 's' && STARTS(m, n, "sending SIG"))
			return oomkit__report_userspace_msg(rp, "earlyoom", 8, m, n, p, origin);
		if (rp->nopen || m[0] == '[')
			return body_msg(rp, m, n, p);
		return 0;
	}
	if (m[0] == 'o') {
		if (STARTS(m, n, "oom_reaper:")) {
			oomkit__report_on_reaper(rp, m, n);
			return 0;
		}
		if (STARTS(m, n, "oomd kill:"))
			return oomkit__report_userspace_msg(rp, "oomd", 4, m, n, p, origin);
	}
	/* earlyoom / systemd-oomd messages seen without their tag */
	if (m[0] == 's' && STARTS(m, n, "sending SIG"))
		return oomkit__report_userspace_msg(rp, "earlyoom", 8, m, n, p, origin);
	if ((m[0] == 'K' || m[0] == 'k') && STARTS(m + 1, n - 1, "illing process ") &&
	    FIND(m, n, " with signal "))
		return oomkit__report_userspace_msg(rp, "earlyoom", 8, m, n, p, origin);
	if ((m[0] == 'K' || m[0] == 'M') && n > 8 && (m[7] == '/' || m[7] == ' ') &&
	    FIND(m, n, " due to memory "))
		return oomkit__report_userspace_msg(rp, "systemd-oomd", 12, m, n, p, origin);
	while (n) {
		size_t cut = split_at(m, n);

		rc = kernel_msg(rp, m, cut, p, origin);
		if (rc < 0)
			return rc;
		m += cut;
		n -= cut;
	}
	return 0;
}
