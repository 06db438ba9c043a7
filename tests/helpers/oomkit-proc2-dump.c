/*
 * oomkit-proc2-dump - an independent process reader for the live tests:
 * procps-ng's libproc2 pids stack. Prints one line per process:
 *	pid rss_anon_kb rss_file_kb rss_shmem_kb swap_kb oom_score oom_score_adj euid
 * so tests can compare oomkit's own reader with libproc2's.
 */
#include <stdio.h>
#include <libproc2/pids.h>

int main(void)
{
	enum pids_item items[] = {
		PIDS_ID_PID, PIDS_VM_RSS_ANON, PIDS_VM_RSS_FILE, PIDS_VM_RSS_SHARED,
		PIDS_VM_SWAP, PIDS_OOM_SCORE, PIDS_OOM_ADJ, PIDS_ID_EUID,
	};
	enum { I_PID, I_ANON, I_FILE, I_SHMEM, I_SWAP, I_SCORE, I_ADJ, I_EUID };
	struct pids_info *info = NULL;
	struct pids_stack *st;

	if (procps_pids_new(&info, items, (int)(sizeof(items) / sizeof(items[0]))) < 0) {
		fprintf(stderr, "oomkit-proc2-dump: procps_pids_new failed\n");
		return 1;
	}
	if (fatal_proc_unmounted(info, 0)) {
		fprintf(stderr, "oomkit-proc2-dump: /proc is not mounted\n");
		return 1;
	}
	while ((st = procps_pids_get(info, PIDS_FETCH_TASKS_ONLY))) {
		printf("%d %lu %lu %lu %lu %d %d %u\n",
		       PIDS_VAL(I_PID, s_int, st, info),
		       PIDS_VAL(I_ANON, ul_int, st, info),
		       PIDS_VAL(I_FILE, ul_int, st, info),
		       PIDS_VAL(I_SHMEM, ul_int, st, info),
		       PIDS_VAL(I_SWAP, ul_int, st, info),
		       PIDS_VAL(I_SCORE, s_int, st, info),
		       PIDS_VAL(I_ADJ, s_int, st, info),
		       PIDS_VAL(I_EUID, u_int, st, info));
	}
	procps_pids_unref(&info);
	return 0;
}
