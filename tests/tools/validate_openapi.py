"""Checks Tessera's OpenAPI document with a real validator (Debian python3-jsonschema).

Input (the file named first): {"document": <GET /openapi.json>, "samples": [{"method", "path"
(the route template), "status", "body", optional "media" (a non-JSON response's media type,
body null)}]}. The second argument is the official OpenAPI 3.1
document schema (../shared/data/openapi/schema.json). Checks, in order:
  1. the document validates against the official schema (Draft 2020-12);
  2. every "$ref" in it resolves, and every schema in it is a valid 2020-12 schema;
  3. each sample (a real response) has its status declared for its path and method, and its
     body validates against the schema the document declares for that status.
Prints "ok <checked samples>" and exits 0; otherwise the problems on stderr and exit 1."""
import json
import sys

from jsonschema import Draft202012Validator, RefResolver


def walk(node, path="#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, path + "/" + key.replace("~", "~0").replace("/", "~1"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, "%s/%d" % (path, index))


def schemas_of(document):
    """Every JSON Schema in the document: components, parameters, bodies and responses."""
    for name, schema in document["components"]["schemas"].items():
        yield "#/components/schemas/" + name, schema
    for template, item in document["paths"].items():
        for method, operation in item.items():
            where = "%s %s" % (method.upper(), template)
            for parameter in operation.get("parameters", []):
                yield where + " parameter " + parameter["name"], parameter["schema"]
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                yield where + " body", media["schema"]
            for status, response in operation["responses"].items():
                for media in response.get("content", {}).values():
                    yield "%s %s" % (where, status), media["schema"]


def check_document(document, official, problems):
    for error in Draft202012Validator(official).iter_errors(document):
        problems.append("official schema: %s at %s" % (error.message, list(error.absolute_path)))
    resolver = RefResolver.from_schema(document)
    for path, node in walk(document):
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                resolver.resolve(ref)
            except Exception as error:  # noqa: BLE001 - report every unresolved ref
                problems.append("unresolved $ref %s at %s: %s" % (ref, path, error))
    for where, schema in schemas_of(document):
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as error:  # noqa: BLE001
            problems.append("invalid schema at %s: %s" % (where, error))


def check_sample(document, sample, problems):
    where = "%s %s %s" % (sample["method"], sample["path"], sample["status"])
    operation = document["paths"].get(sample["path"], {}).get(sample["method"].lower())
    if operation is None:
        problems.append(where + ": no such operation in the document")
        return
    response = operation["responses"].get(str(sample["status"]))
    if response is None:
        problems.append(where + ": status not declared (declared: %s)"
                        % ", ".join(operation["responses"]))
        return
    media = sample.get("media", "application/json")
    if media != "application/json":  # not JSON: the media type must be the declared one
        if media not in response.get("content", {}):
            problems.append("%s: %s not declared (declared: %s)"
                            % (where, media, ", ".join(response.get("content", {}))))
        return
    content = response.get("content", {}).get("application/json")
    if content is None:
        if sample["body"] is not None:
            problems.append(where + ": a body, but the document declares none")
        return
    validator = Draft202012Validator(content["schema"],
                                     resolver=RefResolver.from_schema(document))
    for error in validator.iter_errors(sample["body"]):
        problems.append("%s: %s at %s" % (where, error.message, list(error.absolute_path)))


def main(input_path, official_path):
    with open(input_path, encoding="utf-8") as handle:
        given = json.load(handle)
    with open(official_path, encoding="utf-8") as handle:
        official = json.load(handle)
    document, samples, problems = given["document"], given["samples"], []
    check_document(document, official, problems)
    for sample in samples:
        check_sample(document, sample, problems)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        return 1
    print("ok %d" % len(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
