#!/usr/bin/env python3
"""port.py: TCP ports for tests that cannot collide with a parallel run.

    port.py take OWNER-PID LIST-FILE [ADDR]   print a port, reserved for OWNER
    port.py release OWNER-PID LIST-FILE       give back what OWNER took

A port is taken only when nothing listens on it on ADDR (127.0.0.1 unless
given; 0.0.0.0 means on no address) and no other live test holds it: every
run reserves its ports as files in one folder for the whole machine
($SVK_PORTS_DIR, default /tmp/svk-ports), each holding its owner's pid,
under a lock, so two test runs at the same time (two clones, two shards of
a soak) never get the same port even before their daemons bind. A
reservation whose owner is gone (a run killed with -9) is taken back.
Ports come from below the kernel's range for outgoing connections, so a
daemon's own dialling cannot take one before the daemon that is to listen
on it starts. LIST-FILE records the test's ports (one a line), so that
release gives back exactly those.
"""
import fcntl
import os
import random
import socket
import sys

DIR = os.environ.get("SVK_PORTS_DIR", "/tmp/svk-ports")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or "0")
    except (OSError, ValueError):
        return 0


def listened(addr, port):
    s = socket.socket()
    try:
        s.bind((addr, port))
    except OSError:
        return True
    finally:
        s.close()
    return False


def take(pid, listfile, addr):
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    with open(os.path.join(DIR, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for _ in range(500):
            port = random.randrange(10000, max(10001, low - 1))
            path = os.path.join(DIR, str(port))
            if os.path.exists(path):
                held = owner(path)
                if held and alive(held):
                    continue
                os.unlink(path)  # its run is gone
            if listened(addr, port):
                continue
            with open(path, "w") as f:
                f.write("%d\n" % pid)
            with open(listfile, "a") as f:
                f.write("%d\n" % port)
            return port
    return None


def release(pid, listfile):
    try:
        ports = open(listfile).read().split()
    except OSError:
        return
    with open(os.path.join(DIR, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for p in ports:
            path = os.path.join(DIR, p)
            if owner(path) == pid:
                os.unlink(path)


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("take", "release"):
        sys.stderr.write(__doc__)
        return 2
    os.makedirs(DIR, mode=0o1777, exist_ok=True)
    pid = int(sys.argv[2])
    if sys.argv[1] == "release":
        release(pid, sys.argv[3])
        return 0
    port = take(pid, sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1")
    if port is None:
        sys.stderr.write("port.py: no free port found\n")
        return 1
    print(port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
