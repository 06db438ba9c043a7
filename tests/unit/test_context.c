/*
 * test_context.c - memcg paths in the user's terms (lib/context.c): the
 * path shapes kubelet (systemd and cgroupfs drivers), containerd, CRI-O,
 * Docker, podman and systemd create in cgroup v1 and v2 hierarchies, and
 * paths that must not be recognised.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/oomkit.h"

#define CID "46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63"
#define UID_ "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb"
#define UIDU "94eb36cd_29e1_478b_b365_4cb5dfc7d6fb"

struct want {
	const char *path;
	int kind;
	const char *f[OOMKIT_CONTEXT_FIELD_COUNT_];
	const char *summary;
};

static void check(const struct want *w)
{
	struct oomkit_context *c;
	int i;

	assert_int_equal(oomkit_context_parse(w->path, &c), 0);
	if (oomkit_context_kind(c) != w->kind)
		fail_msg("%s: kind %d, want %d", w->path, oomkit_context_kind(c), w->kind);
	for (i = 0; i < OOMKIT_CONTEXT_FIELD_COUNT_; i++) {
		const char *got = oomkit_context_get(c, (enum oomkit_context_field)i);

		if ((got == NULL) != (w->f[i] == NULL) || (got && strcmp(got, w->f[i]) != 0))
			fail_msg("%s: %s is '%s', want '%s'", w->path,
				 oomkit_context_field_name((enum oomkit_context_field)i),
				 got ? got : "(null)", w->f[i] ? w->f[i] : "(null)");
	}
	if (strcmp(oomkit_context_summary(c), w->summary) != 0)
		fail_msg("%s: summary '%s', want '%s'", w->path, oomkit_context_summary(c),
			 w->summary);
	oomkit_context_free(c);
}

#define F(pod, qos, cid, rt, unit, slice, sess, user)      \
	{                                                  \
		pod, qos, cid, rt, unit, slice, sess, user \
	}

static void test_kubernetes(void **state)
{
	static const struct want cases[] = {
		/* systemd driver, cgroup v2, containerd (corpus 009) */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UIDU
		  ".slice/cri-containerd-" CID ".scope",
		  OOMKIT_CONTEXT_K8S,
		  F(UID_, "burstable", CID, "containerd", "cri-containerd-" CID ".scope", NULL,
		    NULL, NULL),
		  "pod " UID_ " (burstable) container 46b3e0a4df44" },
		/* the pod's own memcg (oom_memcg= of a pod-level limit) */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UIDU ".slice",
		  OOMKIT_CONTEXT_K8S, F(UID_, "burstable", NULL, NULL, NULL, NULL, NULL, NULL),
		  "pod " UID_ " (burstable)" },
		/* guaranteed: directly in kubepods.slice; CRI-O */
		{ "/kubepods.slice/kubepods-pod" UIDU ".slice/crio-" CID ".scope",
		  OOMKIT_CONTEXT_K8S,
		  F(UID_, "guaranteed", CID, "crio", "crio-" CID ".scope", NULL, NULL, NULL),
		  "pod " UID_ " (guaranteed) container 46b3e0a4df44" },
		/* best effort, docker shim */
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UIDU
		  ".slice/docker-" CID ".scope",
		  OOMKIT_CONTEXT_K8S,
		  F(UID_, "besteffort", CID, "docker", "docker-" CID ".scope", NULL, NULL, NULL),
		  "pod " UID_ " (besteffort) container 46b3e0a4df44" },
		/* cgroupfs driver, cgroup v1 (corpus 033) */
		{ "/kubepods/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/"
		  "6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b",
		  OOMKIT_CONTEXT_K8S,
		  F("95387fa4-da9c-11e7-9d36-5254b24cbf5e", "guaranteed",
		    "6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b", NULL, NULL,
		    NULL, NULL, NULL),
		  "pod 95387fa4-da9c-11e7-9d36-5254b24cbf5e (guaranteed) container 6895a3e13439" },
		{ "/kubepods/burstable/pod" UID_ "/" CID, OOMKIT_CONTEXT_K8S,
		  F(UID_, "burstable", CID, NULL, NULL, NULL, NULL, NULL),
		  "pod " UID_ " (burstable) container 46b3e0a4df44" },
		/* a kind node: kubelet inside a docker container (corpus 027) */
		{ "/docker/428406e4f18a1cb65e9691d40b63f3d92c95c1b0d15b5c427bed470b6832cd6e/"
		  "kubelet/kubepods/pod1788d98a-0700-426a-8701-2312e4cc2163/"
		  "a07d3c191742700df28b349710c93b2014b255b22364decb09b53ca123fa8272",
		  OOMKIT_CONTEXT_K8S,
		  F("1788d98a-0700-426a-8701-2312e4cc2163", "guaranteed",
		    "a07d3c191742700df28b349710c93b2014b255b22364decb09b53ca123fa8272", NULL, NULL,
		    NULL, NULL, NULL),
		  "pod 1788d98a-0700-426a-8701-2312e4cc2163 (guaranteed) container a07d3c191742" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(&cases[i]);
}

static void test_containers_and_units(void **state)
{
	static const struct want cases[] = {
		{ "/docker/" CID, OOMKIT_CONTEXT_CONTAINER,
		  F(NULL, NULL, CID, "docker", NULL, NULL, NULL, NULL), "docker 46b3e0a4df44" },
		{ "/system.slice/docker-" CID ".scope", OOMKIT_CONTEXT_CONTAINER,
		  F(NULL, NULL, CID, "docker", "docker-" CID ".scope", "system.slice", NULL, NULL),
		  "docker 46b3e0a4df44" },
		{ "/machine.slice/libpod-" CID ".scope/container", OOMKIT_CONTEXT_CONTAINER,
		  F(NULL, NULL, CID, "podman", "libpod-" CID ".scope", "machine.slice", NULL, NULL),
		  "podman 46b3e0a4df44" },
		{ "/system.slice/nginx.service", OOMKIT_CONTEXT_UNIT,
		  F(NULL, NULL, NULL, NULL, "nginx.service", "system.slice", NULL, NULL),
		  "nginx.service" },
		{ "/user.slice/user-0.slice/session-4.scope", OOMKIT_CONTEXT_UNIT,
		  F(NULL, NULL, NULL, NULL, "session-4.scope", "user-0.slice", "4", "0"),
		  "session-4.scope (user 0)" },
		/* corpus 006: a terminal tab in the user manager; '(' in the name */
		{ "/user.slice/user-1000.slice/user@1000.service/app.slice/"
		  "app-org.kde.konsole-10418.scope/tab(2336326).scope",
		  OOMKIT_CONTEXT_UNIT,
		  F(NULL, NULL, NULL, NULL, "tab(2336326).scope", "app.slice", NULL, "1000"),
		  "tab(2336326).scope (user 1000)" },
		{ "/system.slice", OOMKIT_CONTEXT_SLICE,
		  F(NULL, NULL, NULL, NULL, NULL, "system.slice", NULL, NULL), "system.slice" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(&cases[i]);
}

static void test_not_recognised(void **state)
{
	static const char *const paths[] = {
		NULL,
		"",
		"/",
		"/kres",
		"/docker",
		"/docker/not-hex-at-all",
		"/docker/abc",          /* too short for an id */
		"/kubepods/podXYZ/123", /* not a uid */
		"/a.slicex/b.servicey",
		"/.service",
		"/x/docker-" CID ".scopes",
		"/kubepods/burstable",
		"/kubepods/pod" UID_ "x/" CID,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct oomkit_context *c;

		assert_int_equal(oomkit_context_parse(paths[i], &c), 0);
		if (oomkit_context_kind(c) != OOMKIT_CONTEXT_NONE)
			fail_msg("'%s' recognised as %s", paths[i] ? paths[i] : "(null)",
				 oomkit_context_kind_name(oomkit_context_kind(c)));
		assert_string_equal(oomkit_context_summary(c), "");
		oomkit_context_free(c);
	}
	assert_int_equal(oomkit_context_parse("/x", NULL), -EINVAL);
	assert_null(oomkit_context_get(NULL, OOMKIT_CONTEXT_QOS));
	assert_null(oomkit_context_summary(NULL));
	assert_string_equal(oomkit_context_field_name(OOMKIT_CONTEXT_FIELD_COUNT_), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kubernetes),
		cmocka_unit_test(test_containers_and_units),
		cmocka_unit_test(test_not_recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
