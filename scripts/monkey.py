#!/usr/bin/python3
"""The studio's GUI monkey: a seeded, weighted random driver of upsample-studio under Xvfb.

It types keys (shortcuts included, quit left out), clicks, drags and turns the wheel in the
window through xdotool, and sends live-link traffic (tensors of every rank and dtype with NaN
and Inf, valid and invalid specs, result, inspect, compare and screenshot requests). Alongside,
a second client pings the studio every 0.5 s (the link is served on the GUI thread, so a late
answer is a blocked GUI thread) and the studio's RSS is read from /proc.

It fails (exit status 1) on a crash or any exit of the studio, a ping answered after more than
--max-block seconds, or an RSS over the bound README "Memory" states:
  (idle RSS + 2 x the largest input + 6.25 x the result limit) x 1.25
(the result limit is --limit-mib here, the Preferences dialog being shut unaccepted whenever it
opens, and the largest the studio's settings have held if it changes anyway: the main result, the modes grid's variants together, the
Libraries window's copies, the A/B compare's B on A's grid and its difference, and the displayed
planes are each held to it; freed results kept for reuse to a quarter of it). Idle RSS is read
after a small result in every mode, so that it includes the compute engine (with PoCL, its LLVM).
Every action is drawn from the seed alone (never from timing), and written to the log with its
step number: the same --seed replays the same actions; --steps N stops after step N.

Usage: /usr/bin/python3 scripts/monkey.py --studio build/app/gui/upsample-studio [--minutes 10]
       [--seed 1] [--log monkey-1.log] [--limit-mib 64] [--max-block 2] [--steps N]
Needs Xvfb, xdotool and NumPy (scripts/install-deps.sh); PYTHONPATH is set to python/ here.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import upsample_studio as us  # noqa: E402

# The studio's shortcuts (app/gui), Ctrl+Q left out: the monkey never asks it to quit.
SHORTCUTS = ["ctrl+plus", "ctrl+comma", "ctrl+minus", "ctrl+0", "ctrl+1", "ctrl+2", "ctrl+equal", "ctrl+alt+0",
             "ctrl+alt+e", "ctrl+alt+shift+e", "ctrl+e", "ctrl+shift+c", "ctrl+shift+e", "Escape", "F1", "F5",
             "shift+F1", "shift+Next", "shift+Prior", "Next", "Prior", "space", "t", "ctrl+o", "ctrl+c", "ctrl+x",
             "ctrl+v", "ctrl+z", "ctrl+shift+z", "ctrl+a", "Tab", "shift+Tab", "Return", "Up", "Down", "Left",
             "Right", "alt+f", "alt+v", "alt+a", "alt+h"]
TYPED = "0123456789.,-=()[]'abcdefghijklmnopqrstuvwxyz _"
DTYPES = ["float32", "float32", "float64", "float16", "uint8", "int16", "int32", "int64", "bool"]
MODES = ["nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area"]


START = time.monotonic()


def log_line(log, text):
    log.write("%8.2f %s\n" % (time.monotonic() - START, text))
    log.flush()


class Studio:
    """Xvfb, then the studio listening on a private link name, in private folders."""

    def __init__(self, exe, limit_mib, tmp):
        self.tmp = tmp
        self.display = self._start_xvfb()
        runtime = os.path.join(tmp, "run")
        config = os.path.join(tmp, "config", "UpsampleStudio")
        os.makedirs(config)
        os.mkdir(runtime, 0o700)
        with open(os.path.join(config, "upsample-studio.conf"), "w") as f:
            f.write("[compute]\nmaxResultBytes=%d\n" % (limit_mib << 20))
        self.name = "monkey-%d" % os.getpid()
        self.env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=runtime,
                        XDG_CONFIG_HOME=os.path.join(tmp, "config"), HOME=tmp)
        self.env.pop("UPSAMPLE_LINK_TIMEOUT_MS", None)
        os.environ["XDG_RUNTIME_DIR"] = runtime  # where the client looks
        self.process = subprocess.Popen([exe, "--listen", self.name], env=self.env, cwd=tmp,
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "studio.err"), "w"))
        self.client = self._connect()
        self.window = self._find_window()

    def _start_xvfb(self):
        for n in range(90 + os.getpid() % 50, 400):
            if os.path.exists("/tmp/.X11-unix/X%d" % n) or os.path.exists("/tmp/.X%d-lock" % n):
                continue
            self.xvfb = subprocess.Popen(["Xvfb", ":%d" % n, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if os.path.exists("/tmp/.X11-unix/X%d" % n):
                    return ":%d" % n
                if self.xvfb.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError("no Xvfb display could be started")

    def _connect(self):
        deadline = time.monotonic() + 60
        while True:
            try:
                s = us.connect(self.name, timeout=120)
                s.ping()
                return s
            except (ConnectionError, FileNotFoundError, OSError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the studio did not start: %s" % self.stderr())
                time.sleep(0.1)

    def _find_window(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            out = self.xdotool("search", "--onlyvisible", "--pid", str(self.process.pid))
            ids = out.split()
            if ids:
                return ids[-1]
            time.sleep(0.2)
        raise RuntimeError("the studio's window did not show")

    def xdotool(self, *args):
        r = subprocess.run(["xdotool"] + list(args), env=self.env, capture_output=True, text=True, timeout=20)
        return r.stdout

    def geometry(self):
        g = {}
        for line in self.xdotool("getwindowgeometry", "--shell", self.window).splitlines():
            k, _, v = line.partition("=")
            g[k] = int(v) if v.isdigit() else v
        return g.get("X", 0), g.get("Y", 0), g.get("WIDTH", 1280), g.get("HEIGHT", 800)

    def limit_mib(self):
        """The result limit in the studio's settings now: keys typed into Preferences change it."""
        try:
            with open(os.path.join(self.tmp, "config", "UpsampleStudio", "upsample-studio.conf")) as f:
                for line in f:
                    if line.startswith("maxResultBytes="):
                        return int(line.split("=", 1)[1]) / 2**20
        except (OSError, ValueError):
            pass
        return 0.0

    def rss_mib(self):
        try:
            with open("/proc/%d/status" % self.process.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stderr(self):
        try:
            with open(os.path.join(self.tmp, "studio.err")) as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            try:
                self.client.quit()
                self.process.wait(30)
            except Exception:
                self.process.kill()
                self.process.wait()
        try:
            self.client.close()
        except Exception:
            pass
        self.xvfb.terminate()
        self.xvfb.wait()


class Pinger(threading.Thread):
    """A second client: a ping every 0.5 s; the longest wait for an answer is the longest block."""

    def __init__(self, name):
        super().__init__(daemon=True)
        self.client = us.connect(name, timeout=600)
        self.worst = 0.0
        self.count = 0
        self.stop_event = threading.Event()
        self.error = None

    def run(self):
        while not self.stop_event.is_set():
            t = time.monotonic()
            try:
                self.client.ping()
            except Exception as e:  # the studio ended: reported by the main loop
                self.error = e
                return
            self.worst = max(self.worst, time.monotonic() - t)
            self.count += 1
            self.stop_event.wait(0.5)


def rss_bound(idle_mib, largest_input_bytes, limit_mib):
    """README "Memory": what the studio may hold, with a quarter more for the allocator and Qt."""
    return (idle_mib + 2 * largest_input_bytes / 2**20 + 6.25 * limit_mib) * 1.25


WARM_UP_CALLS = ["scale_factor=2, mode='nearest'", "scale_factor=2, mode='nearest-exact'",
                 "scale_factor=2, mode='bilinear'", "scale_factor=2, mode='bilinear', align_corners=True",
                 "scale_factor=2, mode='bicubic'", "scale_factor=0.5, mode='bilinear', antialias=True",
                 "scale_factor=0.5, mode='bicubic', antialias=True", "scale_factor=0.5, mode='area'"]


def warm_up(client):
    """A small result in each 2-D mode: loads the compute engine (and builds its programs) before idle is read."""
    client.open(np.arange(64, dtype=np.float32).reshape(1, 1, 8, 8))
    for call in WARM_UP_CALLS:
        client.spec("F.interpolate(x, %s)" % call)
        client.result()


def random_tensor(rng, max_bytes):
    rank = rng.choice([3, 3, 4, 4, 4, 5, 2, 6])
    shape = [rng.randint(1, 2), rng.randint(1, 4)] + [rng.randint(1, 64) for _ in range(max(rank - 2, 0))]
    if rank < 3:
        shape = shape[:rank]
    if rng.random() < 0.15:  # a long axis, a large plane or an empty dim
        k = rng.randrange(len(shape))
        shape[k] = rng.choice([0, 200000, 1500])
    dtype = rng.choice(DTYPES)
    n = int(np.prod(shape)) if shape else 1
    while n * np.dtype(dtype).itemsize > max_bytes and max(shape) > 1:
        k = shape.index(max(shape))
        shape[k] = max(1, shape[k] // 2)
        n = int(np.prod(shape))
    data = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n) * 100
    if dtype in ("float32", "float64", "float16") and n > 2:
        data[rng.randrange(n)] = np.nan
        data[rng.randrange(n)] = np.inf
    return data.astype(dtype).reshape(shape)


def random_call(rng):
    if rng.random() < 0.15:  # junk: syntax, deep nesting, unknown names
        return rng.choice(["F.interpolate(x, scale_factor=" + "[" * rng.randint(150, 3000) + "2",
                           "F.interpolate(x, size=" + "-" * rng.randint(1, 5000) + "8)",
                           "nn.Upsample(scale_factor='two')", "F.interpolate(x, mode='bilinaer')",
                           "F.interpolate(x", "", "torch.zeros(3)", "F.interpolate(x, scale_factor=1e308)"])
    mode = rng.choice(MODES)
    if rng.random() < 0.5:
        arg = "scale_factor=%s" % rng.choice(["2", "0.5", "1.7", "3", "(2, 3)", "0.01", "8", "-1", "float('nan')"])
    else:
        arg = "size=%s" % rng.choice(["8", "128", "(5, 7)", "(64, 64, 64)", "1000", "(700, 700, 1300)", "0"])
    extra = rng.choice(["", ", align_corners=True", ", antialias=True", ", align_corners=False",
                        ", recompute_scale_factor=True"])
    return "F.interpolate(x, %s, mode='%s'%s)" % (arg, mode, extra)


class Monkey:
    def __init__(self, args, studio, log):
        self.args = args
        self.studio = studio
        self.log = log
        self.rng = random.Random(args.seed)
        self.counts = {}
        self.largest_input = 0

    def act(self, step):
        kind = self.rng.choices(["key", "type", "click", "drag", "wheel", "link"], [20, 8, 25, 8, 10, 29])[0]
        self.counts[kind] = self.counts.get(kind, 0) + 1
        getattr(self, "do_" + kind)(step)
        self.close_preferences(step)

    def close_preferences(self, step):
        """Typing into Preferences would change the result limit the RSS bound is stated in: the
        dialog is shut unaccepted whenever keys or clicks open it (no random draw, so replays hold)."""
        shown = self.studio.xdotool("search", "--all", "--onlyvisible", "--pid", str(self.studio.process.pid),
                                    "--name", "^Preferences$").split()
        for window in shown:
            self.studio.xdotool("key", "--window", window, "Escape")
            log_line(self.log, "%d   Preferences closed unaccepted" % step)

    def point(self):
        x, y, w, h = self.geom
        return str(x + self.rng.randrange(max(w, 1))), str(y + self.rng.randrange(max(h, 1)))

    def do_key(self, step):
        k = self.rng.choice(SHORTCUTS)
        log_line(self.log, "%d key %s" % (step, k))
        self.studio.xdotool("key", "--clearmodifiers", k)

    def do_type(self, step):
        text = "".join(self.rng.choice(TYPED) for _ in range(self.rng.randint(1, 8)))
        log_line(self.log, "%d type %r" % (step, text))
        self.studio.xdotool("type", "--delay", "5", text)

    def do_click(self, step):
        x, y = self.point()
        button = self.rng.choice(["1", "1", "1", "3"])
        count = self.rng.choice(["1", "1", "2"])
        log_line(self.log, "%d click %s x%s at %s,%s" % (step, button, count, x, y))
        self.studio.xdotool("mousemove", x, y, "click", "--repeat", count, button)

    def do_drag(self, step):
        (x0, y0), (x1, y1) = self.point(), self.point()
        log_line(self.log, "%d drag %s,%s -> %s,%s" % (step, x0, y0, x1, y1))
        self.studio.xdotool("mousemove", x0, y0, "mousedown", "1", "mousemove", x1, y1, "mouseup", "1")

    def do_wheel(self, step):
        x, y = self.point()
        button = self.rng.choice(["4", "5"])
        n = str(self.rng.randint(1, 6))
        log_line(self.log, "%d wheel %s x%s at %s,%s" % (step, button, n, x, y))
        self.studio.xdotool("mousemove", x, y, "click", "--repeat", n, button)

    def do_link(self, step):
        c = self.studio.client
        what = self.rng.choices(["open", "spec", "result", "inspect", "compare", "screenshot"], [20, 35, 12, 15, 10, 3])[0]
        try:
            if what in ("open", "compare"):
                t = random_tensor(self.rng, self.args.max_input_mib << 20)
                self.largest_input = max(self.largest_input, t.nbytes)
                log_line(self.log, "%d link %s %s %s" % (step, what, t.dtype, tuple(t.shape)))
                (c.open if what == "open" else c.compare)(t)
            elif what == "spec":
                call = random_call(self.rng)
                log_line(self.log, "%d link spec %s" % (step, call if len(call) < 200 else call[:60] + "... (%d chars)" % len(call)))
                c.spec(call)
            elif what == "result":
                of = self.rng.choice(["result", "input", "difference", "bogus"])
                log_line(self.log, "%d link result of=%s" % (step, of))
                c.result(of)
            elif what == "inspect":
                x, y = self.rng.randrange(-2, 300), self.rng.randrange(-2, 300)
                log_line(self.log, "%d link inspect %d,%d" % (step, x, y))
                c.inspect(x, y)
            else:
                of = self.rng.choice(["window", "compare"])
                log_line(self.log, "%d link screenshot of=%s" % (step, of))
                c.screenshot(of=of)
        except us.StudioError as e:
            log_line(self.log, "%d   refused: %s: %s" % (step, e.type, str(e)[:160]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--studio", required=True)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log")
    ap.add_argument("--limit-mib", type=int, default=64, help="the studio's result limit for the run (MiB)")
    ap.add_argument("--max-input-mib", type=int, default=16)
    ap.add_argument("--max-block", type=float, default=2.0, help="the longest a ping may wait (s)")
    ap.add_argument("--steps", type=int, default=0, help="stop after this step (replaying a failure)")
    ap.add_argument("--no-rss-bound", action="store_true", help="no RSS check (sanitizer builds)")
    args = ap.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if not shutil.which(tool):
            sys.exit("monkey: %s is not installed (scripts/install-deps.sh installs it)" % tool)
    tmp = tempfile.mkdtemp(prefix="upsample-monkey-")
    log_path = args.log or os.path.join(tmp, "monkey.log")
    log = open(log_path, "w")
    log_line(log, "seed %d, %.1f minutes, limit %d MiB" % (args.seed, args.minutes, args.limit_mib))
    studio = Studio(os.path.abspath(args.studio), args.limit_mib, tmp)
    failure = None
    try:
        time.sleep(2.0)
        warm_up(studio.client)
        time.sleep(1.0)
        idle = studio.rss_mib()
        pinger = Pinger(studio.name)
        pinger.start()
        monkey = Monkey(args, studio, log)
        monkey.geom = studio.geometry()
        peak = idle
        limit = args.limit_mib  # the largest result limit the studio has had: results made under it may stay
        step = 0
        end = time.monotonic() + args.minutes * 60
        while time.monotonic() < end and (args.steps == 0 or step < args.steps):
            step += 1
            try:
                monkey.act(step)
            except (ConnectionError, OSError, subprocess.TimeoutExpired) as e:
                log_line(log, "%d   %s: %s" % (step, type(e).__name__, e))
            if step % 25 == 0:
                monkey.geom = studio.geometry()
                log_line(log, "%d   rss %.0f MiB, longest ping %.0f ms" % (step, studio.rss_mib(), pinger.worst * 1000))
            if studio.limit_mib() > limit:
                limit = studio.limit_mib()
                log_line(log, "%d   the result limit is now %.0f MiB (Preferences)" % (step, limit))
            rss = studio.rss_mib()
            peak = max(peak, rss)
            bound = rss_bound(idle, monkey.largest_input, limit)
            if studio.process.poll() is not None:
                failure = "the studio ended with status %d at step %d: %s" % (studio.process.returncode, step,
                                                                             studio.stderr())
            elif pinger.worst > args.max_block:
                failure = "the GUI thread was blocked for %.1f s (by step %d)" % (pinger.worst, step)
            elif rss > bound and not args.no_rss_bound:
                failure = "RSS %.0f MiB over the bound of %.0f MiB at step %d" % (rss, bound, step)
            if failure:
                break
        pinger.stop_event.set()
        bound = rss_bound(idle, monkey.largest_input, limit)
        counts = ", ".join("%d %s" % (v, k) for k, v in sorted(monkey.counts.items()))
        summary = ("monkey: seed %d, %.1f min, %d actions (%s); %d pings, longest %.0f ms; peak RSS %.0f MiB "
                   "(idle %.0f, limit %.0f, bound %.0f); %s" % (args.seed, args.minutes, step, counts, pinger.count,
                                                                pinger.worst * 1000, peak, idle, limit, bound,
                                                                "FAIL: " + failure if failure else "no crash, no freeze"))
        log_line(log, summary)
        print(summary)
        if failure:
            print("monkey: replay with --seed %d --steps %d; the actions: %s" % (args.seed, step, log_path))
    finally:
        studio.stop()
        log.close()
        if not failure and not args.log:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failure else 0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(3))
    main()
