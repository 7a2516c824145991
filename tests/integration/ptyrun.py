#!/usr/bin/python3
"""Runs a program on a terminal that then vanishes, for tests/integration/faults.sh.

usage: ptyrun.py PIDFILE COLS ROWS MARKER COMMAND...

Opens a pseudo-terminal of COLS x ROWS and starts COMMAND with its slave
side as standard input, output and error, in a session of its own that
has no controlling terminal (so that the kernel sends it no SIGHUP when
the terminal goes: what is left is the terminal itself failing, as when
an SSH connection drops under a process that ignores or never gets the
hangup). It reads what COMMAND writes until MARKER appears (20 s at
most), writes COMMAND's pid to PIDFILE, closes the master side (the
terminal is gone), and waits for COMMAND: it prints "exit N" (or
"signal N") when COMMAND ends.
"""
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time


def main():
    pidfile, cols, rows, marker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    cmd = sys.argv[5:]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(os.environ, TERM=os.environ.get("TERM", "xterm-256color"))
    child = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                             start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 20
    while marker.encode() not in seen and time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                seen = (seen + os.read(master, 65536))[-65536:]
            except OSError:
                break
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % child.pid)
    os.rename(pidfile + ".tmp", pidfile)
    os.close(master)   # the terminal vanishes
    status = child.wait()
    print("signal %d" % -status if status < 0 else "exit %d" % status, flush=True)


if __name__ == "__main__":
    main()
