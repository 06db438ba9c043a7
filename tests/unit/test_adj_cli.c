/*
 * test_adj_cli.c - oomadj on a process that shares its memory map with
 * another (clone(CLONE_VM) without CLONE_THREAD). The shell layers cannot
 * make one, so this test does, runs the built oomadj on it and checks
 * that oomadj names the sharer and that the kernel really copied the
 * value to it (docs/kernel.md §8.1).
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

static int vm_child(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
	return 0;
}

static int own_adj(void)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "r");
	int v = -5000;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &v), 1);
	fclose(f);
	return v;
}

static void test_shared_mm_note(void **state)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	const char *build = getenv("OOMKIT_BUILD_DIR");
	char cmd[4096], out[8192], want[256];
	size_t n;
	pid_t child;
	FILE *p;
	int value, status;

	(void)state;
	if (!build) {
		skip();
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s/cmd/oomadj/oomadj", build);
	if (access(cmd, X_OK) != 0) {
		skip();
		return;
	}
	child = clone(vm_child, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	assert_true(child > 0);

	/* raising never needs privilege: pick a value different from ours */
	value = own_adj() == 777 ? 778 : 777;
	snprintf(cmd, sizeof(cmd), "%s/cmd/oomadj/oomadj -n %d %d 2>&1", build, value, (int)child);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	status = pclose(p);
	print_message("%s", out);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* the kernel copied the write to us, the other user of the mm */
	assert_int_equal(own_adj(), value);
	/* and oomadj said so, naming us */
	snprintf(
		want, sizeof(want),
		"note: process %d shares the memory map of pid %d: the kernel keeps oom_score_adj the same in all of them, so they now have %d too",
		(int)getpid(), (int)child, value);
	assert_non_null(strstr(out, want));

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_mm_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
