#!/usr/bin/env python3
"""Foundation benchmarks: prints figures, asserts nothing.

1. Time from start.sh to /health UP, and resident memory of the API and the worker at idle.
2. Jobs claimed and completed per second by two worker processes, on SQLite and on PostgreSQL.

Usage: scripts/bench/foundation.py [--runs 3] [--jobs 2000]
Builds the jar when it is missing or older than the sources, and starts PostgreSQL (scripts/postgres.sh).
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def jar():
    """The jar in target/, built first (mvn -DskipTests package) when missing or older than the sources."""
    def built():
        return [j for j in glob.glob(os.path.join(ROOT, "target", "flo-interviewer-backend-*.jar"))
                if not j.endswith(".original")]

    def newest_source():
        newest = os.path.getmtime(os.path.join(ROOT, "pom.xml"))
        for folder, _, files in os.walk(os.path.join(ROOT, "src", "main")):
            for name in files:
                newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
        return newest

    jars = built()
    if not jars or os.path.getmtime(jars[0]) < newest_source():
        print("building the jar: mvn -B -q -DskipTests package", flush=True)
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
        jars = built()
    return jars[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except Exception:
        return -1, ""


def clean_env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLO_") and k not in ("DATABASE_URL", "PORT")}
    env.update(extra)
    return env


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def status_mib(pid, *fields):
    """Fields of /proc/PID/status in MiB (VmRSS, RssAnon, RssFile ...), NaN when missing."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name = line.split(":", 1)[0]
            if name in fields:
                values[name] = int(line.split()[1]) / 1024
    return tuple(values.get(field, float("nan")) for field in fields)


def java_children(pid):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    result = {}
    for line in out.strip().splitlines():
        child, args = line.strip().split(" ", 1)
        result["worker" if "profiles.active=worker" in args else "api"] = int(child)
    return result


def startup(runs):
    times, api_rss, worker_rss = [], [], []
    for _ in range(runs):
        home = tempfile.mkdtemp(prefix="flo-bench-start-")
        shutil.copy(jar(), os.path.join(home, "app.jar"))
        shutil.copy(os.path.join(ROOT, "start.sh"), os.path.join(home, "start.sh"))
        port, wport = free_port(), free_port()
        env = clean_env({"FLO_HOME": home, "PORT": str(port), "FLO_WORKER_HEALTH_PORT": str(wport),
                         "FLO_WORKER_HEARTBEAT_INTERVAL": "1s"})
        started = time.monotonic()
        proc = subprocess.Popen(["bash", os.path.join(home, "start.sh")], env=env, cwd=home,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                status, body = http_status(f"http://127.0.0.1:{port}/health")
                if status == 200 and '"status":"UP"' in body:
                    break
                if time.monotonic() - started > 180:
                    raise RuntimeError("no UP within 180 s")
                time.sleep(0.1)
            times.append(time.monotonic() - started)
            time.sleep(20)  # idle
            pids = java_children(proc.pid)
            api_rss.append(rss_mib(pids["api"]))
            worker_rss.append(rss_mib(pids["worker"]))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
            shutil.rmtree(home, ignore_errors=True)
    return times, api_rss, worker_rss


class Db:
    def __init__(self, kind, home):
        self.kind = kind
        if kind == "sqlite":
            self.path = os.path.join(home, "bench.db")
            self.url = "sqlite:///" + self.path
        else:
            # Started (and installed) if it is not running; its last line is the admin URL.
            admin = subprocess.run([os.path.join(ROOT, "scripts", "postgres.sh"), "start"], capture_output=True,
                                   text=True, check=True).stdout.strip().splitlines()[-1]
            name = "flo_bench_" + uuid.uuid4().hex[:12]
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
            self.url = admin.rsplit("/", 1)[0] + "/" + name

    def sql(self, statement):
        if self.kind == "sqlite":
            con = sqlite3.connect(self.path, timeout=30)
            try:
                cur = con.execute(statement)
                rows = cur.fetchall()
                con.commit()
                return rows
            finally:
                con.close()
        out = subprocess.run(["psql", self.url, "-qAt", "-v", "ON_ERROR_STOP=1", "-f", "-"], input=statement,
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("|")) for line in out.strip().splitlines()]


def throughput(kind, jobs, concurrency):
    home = tempfile.mkdtemp(prefix=f"flo-bench-jobs-{kind}-")
    db = Db(kind, home)
    workers = []
    try:
        for _ in range(2):
            wport = free_port()
            env = clean_env({"FLO_HOME": home, "DATABASE_URL": db.url, "FLO_JOBS_DIAGNOSTICS_ENABLED": "true",
                             "FLO_JOBS_CONCURRENCY": str(concurrency), "FLO_JOBS_POLL_INTERVAL": "50ms",
                             "FLO_WORKER_HEALTH_PORT": str(wport)})
            p = subprocess.Popen(["java", "-jar", jar(), "--spring.profiles.active=worker"], env=env, cwd=home,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            workers.append((p, wport))
        for p, wport in workers:
            deadline = time.monotonic() + 180
            while http_status(f"http://127.0.0.1:{wport}/health")[0] != 200:
                if time.monotonic() > deadline or p.poll() is not None:
                    raise RuntimeError("worker did not become healthy")
                time.sleep(0.2)
        now = int(time.time() * 1000)
        values = ",".join(
            f"('{uuid.uuid4()}','diagnostics.sleep','{{\"millis\":0}}','QUEUED',0,3,{now},{now + i},{now})"
            for i in range(jobs))
        started = time.monotonic()
        db.sql("INSERT INTO jobs (id,type,payload,status,attempts,max_attempts,run_at,created_at,updated_at) VALUES "
               + values)
        # Only the benchmark's jobs: the workers queue and run their own (retention sweeps and the like).
        while True:
            done = int(db.sql("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED' AND type = 'diagnostics.sleep'")[0][0])
            if done == jobs:
                break
            if time.monotonic() - started > 600:
                raise RuntimeError(f"only {done} of {jobs} done after 600 s")
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        twice = int(db.sql("SELECT COUNT(*) FROM jobs WHERE attempts <> 1 AND type = 'diagnostics.sleep'")[0][0])
        per_worker = db.sql("SELECT a.worker, COUNT(*) FROM job_attempts a JOIN jobs j ON j.id = a.job_id "
                            "WHERE j.type = 'diagnostics.sleep' GROUP BY a.worker")
        return elapsed, twice, per_worker
    finally:
        for p, _ in workers:
            p.send_signal(signal.SIGTERM)
        for p, _ in workers:
            p.wait(60)
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
          f"{subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}")
    if not args.skip_startup:
        times, api, worker = startup(args.runs)
        print(f"start.sh -> /health UP: median {statistics.median(times):.1f} s (runs: "
              + ", ".join(f"{t:.1f}" for t in times) + ")")
        print(f"idle RSS: API median {statistics.median(api):.0f} MiB, worker median {statistics.median(worker):.0f} MiB")
    for kind in args.databases.split(","):
        elapsed, twice, per_worker = throughput(kind, args.jobs, args.concurrency)
        print(f"jobs on {kind}: {args.jobs} jobs, 2 workers x {args.concurrency} slots: {elapsed:.1f} s, "
              f"{args.jobs / elapsed:.0f} jobs/s; run more than once: {twice}; per worker: "
              + ", ".join(f"{w}={n}" for w, n in per_worker))


if __name__ == "__main__":
    main()
