#!/bin/sh
# Retention of Sinergi backups in one folder (files sinergi-YYYYMMDDTHHMMSSZ.tar.gz):
# keeps the newest 14 daily backups, the newest of each ISO week for 8 weeks, and the newest of
# each month for 12 months; deletes the rest. Personal data must not be kept longer than its
# purpose needs (UU 27/2022): a record purged by the retention job disappears from backups after
# at most 12 months. Usage: backup-rotate.sh DIR [--dry-run]
set -eu
dir=${1:?usage: backup-rotate.sh DIR [--dry-run]}
dry=${2:-}
cd "$dir"
keep=$(mktemp)
trap 'rm -f "$keep"' EXIT
ls -1 sinergi-*.tar.gz 2>/dev/null | sort -r > "$keep.all" || true
# daily: newest 14
head -n 14 "$keep.all" > "$keep"
# weekly and monthly: newest file per week / month
for f in $(cat "$keep.all"); do
  stamp=${f#sinergi-}; day=${stamp%%T*}
  printf '%s %s %s\n' "$(date -u -d "$day" +%G-W%V)" "$(echo "$day" | cut -c1-6)" "$f"
done > "$keep.meta"
awk '!seen[$1]++ {print $3}' "$keep.meta" | head -n 8 >> "$keep"
awk '!seen[$2]++ {print $3}' "$keep.meta" | head -n 12 >> "$keep"
for f in $(cat "$keep.all"); do
  if ! grep -qx "$f" "$keep"; then
    if [ "$dry" = "--dry-run" ]; then echo "would delete $f"; else rm -f -- "$f"; fi
  fi
done
rm -f "$keep.all" "$keep.meta"
