#!/usr/bin/env python3
"""Start-up and idle memory of start.sh, the current one beside a baseline, in one run.

For each variant (baseline: start.sh as of a git revision; current: start.sh of this checkout)
and each mode (both roles; the API alone; the worker alone), RUNS starts from a fresh folder laid
out like the image (app.jar and start.sh): seconds from launching start.sh to UP (the API's
/health, which needs the worker's first heartbeat when both run; the worker's own /health when it
runs alone), and each JVM's resident memory (VmRSS, and of it RssAnon: private memory) 20 s after UP. Runs alternate between the
variants so that a busy machine weighs on both alike. Prints figures, asserts nothing.

A start.sh that makes class data sharing archives makes them on its first start; that is done once
before the timed runs (start.sh --prepare, timed and printed separately, one archive folder per
variant), as the image does when it is built.

Usage: flock /tmp/bench.lock scripts/bench/startup.py [--runs 3] [--baseline 3cddcbd] [--idle 20] [--jar app.jar]
    [--baseline-jar old.jar]
    [--java-home /usr/lib/jvm/temurin-25-jdk-amd64] [--baseline-java-home ...] [--current-java-home ...]
Builds the jar first when it is missing or older than the sources. --baseline-jar runs the baseline
variant with another build of the jar (a change in the application rather than in start.sh). JAVA_OPTS in the environment applies to the
current variant only (to try other options against the same baseline). --java-home runs both
variants on that JVM (JAVA_HOME of start.sh); --baseline-java-home / --current-java-home one
variant (e.g. the baseline on Java 17 against the current start.sh on Java 25).
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from foundation import ROOT, clean_env, free_port, http_status, jar, java_children, status_mib  # noqa: E402

# What start.sh ran before class data sharing (for the worker alone, which that start.sh could not
# do; a baseline start.sh that knows START_API runs the worker alone itself).
BASELINE_OPTS = "-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k"


JAR = None
BASELINE_JAR = None
JAVA_HOMES = {}


def folder(variant, start_sh_text, cds_dir):
    home = tempfile.mkdtemp(prefix="flo-bench-startup-")
    shutil.copy((variant == "baseline" and BASELINE_JAR) or JAR or jar(), os.path.join(home, "app.jar"))
    # the same modification time for every copy, so the current start.sh finds its archives
    os.utime(os.path.join(home, "app.jar"), (1_700_000_000, 1_700_000_000))
    with open(os.path.join(home, "start.sh"), "w") as f:
        f.write(start_sh_text)
    os.chmod(os.path.join(home, "start.sh"), 0o755)
    return home


def one(variant, mode, start_sh_text, cds_dir, idle):
    home = folder(variant, start_sh_text, cds_dir)
    port, wport = free_port(), free_port()
    extra = {"FLO_HOME": home, "PORT": str(port), "FLO_WORKER_HEALTH_PORT": str(wport),
             "FLO_WORKER_HEARTBEAT_INTERVAL": "1s", "APP_CDS_DIR": cds_dir}
    env = clean_env(extra)
    if variant == "baseline":
        env.pop("JAVA_OPTS", None)
    if JAVA_HOMES.get(variant):
        env["JAVA_HOME"] = JAVA_HOMES[variant]
    if mode == "api":
        env.update(START_WORKER="false", FLO_WORKER_REQUIRED="false")
    url = f"http://127.0.0.1:{port}/health"
    if mode == "worker":
        url = f"http://127.0.0.1:{wport}/health"
        if variant == "baseline" and "START_API" not in start_sh_text:
            java = os.path.join(JAVA_HOMES[variant], "bin", "java") if JAVA_HOMES.get(variant) else "java"
            command = [java, *BASELINE_OPTS.split(), "-jar", os.path.join(home, "app.jar"),
                       "--spring.profiles.active=worker"]
        else:
            env["START_API"] = "false"
            command = ["bash", os.path.join(home, "start.sh")]
    else:
        command = ["bash", os.path.join(home, "start.sh")]
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            status, body = http_status(url)
            if status == 200 and '"status":"UP"' in body:
                break
            if time.monotonic() - started > 180:
                raise RuntimeError(f"{variant} {mode}: no UP within 180 s")
            time.sleep(0.05)
        up = time.monotonic() - started
        time.sleep(idle)
        if mode == "worker" and variant == "baseline" and "START_API" not in start_sh_text:
            pids = {"worker": proc.pid}
        else:
            pids = java_children(proc.pid)
        # VmRSS and its private part (RssAnon; the rest is RssFile, mostly pages of the archives
        # and jars, clean and shared with the page cache)
        return up, {role: status_mib(pid, "VmRSS", "RssAnon") for role, pid in pids.items()}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default="3cddcbd", help="git revision of the baseline start.sh")
    parser.add_argument("--idle", type=float, default=20)
    parser.add_argument("--modes", default="both,api,worker")
    parser.add_argument("--jar", help="the jar to run (default: target's; a copy keeps a rebuild from changing it mid-run)")
    parser.add_argument("--baseline-jar", help="the baseline's jar, to compare two builds (default: the same jar as the current)")
    parser.add_argument("--java-home", help="JAVA_HOME of both variants (default: this environment's java)")
    parser.add_argument("--baseline-java-home", help="JAVA_HOME of the baseline only")
    parser.add_argument("--current-java-home", help="JAVA_HOME of the current start.sh only")
    args = parser.parse_args()
    global JAR, BASELINE_JAR
    JAR = args.jar
    BASELINE_JAR = args.baseline_jar
    JAVA_HOMES["baseline"] = args.baseline_java_home or args.java_home
    JAVA_HOMES["current"] = args.current_java_home or args.java_home

    baseline = subprocess.run(["git", "-C", ROOT, "show", f"{args.baseline}:start.sh"], capture_output=True,
                              text=True, check=True).stdout
    with open(os.path.join(ROOT, "start.sh")) as f:
        current = f.read()
    # One archive folder per variant: both start.sh may key their archives alike.
    cds_dirs = {variant: tempfile.mkdtemp(prefix=f"flo-bench-cds-{variant}-") for variant in ("baseline", "current")}
    try:
        for variant, text in (("baseline", baseline), ("current", current)):
            if "--prepare" not in text:
                continue
            home = folder(variant, text, cds_dirs[variant])
            prepare_env = {"FLO_HOME": home, "APP_CDS_DIR": cds_dirs[variant]}
            if JAVA_HOMES[variant]:
                prepare_env["JAVA_HOME"] = JAVA_HOMES[variant]
            started = time.monotonic()
            subprocess.run(["bash", os.path.join(home, "start.sh"), "--prepare"], check=True, env=clean_env(prepare_env))
            print(f"{variant} start.sh --prepare (extract + training runs, once per jar): {time.monotonic() - started:.1f} s")
            shutil.rmtree(home, ignore_errors=True)

        print(f"JAVA_OPTS of the current variant: {os.environ.get('JAVA_OPTS', '(start.sh default)')}")
        print(f"JAVA_HOME: baseline {JAVA_HOMES['baseline'] or '(environment)'}, current {JAVA_HOMES['current'] or '(environment)'}")
        results = {}
        for mode in args.modes.split(","):
            for _ in range(args.runs):
                for variant, text in (("baseline", baseline), ("current", current)):
                    up, rss = one(variant, mode, text, cds_dirs[variant], args.idle)
                    results.setdefault((variant, mode), []).append((up, rss))
                    print(f"  {variant:8} {mode:6} UP {up:5.1f} s  " +
                          "  ".join(f"{role} {mib:.0f} MiB (anon {anon:.0f})" for role, (mib, anon) in sorted(rss.items())),
                          flush=True)
        print()
        print("| Mode | Variant | To UP, median (runs) | RSS 20 s after UP, median (of it RssAnon) |")
        print("|---|---|---|---|")
        for (variant, mode), runs in results.items():
            ups = [u for u, _ in runs]
            roles = sorted({r for _, rss in runs for r in rss})
            rss = ", ".join(f"{role} {statistics.median(x[role][0] for _, x in runs if role in x):.0f} MiB"
                            f" ({statistics.median(x[role][1] for _, x in runs if role in x):.0f})" for role in roles)
            print(f"| {mode} | {variant} | {statistics.median(ups):.1f} s ({', '.join(f'{u:.1f}' for u in ups)}) | {rss} |")
    finally:
        for cds_dir in cds_dirs.values():
            shutil.rmtree(cds_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
