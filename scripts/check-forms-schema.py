#!/usr/bin/env python3
"""Checks every file in Forms/ against Schemas/forms-file.schema.json (workflows/*.json against
Schemas/workflow.schema.json, templates/*.json against Schemas/template.schema.json), and that the schemas refuse known-bad variants (so this check
itself can fail). ratui's own loader checks the same
and more; this keeps the published schema honest."""
import copy, json, pathlib, sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "Schemas/forms-file.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
workflow_schema = json.loads((root / "Schemas/workflow.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(workflow_schema)
workflow_validator = jsonschema.Draft202012Validator(workflow_schema)
template_schema = json.loads((root / "Schemas/template.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(template_schema)
template_validator = jsonschema.Draft202012Validator(template_schema)

def forms_files(forms):
    """Every file in Forms/, as FormsFileKind knows them: *.json at the top (form definitions and
    rules.json), workflows/*.json and templates/*.json. Anything else there is a failure, named, never
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
                wanted = inner.is_file() and inner.suffix == ".json" and inner.stem
                (others if wanted else unknown).append(relative)
        elif path.suffix == ".json" and path.stem:
            definitions.append(path)
        else:
            unknown.append(path.name)
    return definitions, others, unknown

files, others, unknown = forms_files(root / "Forms")
failures = 0
for name in unknown:
    print(f"Forms/{name}: not a file Forms/ may hold (use *.json form definitions and rules.json, workflows/*.json and templates/*.json)")
    failures += 1
workflows = []
templates = []
# Workflows and templates are checked alike: valid JSON, their schema, their id their file name.
kinds = {"workflows/": (workflow_validator, workflows), "templates/": (template_validator, templates)}
for name in others:
    folder = name.split("/", 1)[0] + "/"
    if folder not in kinds:
        continue
    kind_validator, documents = kinds[folder]
    try:
        document = json.loads((root / "Forms" / name).read_text())
    except ValueError as error:
        print(f"Forms/{name}: not valid JSON: {error}")
        failures += 1
        continue
    documents.append(document)
    errors = list(kind_validator.iter_errors(document))
    for error in errors:
        print(f"Forms/{name}: {'/'.join(map(str, error.path))}: {error.message}")
    failures += 1 if errors else 0
    if isinstance(document, dict) and f"{folder}{document.get('id')}.json" != name:
        print(f"Forms/{name}: its id must be its file name")
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
variant = copy.deepcopy(form); variant["sections"][0]["fields"][0]["type"] = "choice"; bad.append(("choice without options", variant))
variant = copy.deepcopy(form); variant["sections"][0]["fields"][0]["options"] = [{"id": "a", "label": "A"}]; bad.append(("options on text", variant))
variant = copy.deepcopy(form); variant["sections"][0]["fields"][0]["type"] = "reference"; bad.append(("reference without target", variant))
variant = copy.deepcopy(form); variant["sections"][0]["fields"][0]["type"] = "group"; bad.append(("group without fields", variant))
for name, document in bad:
    if validator.is_valid(document):
        print(f"the schema accepts a bad file ({name})")
        failures += 1

good = copy.deepcopy(rules); good["auditAnchor"] = {"file": "/var/lib/ratui/anchor.log", "systemLog": False}
for error in validator.iter_errors(good):
    print(f"the schema refuses a valid auditAnchor: {error.message}")
    failures += 1
bad_workflows = []
if workflows:
    workflow = workflows[0]
    variant = copy.deepcopy(workflow); variant["states"][0]["transitions"][0]["kind"] = "whim"; bad_workflows.append(("transition kind", variant))
    variant = copy.deepcopy(workflow); variant["states"][0]["transitions"][0]["permission"] = "anything"; bad_workflows.append(("permission", variant))
    variant = copy.deepcopy(workflow); variant["states"][0]["transitions"][0]["action"] = "submit"; bad_workflows.append(("action submit", variant))
    variant = copy.deepcopy(workflow); variant["states"][0]["transitions"][0]["evidence"] = "X"; variant["states"][0]["transitions"][0]["automatic"] = True; bad_workflows.append(("automatic with evidence", variant))
    variant = copy.deepcopy(workflow); variant["states"][-1]["transitions"] = copy.deepcopy(workflow["states"][0]["transitions"]); bad_workflows.append(("terminal with transitions", variant))
    variant = copy.deepcopy(workflow); variant["colour"] = "blue"; bad_workflows.append(("unknown key", variant))
    variant = copy.deepcopy(workflow); variant["states"][0]["transitions"][0]["notify"] = [{"recipient": "everyone", "template": "x"}]; bad_workflows.append(("notify recipient", variant))
for name, document in bad_workflows:
    if workflow_validator.is_valid(document):
        print(f"the workflow schema accepts a bad file ({name})")
        failures += 1
bad_templates = []
if templates:
    template = templates[0]
    variant = copy.deepcopy(template); variant["subject"] = "Dear {{dateOfBirth}}"; bad_templates.append(("personal placeholder", variant))
    variant = copy.deepcopy(template); variant["text"] = ["{{fields.requesterName}}"]; bad_templates.append(("form field placeholder", variant))
    variant = copy.deepcopy(template); variant["subject"] = "Request {{request.id}}\r\nBcc: x@example.org"; bad_templates.append(("header injection", variant))
    variant = copy.deepcopy(template); variant["colour"] = "blue"; bad_templates.append(("unknown key", variant))
for name, document in bad_templates:
    if template_validator.is_valid(document):
        print(f"the template schema accepts a bad file ({name})")
        failures += 1

print(f"forms schema: {len(files) + len(others) + len(bad) + len(bad_workflows) + len(bad_templates) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
