# fish completion for oomtop(1)
set -l pcols PID PPID USER UID STATE ADJ SCORE CSCORE BADNESS SHARE RANK RSS ANON FILE SHMEM SWAP PTE MEMCG ELIGIBLE COMMAND CMDLINE CONTEXT
set -l dcols DOMAIN TYPE LIMIT USAGE HEADROOM KILLS TASKS TOTALPAGES VICTIM VICTIM_COMM BADNESS RUNNER_UP RUNNER_UP_COMM RUNNER_UP_BADNESS MARGIN
complete -c oomtop -f
complete -c oomtop -s b -l batch -d 'batch mode'
complete -c oomtop -s n -l iterations -x -d 'number of snapshots'
complete -c oomtop -s d -l delay -x -d 'seconds between snapshots'
complete -c oomtop -l domains -d 'one row per OOM domain'
complete -c oomtop -l domain -x -a '(echo global; oomtop -b -n 1 --domains -r --noheadings -o DOMAIN 2>/dev/null)' -d 'rank the processes of one domain'
complete -c oomtop -s a -l all -d 'also list processes that cannot be chosen'
complete -c oomtop -s l -l limit -x -d 'show only the first rows'
complete -c oomtop -s o -l output -x -a "$pcols $dcols" -d 'columns to show'
complete -c oomtop -s H -l list-columns -d 'list the available columns'
complete -c oomtop -s J -l json -d 'JSON output'
complete -c oomtop -s r -l raw -d 'raw table output'
complete -c oomtop -l noheadings -d 'do not print headings'
complete -c oomtop -s h -l help -d 'display help'
complete -c oomtop -s V -l version -d 'display version'
