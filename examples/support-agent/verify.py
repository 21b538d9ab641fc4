"""Checks one answer of the support agent against the facts its case expects.

stdin: {"case": {"id": "...", "input": "...", "attributes": {"expected": "shipped,$42.50", ...}}, "output": "..."}
The case's attributes.expected is a comma-separated list of facts. Every fact must appear in the output
(case-insensitive, runs of whitespace treated as one space).
Exit 0: every fact is there. Exit 1: one line on stdout saying which facts are missing.
"""

import json
import re
import sys


def normalize(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def main():
    try:
        payload = json.loads(sys.stdin.read())
        case = payload["case"]
        output = payload.get("output") or ""
    except (ValueError, KeyError, TypeError) as e:
        print("verifier input is not {\"case\": ..., \"output\": ...}: " + str(e))
        return 2

    expected = (case.get("attributes") or {}).get("expected", "")
    facts = [fact.strip() for fact in str(expected).split(",") if fact.strip()]
    if not facts:
        print("case %s has no attributes.expected to check the answer against" % case.get("id", "?"))
        return 1

    answer = normalize(output)
    missing = [fact for fact in facts if normalize(fact) not in answer]
    if missing:
        reason = "missing: " + "; ".join(missing)
        if payload.get("error"):
            reason += " (the agent failed: " + " ".join(str(payload["error"]).split())[:300] + ")"
        elif not answer:
            reason += " (the answer is empty)"
        print(reason)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
