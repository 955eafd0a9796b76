"""Starts thousands of processes."""
import os
import time

for _ in range(5000):
    try:
        _pid = os.fork()
    except OSError:
        break
    if _pid == 0:
        time.sleep(60)
        os._exit(0)
