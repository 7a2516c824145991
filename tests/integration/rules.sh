#!/usr/bin/env bash
# Integration: the Prometheus rule files in rules/. promtool checks each one
# (syntax, PromQL, templates) and runs each unit test file of tests/rules/
# (recorded values and alerts at given times). Then the conventions the
# dashboards rely on: level:metric:operations names, severity, summary and
# description on every alert, no series recorded twice, every recorded
# series a dashboard queries is recorded here, every rule file is tested.
#
# Runs from the repository root: the tests' rule_files are relative to the
# test file (../../rules/x.yml), which promtool resolves against the test
# file's directory, not against the working directory.
cd "$(dirname "$0")"
. ./lib.sh
cd ../..
shopt -s nullglob
rule_files=(rules/*.yml)
test_files=(tests/rules/*.yml)

if ! command -v promtool >/dev/null; then
	not_ok "promtool is installed (Debian package prometheus)"
	done_testing; exit 1
fi
[ ${#rule_files[@]} -gt 0 ] && ok "rule files found: ${rule_files[*]}" || not_ok "rule files found in rules/"
[ ${#test_files[@]} -gt 0 ] && ok "rule test files found: ${test_files[*]}" || not_ok "rule test files found in tests/rules/"

for f in "${rule_files[@]}"; do
	check "promtool check rules $f" promtool check rules "$f"
done
for t in "${test_files[@]}"; do
	check "promtool test rules $t" promtool test rules "$t"
done

# The conventions, read from the YAML with Python (python3-yaml). Each
# "name: problem" line it prints is one violation.
conventions() {
	/usr/bin/python3 - "$1" "${rule_files[@]}" <<'PY'
import glob, json, os, re, sys, yaml

what, files = sys.argv[1], sys.argv[2:]
records, alerts = {}, []
for f in files:
    for g in yaml.safe_load(open(f)).get("groups", []):
        for r in g.get("rules", []):
            if "record" in r:
                records.setdefault(r["record"], []).append(f)
            else:
                alerts.append((f, r))
bad = []
if what == "names":
    for name in records:
        if not re.fullmatch(r"[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*", name):
            bad.append("%s: not level:metric:operations" % name)
elif what == "unique":
    for name, where in records.items():
        if len(where) > 1:
            bad.append("%s: recorded %d times (%s)" % (name, len(where), ", ".join(where)))
elif what == "alerts":
    for f, r in alerts:
        sev = r.get("labels", {}).get("severity")
        if sev not in ("critical", "warning", "info", "page", "ticket"):
            bad.append("%s %s: severity %r" % (f, r["alert"], sev))
        for a in ("summary", "description"):
            if not str(r.get("annotations", {}).get(a, "")).strip():
                bad.append("%s %s: no %s annotation" % (f, r["alert"], a))
elif what == "dashboards":
    for d in sorted(glob.glob("dashboards/*.json")):
        text = json.dumps(json.load(open(d)))
        for name in sorted(set(re.findall(r"\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b", text))):
            if name not in records:
                bad.append("%s: %s is not recorded by rules/" % (d, name))
elif what == "tested":
    covered = set()
    for t in glob.glob("tests/rules/*.yml"):
        base = os.path.dirname(t)
        for rf in yaml.safe_load(open(t)).get("rule_files", []):
            covered.add(os.path.normpath(os.path.join(base, rf)))
    for f in files:
        if os.path.normpath(f) not in covered:
            bad.append("%s: no file in tests/rules/ loads it" % f)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}
check "recorded series are named level:metric:operations" conventions names
check "no series is recorded by two rules" conventions unique
check "every alert has a severity, a summary and a description" conventions alerts
check "every recorded series the dashboards query is recorded" conventions dashboards
check "every rule file is loaded by a promtool test" conventions tested

done_testing
