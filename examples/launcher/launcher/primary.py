"""Primary stage: started by the host inside the env, standard library only.

It connects the two pipe channels the host passes (commands in, results
out) and starts the secondary stage as a child process on them.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    command_fd = int(os.environ.get("APP_COMMAND_FD", "3"))
    result_fd = int(os.environ.get("APP_RESULT_FD", "4"))
    secondary = os.path.join(HERE, "secondary.py")
    child = subprocess.Popen(
        [sys.executable, secondary],
        stdin=command_fd,
        stdout=result_fd,
        pass_fds=(command_fd, result_fd),
    )
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
