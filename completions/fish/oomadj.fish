# fish completion for oomadj(1)
function __oomadj_memcgs
	set -l root (awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo 2>/dev/null)
	test -z "$root"; and set root (awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo 2>/dev/null)
	test -n "$root"; or return
	echo /
	find $root -mindepth 1 -maxdepth 4 -type d 2>/dev/null | string replace -- $root ''
end
function __oomadj_pids
	ps -eo pid=,comm= 2>/dev/null | string trim | string replace -r '^(\d+)\s+' '$1\t'
end
complete -c oomadj -f
complete -c oomadj -a '(__oomadj_pids)' -d 'process'
complete -c oomadj -s n -l adjust -x -a '-1000\t"unkillable (needs CAP_SYS_RESOURCE)" -500\t"protected" 0\t"default" 500\t"preferred victim" 1000\t"first to go"' -d 'set oom_score_adj (-1000..1000)'
complete -c oomadj -l add -x -a '-100 -10 10 100' -d 'change oom_score_adj by a delta'
complete -c oomadj -s p -l pid -x -a '(__oomadj_pids)' -d 'a process to act on'
complete -c oomadj -s N -l name -x -a '(ps -eo comm= 2>/dev/null | sort -u)' -d 'select by name (regex)'
complete -c oomadj -s f -l full -d 'match the regex against the command line'
complete -c oomadj -s u -l user -x -a '(__fish_complete_users)' -d 'select by effective user'
complete -c oomadj -l memcg -x -a '(__oomadj_memcgs)' -d 'select a memory cgroup'
complete -c oomadj -l tree -d 'add the descendants of each process'
complete -c oomadj -l dry-run -d 'show what would change, change nothing'
complete -c oomadj -s q -l quiet -d 'print nothing but errors'
complete -c oomadj -s J -l json -d 'JSON output'
complete -c oomadj -s r -l raw -d 'raw output'
complete -c oomadj -s o -l output -x -a 'PID COMM ADJ SCORE BADNESS INODE UNIT TARGET' -d 'columns to show'
complete -c oomadj -l noheadings -d 'do not print the header line'
complete -c oomadj -s H -l list-columns -d 'list the columns'
complete -c oomadj -l persist -d 'write an OOMScoreAdjust= drop-in'
complete -c oomadj -s h -l help -d 'display help'
complete -c oomadj -s V -l version -d 'display version'
