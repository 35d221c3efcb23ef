#!/usr/bin/env bash
# Tries the README on a fresh Debian 12 as a new user would: a minimal bookworm made by debootstrap, the README's
# apt line, then the README's two commands (install and run; "next time") under Xvfb. The window quits itself
# after its first paint (CARTEIRA_FIRST_PAINT=quit) so the run ends. Not part of CI (it downloads a Debian base
# system, ~5 minutes); run it after changing the README's install lines or the dependencies.
# Usage (as root, on Debian/Ubuntu): bash packaging/fresh-debian.sh [CHROOT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir="${1:-/tmp/carteira-fresh-debian}"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
if [ ! -x "$root_dir/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root_dir" http://deb.debian.org/debian
fi
cleanup() { umount -l "$root_dir/proc" "$root_dir/dev" "$root_dir/sys" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$root_dir/proc"
mount --bind /dev "$root_dir/dev"
mount --bind /sys "$root_dir/sys"
cp /etc/resolv.conf "$root_dir/etc/resolv.conf"
# Behind a proxy that re-signs TLS, pip in the chroot trusts what the host trusts (a plain network needs nothing).
pip_cert=""
if [ -n "${PIP_CERT:-}" ] && [ -f "$PIP_CERT" ]; then
  cp "$PIP_CERT" "$root_dir/etc/host-ca.crt" && pip_cert="PIP_CERT=/etc/host-ca.crt"
fi

# The source tree as a clone has it (tracked and new files, no .venv), in a user's home folder.
rm -rf "$root_dir/home/planner/carteira-sync"
mkdir -p "$root_dir/home/planner/carteira-sync"
git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$root_dir/home/planner/carteira-sync/"

apt_line=$(sed -n 's/^sudo apt-get install -y //p' README.md | head -n 1)
install_cmd=$(sed -n '/^<!-- first-time:linux -->/,/^```$/p' README.md | sed -n '3p')
next_cmd=$(sed -n '/^<!-- next-time:linux -->/,/^```$/p' README.md | sed -n '3p')
echo "apt:        $apt_line"
echo "first time: $install_cmd"
echo "next time:  $next_cmd"

chroot "$root_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/planner LANG=C.UTF-8 $pip_cert bash -euo pipefail -c "
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt_line xvfb xauth >/dev/null
  cd /home/planner/carteira-sync
  rm -rf .venv
  export CARTEIRA_FIRST_PAINT=quit
  echo '== first time'
  time xvfb-run -a -s '-screen 0 1280x800x24' bash -c '$install_cmd'
  echo '== next time'
  time xvfb-run -a -s '-screen 0 1280x800x24' bash -c '$next_cmd'
  echo '== Qt X11 plugin: libraries not found'
  ldd .venv/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so | grep 'not found' || echo none
"
