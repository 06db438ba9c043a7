/*
 * event-keys.h - the names of the report parser's event fields, as the
 * corpus expectations (report-dump's JSON) and the era fixtures
 * (the .expected files in tests/fixtures/report-eras/) spell them. One table for both;
 * include it from one .c file each (the tables are static).
 */
#ifndef OOMKIT_TEST_EVENT_KEYS_H
#define OOMKIT_TEST_EVENT_KEYS_H

#include "oomkit/report.h"

/* NULL: not printed as a plain number (outcome and killer have names) */
static const char *const numnames[OOMKIT_EV_NUM_COUNT_] = {
	[OOMKIT_EV_PID] = "victim_pid",
	[OOMKIT_EV_UID] = "victim_uid",
	[OOMKIT_EV_OUTCOME] = NULL,
	[OOMKIT_EV_KILLER] = NULL,
	[OOMKIT_EV_BOOT_US] = "boot_us",
	[OOMKIT_EV_REALTIME_US] = "realtime_us",
	[OOMKIT_EV_TOTAL_VM_KB] = "victim_total_vm_kb",
	[OOMKIT_EV_ANON_RSS_KB] = "victim_anon_rss_kb",
	[OOMKIT_EV_FILE_RSS_KB] = "victim_file_rss_kb",
	[OOMKIT_EV_SHMEM_RSS_KB] = "victim_shmem_rss_kb",
	[OOMKIT_EV_PGTABLES_KB] = "victim_pgtables_kb",
	[OOMKIT_EV_OOM_SCORE_ADJ] = "victim_oom_score_adj",
	[OOMKIT_EV_TRIGGER_PID] = "trigger_pid",
	[OOMKIT_EV_TRIGGER_ADJ] = "trigger_oom_score_adj",
	[OOMKIT_EV_ORDER] = "order",
	[OOMKIT_EV_GFP_MASK] = "gfp_mask",
	[OOMKIT_EV_REAPED_ANON_KB] = "reaped_anon_rss_kb",
	[OOMKIT_EV_SCORE] = "score",
	[OOMKIT_EV_REAPED_FILE_KB] = "reaped_file_rss_kb",
	[OOMKIT_EV_REAPED_SHMEM_KB] = "reaped_shmem_rss_kb",
	[OOMKIT_EV_REAP_FAILED] = "reap_failed",
	[OOMKIT_EV_OOM_GROUP] = "oom_group",
	[OOMKIT_EV_MEMCG_OOM] = "memcg_oom",
	[OOMKIT_EV_RSS_KB] = "victim_rss_kb",
	[OOMKIT_EV_TRIGGER_OOM_ADJ] = "trigger_oom_adj",
	[OOMKIT_EV_SELECTED_PID] = "selected_pid",
	[OOMKIT_EV_MEMCG_USAGE_KB] = "memcg_usage_kb",
	[OOMKIT_EV_MEMCG_LIMIT_KB] = "memcg_limit_kb",
	[OOMKIT_EV_MEMCG_FAILCNT] = "memcg_failcnt",
	[OOMKIT_EV_MEMCG_SWAP_USAGE_KB] = "memcg_swap_usage_kb",
	[OOMKIT_EV_MEMCG_SWAP_LIMIT_KB] = "memcg_swap_limit_kb",
	[OOMKIT_EV_SWAP_FREE_KB] = "swap_free_kb",
	[OOMKIT_EV_SWAP_TOTAL_KB] = "swap_total_kb",
	[OOMKIT_EV_TASKS_TOTAL] = "tasks_total",
	[OOMKIT_EV_YEAR_INFERRED] = "year_inferred",
};

static const char *const strnames[OOMKIT_EV_STR_COUNT_] = {
	[OOMKIT_EV_COMM] = "victim_comm",
	[OOMKIT_EV_CONSTRAINT] = "constraint",
	[OOMKIT_EV_OOM_MEMCG] = "oom_memcg",
	[OOMKIT_EV_TASK_MEMCG] = "task_memcg",
	[OOMKIT_EV_TRIGGER_COMM] = "trigger_comm",
	[OOMKIT_EV_GFP_TEXT] = "gfp_text",
	[OOMKIT_EV_NODEMASK] = "nodemask",
	[OOMKIT_EV_CPUSET] = "cpuset",
	[OOMKIT_EV_HOST] = "host",
	[OOMKIT_EV_TIME_TEXT] = "timestamp_text",
	[OOMKIT_EV_SOURCE] = "source",
	[OOMKIT_EV_KILL_PREFIX] = "kill_prefix",
	[OOMKIT_EV_SELECTED_COMM] = "selected_comm",
	[OOMKIT_EV_MEMS_ALLOWED] = "mems_allowed",
	[OOMKIT_EV_STATS_MEMCG] = "stats_memcg",
	[OOMKIT_EV_GROUP_MEMCG] = "group_memcg",
	[OOMKIT_EV_UNIT] = "unit",
	[OOMKIT_EV_REASON] = "reason",
};

static const char *const tasknames[OOMKIT_TASK_NUM_COUNT_] = {
	"pid", "uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file",
	"rss_shmem", "pgtables_bytes", "nr_ptes", "nr_pmds", "nr_puds",
	"swapents", "cpu", "oom_adj", "oom_score_adj",
};

#endif
