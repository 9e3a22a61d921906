#!/bin/bash
# pid 1 of a lab node host (a stand-in for the machine's init): it runs inside the host's
# fresh PID, mount and UTS namespaces (its network namespace was entered before), gives the
# host its own /etc and /var (overlays over the machine's, writes go to the host's state
# directory), empty private /root, /home, /tmp, /opt, /etc/kubernetes, /etc/etcd,
# /etc/systemd/system, /var/lib/etcd, /var/lib/kubelet and /var/log, its own /run and /sys,
# the lab's tools as /usr/local/sbin, its hostname, and then reaps orphans until killed.
# Usage: host-init.sh NAME HOST_STATE_DIR TOOLS_DIR
set -euo pipefail
name=$1 dir=$2 tools=$3

# Namespace files in the copied mount table would keep other labs' namespaces alive.
findmnt -rn -t nsfs -o TARGET | sort -r | while read -r m; do umount -l "$(printf '%b' "$m")" 2>/dev/null || true; done

# /etc and /var: the machine's, with the host's own changes on top (overlays whose upper
# layers are in the host's state directory).
for d in etc var; do
  mkdir -p "$dir/upper/$d" "$dir/work/$d"
  mount -t overlay "lab-$name-$d" -o "lowerdir=/$d,upperdir=$dir/upper/$d,workdir=$dir/work/$d" "/$d"
done
# What a node keeps to itself starts empty, as on a freshly installed machine.
for d in /root /home /tmp /opt /etc/kubernetes /etc/etcd /etc/systemd/system /var/lib/etcd /var/lib/kubelet /var/log; do
  mkdir -p "$dir/fs$d" "$d"
  mount --bind "$dir/fs$d" "$d"
done
chmod 0700 /root
chmod 1777 /tmp
# The login records a freshly installed Debian has (sshd writes them at every login).
touch /var/log/lastlog /var/log/wtmp /var/log/btmp
chmod 0600 /var/log/btmp
umount -l /sys 2>/dev/null || true
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755,size=64m "lab-$name-run" /run
mkdir -p /run/sshd /run/lock
mount --bind "$tools" /usr/local/sbin
mount -o remount,bind,ro /usr/local/sbin
hostname "$name"
echo "$name" > /etc/hostname

echo "host $name: namespaces ready (pid $$ inside)"
touch "$dir/ready"
# Reap every orphan (daemonised sshd, systemctl-started units) so no <defunct> entry lingers.
exec perl -e '$0 = "lab-init"; $SIG{TERM} = sub { kill "TERM", -1; exit 0 }; while (1) { sleep 1 if wait() < 0 }'
