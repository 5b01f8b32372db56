#!/usr/bin/python3
"""Runs a command inside part of a systemd unit's sandbox, without systemd.

    sudo /usr/bin/python3 scripts/unit-sandbox.py UNIT_FILE -- COMMAND [ARG...]

For machines (containers, CI) where the units cannot be started, this applies
the settings of UNIT_FILE that decide whether a program still works, then
execs COMMAND:

- ProcSubset=pid and ProtectProc=: a private mount namespace with /proc
  remounted `subset=pid` and `hidepid=` (needs CAP_SYS_ADMIN, so run as root);
- CapabilityBoundingSet= (empty) and NoNewPrivileges=yes: every capability
  dropped (bounding, permitted, effective, inheritable), no_new_privs set;
- SystemCallFilter= (allow list and ~ deny lists, systemd's @groups expanded
  with `systemd-analyze syscall-filter`) with SystemCallErrorNumber=, and
  RestrictAddressFamilies= (socket() of any other family fails with
  EAFNOSUPPORT), as one seccomp filter loaded with libseccomp;
- MemoryDenyWriteExecute=yes: mmap and mprotect asking for writable and
  executable memory at once fail with EPERM.

It does not apply the file-system settings (ProtectSystem=, ReadOnlyPaths=,
…), the user, IPAddressDeny= or namespaces other than the mount namespace:
it shows whether the program runs under the unit's system-call filter and
/proc view, not the whole unit. Needs Debian's python3 with python3-seccomp.
"""

import ctypes
import errno
import os
import re
import subprocess
import sys

import seccomp

CLONE_NEWNS = 0x00020000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 24, 38
LINUX_CAPABILITY_VERSION_3 = 0x20080522
FAMILIES = {"AF_UNIX": 1, "AF_LOCAL": 1, "AF_INET": 2, "AF_INET6": 10, "AF_NETLINK": 16, "AF_PACKET": 17}

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        sys.exit(f"unit-sandbox: {what}: {os.strerror(code)}")


def settings(path):
    """The [Service] assignments of a unit file, each key's values in order (line continuations joined)."""
    values = {}
    text = re.sub(r"\\\n", " ", open(path, encoding="utf-8").read())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values.setdefault(key.strip(), []).append(value.strip())
    return values


def syscall_groups():
    """systemd's groups: name -> members (system calls and @groups), from systemd-analyze."""
    groups, current = {}, None
    listing = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        if line.startswith("@"):
            current = line.strip()
            groups[current] = []
        elif current and line.strip() and not line.strip().startswith("#"):
            groups[current].append(line.strip())
    return groups


def expand(names, groups, seen=None):
    seen = set() if seen is None else seen
    calls = set()
    for name in names:
        if name.startswith("@"):
            if name in seen:
                continue
            seen.add(name)
            if name not in groups:
                sys.exit(f"unit-sandbox: unknown system-call group {name}")
            calls |= expand(groups[name], groups, seen)
        else:
            calls.add(name)
    return calls


def filter_for(unit):
    """The unit's system-call and address-family rules as one libseccomp filter."""
    groups = syscall_groups()
    allowed, denied = None, set()
    for value in unit.get("SystemCallFilter", []):
        negate = value.startswith("~")
        names = value.lstrip("~").split()
        if negate:
            if allowed is None:
                denied |= expand(names, groups)
            else:
                allowed -= expand(names, groups)
        else:
            allowed = (allowed or set()) | expand(names, groups)
    error = unit.get("SystemCallErrorNumber", ["EPERM"])[-1]
    refuse = seccomp.ERRNO(getattr(errno, error)) if error else seccomp.KILL_PROCESS
    families = [FAMILIES[name] for value in unit.get("RestrictAddressFamilies", []) for name in value.split()]
    deny_wx = unit.get("MemoryDenyWriteExecute", ["no"])[-1] == "yes"
    prot_wx = 0x2 | 0x4  # PROT_WRITE | PROT_EXEC

    def add(action, call, *conditions):
        try:
            rules.add_rule(action, call, *conditions)
        except (RuntimeError, ValueError) as error:
            if call in ("socket", "mmap", "mprotect"):
                raise
            return error  # a system call this architecture does not have
        return None

    if allowed is not None:
        # systemd always lets a process exit, exec and return from signals.
        allowed |= {"execve", "exit", "exit_group", "rt_sigreturn", "getrlimit"}
        rules = seccomp.SyscallFilter(defaction=refuse)
        for call in sorted(allowed - {"socket", "mmap", "mprotect"}):
            add(seccomp.ALLOW, call)
        if "socket" in allowed:
            for family in range(64) if families else []:
                if family in families:
                    add(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, family))
                else:
                    add(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family))
            if not families:
                add(seccomp.ALLOW, "socket")
        for call in ("mmap", "mprotect"):
            if call in allowed:
                for protection in (0, 2, 4) if deny_wx else ():
                    add(seccomp.ALLOW, call, seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, protection))
                if not deny_wx:
                    add(seccomp.ALLOW, call)
    else:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for call in sorted(denied):
            add(refuse, call)
        for family in range(64) if families else []:
            if family not in families:
                add(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family))
        for call in ("mmap", "mprotect") if deny_wx else ():
            add(seccomp.ERRNO(errno.EPERM), call, seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, prot_wx))
    return rules


def remount_proc(unit):
    subset = unit.get("ProcSubset", ["all"])[-1]
    protect = unit.get("ProtectProc", ["default"])[-1]
    if subset == "all" and protect == "default":
        return
    options = []
    if subset == "pid":
        options.append("subset=pid")
    if protect in ("invisible", "noaccess", "ptraceable"):
        options.append(f"hidepid={protect}")
    check(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make / private")
    check(libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, ",".join(options).encode()),
          f"mount proc with {','.join(options)}")


def drop_capabilities():
    for capability in range(64):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and ctypes.get_errno() != errno.EINVAL:
            check(-1, f"drop capability {capability} from the bounding set")

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    check(libc.capset(ctypes.byref(Header(LINUX_CAPABILITY_VERSION_3, 0)), (Data * 2)()), "capset")


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__.split("\n\n")[1])
    unit = settings(sys.argv[1])
    command = sys.argv[3:]
    rules = filter_for(unit)
    remount_proc(unit)
    if unit.get("CapabilityBoundingSet", ["x"])[-1] == "":
        drop_capabilities()
    if unit.get("NoNewPrivileges", ["no"])[-1] == "yes":
        check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "set no_new_privs")
    rules.load()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
