#!/usr/bin/env python3
"""Checks every file in Forms/ against Schemas/forms-file.schema.json, and that the schema
refuses known-bad variants (so this check itself can fail). ratui's own loader checks the same
and more; this keeps the published schema honest."""
import copy, json, pathlib, sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "Schemas/forms-file.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

def forms_files(forms):
    """Every file in Forms/, as FormsFileKind knows them: *.json at the top (form definitions and
    rules.json), workflows/*.json and templates/*. Anything else there is a failure, named, never
    skipped; names starting with "." are not part of the folder."""
    definitions, others, unknown = [], [], []
    for path in sorted(forms.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if path.name not in ("workflows", "templates"):
                unknown.append(f"{path.name}/")
                continue
            for inner in sorted(path.iterdir()):
                if inner.name.startswith("."):
                    continue
                relative = f"{path.name}/{inner.name}"
                wanted = inner.is_file() and (path.name == "templates" or inner.suffix == ".json" and inner.stem)
                (others if wanted else unknown).append(relative)
        elif path.suffix == ".json" and path.stem:
            definitions.append(path)
        else:
            unknown.append(path.name)
    return definitions, others, unknown

files, others, unknown = forms_files(root / "Forms")
failures = 0
for name in unknown:
    print(f"Forms/{name}: not a file Forms/ may hold (use *.json form definitions and rules.json, workflows/*.json and templates/*)")
    failures += 1
for name in others:
    if name.startswith("workflows/"):
        try:
            json.loads((root / "Forms" / name).read_text())
        except ValueError as error:
            print(f"Forms/{name}: not valid JSON: {error}")
            failures += 1
for path in files:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for error in errors:
        print(f"{path.name}: {'/'.join(map(str, error.path))}: {error.message}")
    failures += 1 if errors else 0

rules = json.loads((root / "Forms/rules.json").read_text())
form = json.loads((root / "Forms/A1-organisation-information.json").read_text())
bad = []
variant = copy.deepcopy(rules); variant["checks"]["range.spans-oui"]["severity"] = "loud"; bad.append(("severity", variant))
variant = copy.deepcopy(rules); variant["colour"] = "blue"; bad.append(("unknown key", variant))
variant = copy.deepcopy(rules); variant["auditAnchor"] = {"file": "anchors/head.log"}; bad.append(("relative anchor file", variant))
variant = copy.deepcopy(rules); variant["auditAnchor"] = {"file": "/var/lib/ratui/anchor", "host": "x"}; bad.append(("anchor key", variant))
variant = copy.deepcopy(rules); variant["auditAnchor"] = {"systemLog": True}; bad.append(("anchor without file", variant))
variant = copy.deepcopy(form); variant["sections"][0]["fields"][0]["type"] = "calendar"; bad.append(("field type", variant))
variant = copy.deepcopy(form); del variant["sections"][0]["fields"][0]["maxLength"]; bad.append(("maxLength", variant))
variant = copy.deepcopy(form); variant["kind"] = "rules"; bad.append(("kind", variant))
for name, document in bad:
    if validator.is_valid(document):
        print(f"the schema accepts a bad file ({name})")
        failures += 1

good = copy.deepcopy(rules); good["auditAnchor"] = {"file": "/var/lib/ratui/anchor.log", "systemLog": False}
for error in validator.iter_errors(good):
    print(f"the schema refuses a valid auditAnchor: {error.message}")
    failures += 1
print(f"forms schema: {len(files) + len(others) + len(bad) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
