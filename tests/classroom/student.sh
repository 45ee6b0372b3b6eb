# A real second user who plays the student, for the tests that need one
# (root). Source it after tests/lib.sh; do not run it. Created here if absent
# (useradd -M -r: no home, a system uid) and removed by the EXIT trap only if
# this test created it. Its name is this folder's own, so the sudo tests of
# other folders, which may run at the same time, never share or remove it.
PUPIL=ss-pupil
CREATED_PUPIL=
pupil_cleanup() {
  [ -n "$CREATED_PUPIL" ] && userdel "$PUPIL" 2>/dev/null
  rm -rf "$T_TMP"
}
trap pupil_cleanup EXIT
# make_pupil NAMES...: 0 when the user is there; else one FAIL line per name.
make_pupil() {
  local n
  id -u "$PUPIL" >/dev/null 2>&1 && return 0
  if useradd -M -r -d /nonexistent -s /bin/sh "$PUPIL"; then
    CREATED_PUPIL=1
    return 0
  fi
  for n in "$@"; do fail "$n" "cannot create the test user $PUPIL (useradd, package passwd)"; done
  return 1
}
# as_pupil_sudo CMD...: CMD as sudo would start it for the pupil (sudo tells us
# no more than these three variables).
as_pupil_sudo() { env SUDO_UID="$(id -u "$PUPIL")" SUDO_GID="$(id -g "$PUPIL")" SUDO_USER="$PUPIL" "$@"; }
# as_pupil CMD...: CMD as the pupil, no root at all.
as_pupil() { setpriv --reuid="$(id -u "$PUPIL")" --regid="$(id -g "$PUPIL")" --clear-groups "$@"; }
