"""Leaves a thread and a detached process behind that, seconds later, try to overwrite the
gradebook, a classmate's files and the grading records."""
import os
import threading
import time

TARGETS = ["{{ROOT}}/gradebook.db", "{{ROOT}}/autograded/ada/w2_optimizers/w2_optimizers.ipynb",
           "{{ROOT}}/submitted/ada/w2_optimizers/w2_optimizers.ipynb",
           "{{ROOT}}/reports/w2_optimizers/grading.json", "{{KIT}}/gradebook.db"]


def _vandal():
    time.sleep(3)
    for path in TARGETS:
        try:
            with open(path, "w") as fh:
                fh.write("vandalised")
        except OSError:
            pass


threading.Thread(target=_vandal).start()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        _vandal()
        time.sleep(60)
    os._exit(0)
