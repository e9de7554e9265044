#!/usr/bin/env python3
"""The baseline rootwatch's replay is compared with (issue 8): a straightforward CloudTrail
filter, as a SOC engineer would write it with the standard library alone.

It walks DIR for CloudTrail log files (*.json.gz and *.json, each {"Records": [...]}), gunzips
and parses each file completely with json.load, and keeps the events rootwatch keeps (the rule
of collector/.../RelevanceFilter.java): anything the root user did, every IAM MFA device call,
sts AssumeRoot, and cloudtrail StopLogging / DeleteTrail. One process, no tuning.

    python3 bench/python/baseline.py DIR

prints one JSON line: files, records, relevant, seconds, records_per_second.
"""
import gzip
import json
import os
import sys
import time

MFA_DEVICE_CALLS = {
    "CreateVirtualMFADevice",
    "EnableMFADevice",
    "DeactivateMFADevice",
    "DeleteVirtualMFADevice",
    "ResyncMFADevice",
}
TRAIL_TAMPERING = {"StopLogging", "DeleteTrail"}


def is_relevant(event):
    identity = event.get("userIdentity") or {}
    if identity.get("type") == "Root":
        return True
    source = event.get("eventSource")
    name = event.get("eventName")
    if source == "iam.amazonaws.com":
        return name in MFA_DEVICE_CALLS
    if source == "sts.amazonaws.com":
        return name == "AssumeRoot"
    if source == "cloudtrail.amazonaws.com":
        return name in TRAIL_TAMPERING
    return False


def log_files(directory):
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".json.gz") or name.endswith(".json"):
                yield os.path.join(root, name)


def read_log(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    if len(sys.argv) != 2:
        print("usage: baseline.py DIR", file=sys.stderr)
        return 2
    start = time.perf_counter()
    files = records = 0
    relevant = []
    for path in log_files(sys.argv[1]):
        log = read_log(path)
        files += 1
        for event in log.get("Records", []):
            records += 1
            if is_relevant(event):
                relevant.append(event)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "files": files,
        "records": records,
        "relevant": len(relevant),
        "seconds": round(seconds, 3),
        "records_per_second": round(records / seconds) if seconds > 0 else 0,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
