"""The live link end to end: the studio started offscreen with --listen on a private name, driven
by the Python client (python/upsample_studio) and upsample-cli send.

Run by ctest, one class per test: /usr/bin/python3 test_link_studio.py CLASS, with UPSAMPLE_STUDIO
and UPSAMPLE_CLI naming the built programs and PYTHONPATH the repository's python/ folder.
"""

import json
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

import upsample_studio as us

STUDIO = os.environ["UPSAMPLE_STUDIO"]
CLI = os.environ["UPSAMPLE_CLI"]


class StudioProcess:
    """A studio listening as a private name, in its own runtime and settings folders."""

    def __init__(self, timeout_ms=None, runtime_mode=0o700):
        self.tmp = tempfile.mkdtemp(prefix="upsample-link-test-")
        self.runtime = os.path.join(self.tmp, "run")
        os.mkdir(self.runtime)
        os.chmod(self.runtime, runtime_mode)
        self.name = "test-%d-%d" % (os.getpid(), int(time.monotonic() * 1000) % 100000)
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=self.runtime,
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"))
        if timeout_ms:
            self.env["UPSAMPLE_LINK_TIMEOUT_MS"] = str(timeout_ms)
        os.environ["XDG_RUNTIME_DIR"] = self.runtime  # where the client looks
        self.process = subprocess.Popen([STUDIO, "--listen", self.name], env=self.env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.path = us.socket_path(self.name)
        deadline = time.monotonic() + 60
        while True:
            try:
                with us.connect(self.name) as s:
                    s.ping()
                break
            except (ConnectionError, FileNotFoundError):
                if self.process.poll() is not None:
                    raise RuntimeError("the studio ended: %s" % self.process.stderr.read())
                if time.monotonic() > deadline:
                    raise RuntimeError("the studio did not listen")
                time.sleep(0.05)

    def connect(self):
        return us.connect(self.name)

    def raw(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        s.connect(self.path)
        return s

    def stop(self):
        if self.process.poll() is None:
            try:
                with self.connect() as s:
                    s.quit()
                self.process.wait(20)
            except Exception:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def cli_resize(tmp, x, *options):
    """The core's result for the same call: upsample-cli resize on the same .npy."""
    src, dst = os.path.join(tmp, "in.npy"), os.path.join(tmp, "out.npy")
    np.save(src, x)
    subprocess.run([CLI, "resize", src, dst, "--backend", "cpu"] + list(options), check=True)
    return np.load(dst)


def raw_frame(header_text, payload=b""):
    data = header_text.encode()
    return struct.pack("<I", len(data)) + data + payload


def read_reply(sock):
    def exact(n):
        out = b""
        while len(out) < n:
            chunk = sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("closed after %d of %d bytes" % (len(out), n))
            out += chunk
        return out

    (n,) = struct.unpack("<I", exact(4))
    header = json.loads(exact(n))
    return header, exact(header["nbytes"])


def closed(sock):
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


class Session(unittest.TestCase):
    """open, spec, result bit for bit against the core; compare, inspect, screenshot."""

    @classmethod
    def setUpClass(cls):
        cls.studio = StudioProcess()
        cls.tmp = tempfile.mkdtemp()

    @classmethod
    def tearDownClass(cls):
        cls.studio.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_result_is_the_cores_bit_for_bit(self):
        rng = np.random.default_rng(18)
        x = rng.normal(size=(1, 3, 13, 17)).astype(np.float32)
        with self.studio.connect() as s:
            reply = s.open(x, name="x")
            self.assertEqual(reply["input"], {"shape": [1, 3, 13, 17], "dtype": "float32"})
            spec = s.spec("F.interpolate(x, scale_factor=2, mode='bicubic')")
            self.assertEqual(spec["output_shape"], [1, 3, 26, 34])
            self.assertEqual(spec["call"], "F.interpolate(x, scale_factor=2.0, mode='bicubic')")
            y = s.result()
            ref = cli_resize(self.tmp, x, "--mode", "bicubic", "--scale", "2")
            self.assertEqual(y.dtype, np.float32)
            self.assertEqual(y.shape, (1, 3, 26, 34))
            self.assertEqual(y.tobytes(), ref.tobytes())
            # The module forms, and the input back as it was sent.
            s.spec("nn.UpsamplingBilinear2d(scale_factor=2)")
            ref = cli_resize(self.tmp, x, "--mode", "bilinear", "--scale", "2", "--align-corners")
            self.assertEqual(s.result().tobytes(), ref.tobytes())
            s.spec("nn.Upsample(size=(5, 40), mode='nearest-exact')")
            ref = cli_resize(self.tmp, x, "--mode", "nearest-exact", "--size", "5,40")
            self.assertEqual(s.result().tobytes(), ref.tobytes())
            self.assertEqual(s.result(of="input").tobytes(), x.tobytes())

    def test_float64_and_converted_dtypes(self):
        x = np.arange(2 * 1 * 3 * 4, dtype=np.float64).reshape(2, 1, 3, 4) / 7
        with self.studio.connect() as s:
            s.open(x)
            s.spec("F.interpolate(x, size=(7, 9), mode='bilinear', antialias=True)")
            y = s.result()
            self.assertEqual(y.dtype, np.float64)
            ref = cli_resize(self.tmp, x, "--mode", "bilinear", "--size", "7,9", "--antialias")
            self.assertEqual(y.tobytes(), ref.tobytes())
            u8 = np.arange(16, dtype=np.uint8).reshape(1, 1, 4, 4)
            reply = s.open(u8)  # kept as uint8, as the same array opened as a .npy is
            self.assertEqual((reply["input"]["dtype"], reply["notices"]), ("uint8", []))
            big = np.arange(6, dtype=">i4").reshape(1, 2, 3)
            s.open(big)
            self.assertEqual(s.result(of="input").tolist(), [[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]])

    def test_compare_opens_ab_with_the_sent_tensor_as_b(self):
        rng = np.random.default_rng(7)
        x = rng.uniform(-1, 1, size=(1, 2, 6, 5)).astype(np.float32)
        with self.studio.connect() as s:
            s.open(x)
            s.spec("F.interpolate(x, scale_factor=(2, 3), mode='bilinear', align_corners=False)")
            y = s.result()
            mine = y.copy()
            mine[0, 1, 4, 7] += np.float32(0.25)
            reply = s.compare(mine, name="model_out")
            self.assertIn("model_out.npy", reply["title"])
            diff = s.result(of="difference")
            self.assertEqual(diff.tobytes(), (y - mine).tobytes())
            stats = reply["stats"]
            self.assertEqual(stats["count"], y.size)
            self.assertEqual(stats["differing"], 1)
            self.assertEqual(stats["max_abs"], float(np.abs(y - mine).max()))
            self.assertEqual(stats["arg_max_abs"], int(np.ravel_multi_index((0, 1, 4, 7), y.shape)))
            # B with other channels: the compare window's reason, as an error reply (other
            # spatial sizes compare by source position).
            with self.assertRaises(us.StudioError) as e:
                s.compare(np.zeros((1, 3, 12, 15), np.float32))
            self.assertIn("A and B must have the same batch and channels", str(e.exception))
            other = s.compare(np.zeros((1, 2, 3, 3), np.float32), name="small")
            self.assertIn("small.npy", other["title"])
            png = s.screenshot(of="compare")
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")

    def test_inspect_returns_the_inspectors_numbers(self):
        x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        with self.studio.connect() as s:
            s.open(x)
            s.spec("F.interpolate(x, scale_factor=2, mode='bilinear')")
            y = s.result()
            info = s.inspect(3, 2)
            self.assertEqual(info["pixel"], [3, 2])
            self.assertEqual(info["out_pos"], [2, 3])
            self.assertEqual([a["name"] for a in info["axes"]], ["H", "W"])
            h, w = info["axes"]
            # (d + 0.5) * 0.5 - 0.5: row 2 reads 0.75, column 3 reads 1.25.
            self.assertEqual(h["source"], 0.75)
            self.assertEqual(w["source"], 1.25)
            self.assertEqual(h["taps"], [0, 1])
            self.assertEqual(h["weights"], [0.25, 0.75])
            self.assertEqual(w["taps"], [1, 2])
            self.assertEqual(w["weights"], [0.75, 0.25])
            ch = info["channels"][0]
            self.assertEqual(ch["value"], float(y[0, 0, 2, 3]))
            self.assertEqual(ch["recomputed"], ch["value"])
            with self.assertRaises(us.StudioError) as e:
                s.inspect(8, 0)
            self.assertEqual(e.exception.type, "IndexError")
            self.assertEqual(str(e.exception), "pixel (8, 0) is outside the result plane of 8 x 8")

    def test_client_version_is_the_studios(self):
        # python/pyproject.toml and the client carry the project's version (CMakeLists.txt).
        with self.studio.connect() as s:
            self.assertEqual(s.ping()["version"], us.__version__)
        with open(os.path.join(os.path.dirname(us.__file__), "..", "pyproject.toml")) as f:
            self.assertIn('version = "%s"' % us.__version__, f.read())

    def test_torch_tensors_are_read_through_numpy(self):
        class FakeTorchTensor:  # what the client asks of a torch tensor
            def __init__(self, a):
                self.a, self.calls = a, []

            def detach(self):
                self.calls.append("detach")
                return self

            def cpu(self):
                self.calls.append("cpu")
                return self

            def numpy(self):
                self.calls.append("numpy")
                return self.a

        t = FakeTorchTensor(np.arange(8, dtype=np.float32).reshape(1, 2, 4))
        with self.studio.connect() as s:
            s.open(t)
            self.assertEqual(t.calls, ["detach", "cpu", "numpy"])
            self.assertEqual(s.result(of="input").tobytes(), t.a.tobytes())
            with self.assertRaises(TypeError):
                s.open(np.zeros((1, 1, 2), np.complex64))

    def test_screenshot_is_a_png_of_the_window(self):
        with self.studio.connect() as s:
            s.open(np.ones((1, 1, 4, 4), np.float32))
            path = os.path.join(self.tmp, "shot.png")
            png = s.screenshot(path)
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
            width, height = struct.unpack(">II", png[16:24])
            self.assertGreater(width, 400)
            self.assertGreater(height, 300)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), png)


class BadInput(unittest.TestCase):
    """Every bad frame gets its error reply; the studio keeps answering."""

    @classmethod
    def setUpClass(cls):
        cls.studio = StudioProcess(timeout_ms=400)

    @classmethod
    def tearDownClass(cls):
        cls.studio.stop()

    def assertAnswers(self):
        with self.studio.connect() as s:
            self.assertEqual(s.ping()["protocol"], 1)
        self.assertIsNone(self.studio.process.poll())

    def test_unknown_command(self):
        with self.studio.connect() as s:
            with self.assertRaises(us.StudioError) as e:
                s.request({"command": "frobnicate"})
            self.assertEqual(str(e.exception), "unknown command 'frobnicate' (the commands: ping, open, spec, result, "
                                               "compare, inspect, stats, screenshot, quit)")
            self.assertEqual(s.ping()["protocol"], 1)  # the same connection goes on
        self.assertAnswers()

    def test_header_lying_about_the_byte_count(self):
        sock = self.studio.raw()
        sock.sendall(raw_frame('{"command":"open","dtype":"float32","shape":[1,1,4,4],"byteorder":"little",'
                               '"nbytes":100}', b"\0" * 100))
        reply, _ = read_reply(sock)
        self.assertFalse(reply["ok"])
        self.assertEqual(reply["command"], "open")
        self.assertEqual(reply["error"], "the header says nbytes 100, but the tensor (1, 1, 4, 4) float32 is 64 bytes")
        sock.sendall(raw_frame('{"command":"ping"}'))
        self.assertTrue(read_reply(sock)[0]["ok"])
        sock.close()
        self.assertAnswers()

    def test_absurd_shape_refused_under_the_size_cap(self):
        sock = self.studio.raw()
        sock.sendall(raw_frame('{"command":"open","dtype":"float32","shape":[1,1,100000,100000],'
                               '"byteorder":"little","nbytes":40000000000}'))
        reply, _ = read_reply(sock)
        self.assertEqual(reply["error_type"], "ProtocolError")
        self.assertEqual(reply["error"], "the tensor (1, 1, 100000, 100000) float32 needs 37.3 GiB (40000000000 bytes), "
                                         "over the limit of 2.0 GiB (2147483648 bytes)")
        self.assertTrue(closed(sock))
        sock.close()
        self.assertAnswers()

    def test_bad_tensors_and_specs(self):
        with self.studio.connect() as s:
            with self.assertRaises(us.StudioError) as e:
                s.open(np.zeros((4, 4), np.float32))
            self.assertEqual(str(e.exception), "a tensor of shape (4, 4) (rank 2): F.interpolate takes rank 3 to 5: "
                                               "(N, C, L), (N, C, H, W) or (N, C, D, H, W)")
            with self.assertRaises(us.StudioError) as e:
                s.request({"command": "open", "dtype": "complex64", "shape": [1, 1, 1], "nbytes": 0})
            self.assertIn("unsupported dtype 'complex64'", str(e.exception))
            s.open(np.ones((1, 1, 4, 4), np.float32))
            with self.assertRaises(us.StudioError) as e:
                s.spec("F.interpolate(x, scale_factor=2, mode='nearest', align_corners=True)")
            self.assertEqual(e.exception.type, "ValueError")
            self.assertEqual(str(e.exception), "align_corners option can only be set with the interpolating modes: "
                                               "linear | bilinear | bicubic | trilinear")
            with self.assertRaises(us.StudioError) as e:
                s.spec("F.interpolate(x, scale_factor=2")
            self.assertEqual(e.exception.type, "SyntaxError")
            self.assertEqual(s.ping()["protocol"], 1)
        self.assertAnswers()

    def test_truncated_frame_times_out_with_an_error(self):
        sock = self.studio.raw()
        header = '{"command":"open","dtype":"float32","shape":[1,1,4,4],"byteorder":"little","nbytes":64}'
        sock.sendall(raw_frame(header, b"\0" * 32))
        reply, _ = read_reply(sock)  # after the studio's frame timeout (400 ms here)
        self.assertEqual(reply["error_type"], "ProtocolError")
        self.assertEqual(reply["error"], "truncated frame: no byte came for 400 ms after 32 of 64 bytes of the payload")
        self.assertTrue(closed(sock))
        sock.close()
        self.assertAnswers()

    def test_disconnect_mid_frame(self):
        for cut in (2, 10, 60):
            sock = self.studio.raw()
            frame = raw_frame('{"command":"open","dtype":"float32","shape":[1,1,4,4],"byteorder":"little","nbytes":64}',
                              b"\0" * 64)
            sock.sendall(frame[:cut])
            sock.close()
        self.assertAnswers()

    def test_garbage_is_refused_and_the_connection_closed(self):
        sock = self.studio.raw()
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        reply, _ = read_reply(sock)
        self.assertEqual(reply["error_type"], "ProtocolError")
        self.assertTrue(reply["error"].startswith("a frame header of 542393671 bytes"))
        self.assertTrue(closed(sock))
        sock.close()
        sock = self.studio.raw()
        sock.sendall(raw_frame("not json"))
        reply, _ = read_reply(sock)
        self.assertEqual(reply["error"], 'the frame header is not a JSON object: "not json"')
        sock.close()
        self.assertAnswers()

    def test_flood_in_order_latest_spec_wins_gui_responsive(self):
        rng = np.random.default_rng(1)
        x = rng.normal(size=(1, 3, 200, 200)).astype(np.float32)
        with self.studio.connect() as s:
            s.open(x)
            scales = [1 + (i % 7) * 0.5 for i in range(300)]
            frames = b"".join(us._frame({"command": "spec", "call": "F.interpolate(x, scale_factor=%g, mode='bicubic')" % f})
                              for f in scales)
            s._sock.sendall(frames + us._frame({"command": "result"}))
            # Meanwhile another client is answered promptly.
            t0 = time.monotonic()
            with self.studio.connect() as other:
                other.ping()
            self.assertLess(time.monotonic() - t0, 5.0)
            for f in scales:
                reply, _ = s.read_reply()
                self.assertTrue(reply["ok"], reply)
                self.assertEqual(reply["output_shape"], [1, 3, int(200 * f), int(200 * f)])
            reply, data = s.read_reply()
            self.assertTrue(reply["ok"])
            last = scales[-1]
            self.assertEqual(reply["call"], "F.interpolate(x, scale_factor=%s, mode='bicubic')" % repr(float(last)))
            self.assertEqual(reply["shape"], [1, 3, int(200 * last), int(200 * last)])
        self.assertAnswers()


class Permissions(unittest.TestCase):
    def test_socket_is_the_users_alone(self):
        studio = StudioProcess(runtime_mode=0o711)  # a folder others may pass: the socket's bits must hold
        try:
            st = os.stat(studio.path)
            self.assertTrue(stat.S_ISSOCK(st.st_mode))
            self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
            self.assertEqual(st.st_uid, os.getuid())
            if os.getuid() == 0:
                # Another user (nobody) cannot connect.
                pid = os.fork()
                if pid == 0:
                    code = 3
                    try:
                        os.setgid(65534)
                        os.setuid(65534)
                        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as other:
                            other.connect(studio.path)
                        code = 1
                    except PermissionError:
                        code = 0
                    finally:
                        os._exit(code)
                _, status = os.waitpid(pid, 0)
                self.assertEqual(os.waitstatus_to_exitcode(status), 0)
            # A second studio cannot take the name.
            second = subprocess.run([STUDIO, "--listen", studio.name], env=studio.env, capture_output=True, text=True,
                                    timeout=60)
            self.assertEqual(second.returncode, 1)
            self.assertIn("another studio already listens as '%s'" % studio.name, second.stderr)
            with studio.connect() as s:
                s.ping()
        finally:
            studio.stop()
        self.assertFalse(os.path.exists(studio.path))


class Exit(unittest.TestCase):
    """The studio ends cleanly with several clients still connected (it crashed in its link server)."""

    def test_quit_with_three_clients_connected(self):
        studio = StudioProcess()
        try:
            clients = [studio.connect() for _ in range(3)]
            for c in clients:
                c.ping()
            clients[1].quit()
            code = studio.process.wait(30)
            self.assertEqual(code, 0, "the studio ended with %d: %s" % (code, studio.process.stderr.read()))
            for c in clients:
                c.close()
        finally:
            studio.stop()


class Spawn(unittest.TestCase):
    def test_connect_spawns_a_studio_when_none_listens(self):
        tmp = tempfile.mkdtemp()
        try:
            os.environ.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=tmp,
                              XDG_CONFIG_HOME=os.path.join(tmp, "config"))
            os.chmod(tmp, 0o700)
            name = "spawn-%d" % os.getpid()
            with self.assertRaises(ConnectionError):
                us.connect(name)
            s = us.connect(name, spawn=True, studio=STUDIO)
            self.assertIsNotNone(s.process)
            self.assertEqual(s.ping()["protocol"], 1)
            s.open(np.ones((1, 1, 2, 2), np.float32))
            s.spec("nn.UpsamplingNearest2d(scale_factor=3)")
            self.assertEqual(s.result().tolist(), np.ones((1, 1, 6, 6)).tolist())
            s.quit()
            self.assertEqual(s.process.wait(30), 0)
            s.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class Preference(unittest.TestCase):
    def test_listen_at_every_start_from_the_settings(self):
        tmp = tempfile.mkdtemp()
        try:
            run, config = os.path.join(tmp, "run"), os.path.join(tmp, "config", "UpsampleStudio")
            os.makedirs(config)
            os.mkdir(run, 0o700)
            name = "pref-%d" % os.getpid()
            with open(os.path.join(config, "upsample-studio.conf"), "w") as f:
                f.write("[link]\nlisten=true\nname=%s\n" % name)
            os.environ["XDG_RUNTIME_DIR"] = run
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=os.path.join(tmp, "config"))
            process = subprocess.Popen([STUDIO], env=env, stdout=subprocess.PIPE, text=True)
            try:
                self.assertEqual(process.stdout.readline().strip(), "Listening on %s" % us.socket_path(name))
                with us.connect(name) as s:
                    self.assertEqual(s.ping()["protocol"], 1)
                    s.quit()
                self.assertEqual(process.wait(30), 0)
            finally:
                if process.poll() is None:
                    process.kill()
                process.wait()
                process.stdout.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def golden_case(version, case_id):
    """A case of tests/golden/torch-<version>/interpolate.json: (input, output) as arrays."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "torch-" + version,
                        "interpolate.json")
    with open(path) as f:
        case = next(c for c in json.load(f)["cases"] if c["id"] == case_id)
    kind = ">f8" if case["dtype"] == "float64" else ">f4"

    def decode(hexdata, shape):
        return np.frombuffer(bytes.fromhex(hexdata), dtype=kind).astype(kind[1:]).reshape(shape)
    return case, decode(case["input"], case["input_shape"]), decode(case["output"], case["output_shape"])


class FakeTorch:
    """What the client reads of an imported torch: its __version__."""

    def __init__(self, version):
        self.__version__ = version


class Versions(unittest.TestCase):
    """The client names torch.__version__; the studio reproduces that version (the nearest supported)."""

    def setUp(self):
        self.studio = StudioProcess()
        self.saved = sys.modules.get("torch")

    def tearDown(self):
        if self.saved is None:
            sys.modules.pop("torch", None)
        else:
            sys.modules["torch"] = self.saved
        self.studio.stop()

    def within(self, ours, ref):
        return bool(np.all(np.abs(ours.astype(np.float64) - ref) <= 2e-5 * np.maximum(1.0, np.abs(ref))))

    def test_the_studio_follows_the_clients_torch(self):
        # antialias to a one-pixel-wide output: 2.14 gives every row the first row's value, 1.13 does not.
        case_id = "bilinear-2d-aa-column-1068"
        case, x, new = golden_case("2.14", case_id)
        _, _, old = golden_case("1.13", case_id)
        self.assertEqual(case["size"], [5, 1])
        self.assertFalse(self.within(old, new))
        call = "F.interpolate(x, size=(5, 1), mode='bilinear', antialias=True)"
        for version, reproduced, note, ref, other in [
                ("2.14.1+debian", "2.14", "the client's version", new, old),
                ("1.13.0a0", "1.13", "the client's version", old, new),
                ("2.6.0+cpu", "2.14", "the nearest supported version", new, old)]:
            sys.modules["torch"] = FakeTorch(version)
            with self.studio.connect() as s:
                reply = s.open(x, name="golden")
                self.assertEqual(reply["torch"], {"client": version, "reproduced": reproduced, "note": note})
                s.spec(call)
                y = s.result()
                self.assertEqual(y.shape, ref.shape)
                self.assertTrue(self.within(y, ref), version)
                self.assertFalse(self.within(y, other), version)
        # A client without torch leaves the version as it is.
        sys.modules.pop("torch", None)
        with self.studio.connect() as s:
            self.assertNotIn("torch", s.ping())


class CliSend(unittest.TestCase):
    def test_send_sets_the_input_and_compares(self):
        studio = StudioProcess()
        tmp = tempfile.mkdtemp()
        try:
            rng = np.random.default_rng(3)
            x = rng.normal(size=(1, 2, 9, 6)).astype(np.float32)
            src, out = os.path.join(tmp, "x.npy"), os.path.join(tmp, "out.npy")
            np.save(src, x)
            env = dict(os.environ, XDG_RUNTIME_DIR=studio.runtime)
            run = subprocess.run([CLI, "send", src, "--link", studio.name, "--spec",
                                  "F.interpolate(x, size=(4, 13), mode='area')", "--result", out],
                                 env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            ref = cli_resize(tmp, x, "--mode", "area", "--size", "4,13")
            self.assertEqual(np.load(out).tobytes(), ref.tobytes())
            mine = os.path.join(tmp, "mine.npy")
            np.save(mine, ref + np.float32(1))
            run = subprocess.run([CLI, "send", mine, "--compare", "--link", studio.name], env=env,
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            stats = json.loads(run.stdout.splitlines()[-1])["stats"]
            self.assertEqual(stats["differing"], ref.size)
            run = subprocess.run([CLI, "send", src, "--link", "nobody-here"], env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 1)
            self.assertIn("no studio listens on '%s'" % os.path.join(studio.runtime, "upsample-studio-nobody-here.sock"),
                          run.stderr)
            # The dtype as it is: uint8 stays uint8 (nearest computes it), and bfloat16 from a
            # .safetensors file stays bfloat16 (it was widened to float32 before).
            small = os.path.join(tmp, "u8.npy")
            np.save(small, np.arange(12, dtype=np.uint8).reshape(1, 1, 3, 4))
            run = subprocess.run([CLI, "send", small, "--link", studio.name, "--spec",
                                  "F.interpolate(x, scale_factor=2, mode='nearest')", "--result", out],
                                 env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(json.loads(run.stdout.splitlines()[0])["input"]["dtype"], "uint8")
            self.assertEqual(np.load(out).dtype, np.uint8)
            self.assertEqual(np.load(out)[0, 0, ::2, ::2].tolist(), np.arange(12).reshape(3, 4).tolist())
            bits = np.array([0x3f80, 0x4049, 0xc2f7, 0x7f80], np.uint16)  # 1, 3.140625, -123.5, inf
            head = json.dumps({"x": {"dtype": "BF16", "shape": [1, 1, 2, 2], "data_offsets": [0, 8]}}).encode()
            bf = os.path.join(tmp, "x.safetensors")
            with open(bf, "wb") as f:
                f.write(len(head).to_bytes(8, "little") + head + bits.astype("<u2").tobytes())
            run = subprocess.run([CLI, "send", bf, "--link", studio.name], env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(json.loads(run.stdout.splitlines()[0])["input"]["dtype"], "bfloat16")
            bad = os.path.join(tmp, "rank2.npy")
            np.save(bad, np.zeros((3, 3), np.float32))
            run = subprocess.run([CLI, "send", bad, "--link", studio.name], env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 1)
            self.assertIn("the studio refused open: ValueError: a tensor of shape (3, 3) (rank 2)", run.stderr)
        finally:
            studio.stop()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
