"""A minimal LSP client over a child's stdio, for the tests: framed JSON-RPC
messages out, a reader thread collecting what comes back, waits bounded."""
import json, queue, subprocess, threading


class Client:
    def __init__(self, argv, cwd=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.inbox = queue.Queue()
        self.next_id = 0
        self.pending = []  # messages read while waiting for another
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, predicate, timeout=20):
        for i, m in enumerate(self.pending):
            if predicate(m):
                return self.pending.pop(i)
        while True:
            m = self.inbox.get(timeout=timeout)  # queue.Empty: the server hangs
            if m is None:
                raise EOFError("the server closed its output")
            if predicate(m):
                return m
            self.pending.append(m)

    def diagnostics(self, uri):
        """The next publishDiagnostics for `uri`."""
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return m["params"]["diagnostics"]

    def finish(self, timeout=20):
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.stderr = self.proc.stderr.read().decode("utf-8", "replace")
