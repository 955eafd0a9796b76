"""Do the Formgrader and JupyterLab's Assignments panel work for this course, in a real browser?

A JupyterLab server in a course folder (the kit's nbgrader_config.py, the sample roster, a few
graded students, w2_optimizers released to the course's exchange), and headless Chromium driven
by selenium: the Formgrader lists the assignments with no exchange warning, shows the students by
name with their scores, and the Assignments panel fetches and submits the released assignment.
Screenshots are kept in the test's temporary folder.
"""
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import course_copy

from autograder import grading, samples
from autograder.build import build
from autograder.config import REPO_ROOT

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "w2_optimizers"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def _browser_missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            return f"{path} is missing (Debian: apt-get install chromium chromium-driver)"
    return ""


@pytest.fixture(scope="module")
def browser():
    why = _browser_missing()
    if why:
        if os.environ.get("KIT_REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-dev-shm-usage",
                "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory, sandbox_required):
    root = course_copy(tmp_path_factory.mktemp("lab"))
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    build([ASSIGNMENT], root, say=lambda *_: None)
    grading.import_roster(samples.SAMPLES / "students.csv", root)
    samples.write_sample_class(ASSIGNMENT, root / "submitted", root)
    grading.autograde(ASSIGNMENT, root, students=["ada", "ben", "chen"], progress=False)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    subprocess.run([nbgrader, "release_assignment", ASSIGNMENT], cwd=root, check=True,
                   capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(8)
    log = open(root / "lab.log", "w")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
         f"--port={port}", f"--ServerApp.token={token}", "--ServerApp.allow_root=True",
         f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False"],
        cwd=root, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    yield {"root": root, "base": base, "token": token, "shots": root / "screenshots"}
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def _page(browser, url: str, shot: Path, settle: float = 3.0) -> str:
    from selenium.webdriver.common.by import By

    browser.get(url)
    time.sleep(settle)
    shot.parent.mkdir(exist_ok=True)
    browser.save_screenshot(str(shot))
    return browser.find_element(By.TAG_NAME, "body").text


def test_does_the_formgrader_list_the_assignments_with_a_working_exchange(server, browser):
    text = _page(browser, f"{server['base']}/formgrader?token={server['token']}",
                 server["shots"] / "formgrader.png")
    assert "Manage Assignments" in text
    assert "exchange" not in text.lower()  # no "the exchange directory does not exist" banner
    row = next(line for line in text.splitlines() if line.startswith(ASSIGNMENT))
    assert "released" in row and row.split()[-1] == "11"  # eleven submissions


def test_does_the_formgrader_show_students_by_name_with_their_scores(server, browser):
    text = _page(browser, f"{server['base']}/formgrader/manage_students",
                 server["shots"] / "students.png")
    assert "None, None" not in text
    assert "Okafor, Ada ada ada@example.org 18 / 18" in text
    assert "Wei, Chen chen chen@example.org 16 / 18" in text


def test_does_the_assignments_panel_fetch_and_submit(server, browser):
    from selenium.webdriver.common.by import By

    _page(browser, f"{server['base']}/lab?token={server['token']}",
          server["shots"] / "lab.png", settle=6)
    menu = next(e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel")
                if e.text == "Nbgrader")
    menu.click()
    time.sleep(0.5)
    next(e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel")
         if e.text == "Assignment List").click()
    time.sleep(4)

    def section(title: str) -> str:
        body = browser.find_element(By.TAG_NAME, "body").text
        return body.split(title, 1)[1].split("assignments", 1)[0]

    assert ASSIGNMENT in section("Released assignments")
    next(b for b in browser.find_elements(By.TAG_NAME, "button") if b.text == "Fetch").click()
    time.sleep(4)
    assert (server["root"] / ASSIGNMENT).is_dir()  # fetched into the server's folder
    assert ASSIGNMENT in section("Downloaded assignments")
    next(b for b in browser.find_elements(By.TAG_NAME, "button") if b.text == "Submit").click()
    time.sleep(4)
    browser.save_screenshot(str(server["shots"] / "assignments.png"))
    inbound = list((server["root"] / "exchange" / "improving-dnn" / "inbound").iterdir())
    assert any(ASSIGNMENT in p.name for p in inbound)
