"""Parses Prometheus text format 0.0.4 from the file named on the command line with the
official client library's parser (Debian python3-prometheus-client) and prints every sample
as JSON: {"<sample name>{<labels>}": {"family": …, "type": …, "value": …}}, labels sorted.
Exits 1 (the parser's message on stderr) when the text does not parse, and 1 when a family
is declared twice or a sample's name does not belong to its family."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

SUFFIXES = {"counter": ("_total", "_created", ""), "gauge": ("",),
            "histogram": ("_bucket", "_sum", "_count", "_created"), "untyped": ("",)}


def main(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    samples, seen = {}, set()
    for family in text_string_to_metric_families(text):
        if family.name in seen:
            raise ValueError("family declared twice: " + family.name)
        seen.add(family.name)
        for sample in family.samples:
            if not any(sample.name == family.name + s for s in SUFFIXES.get(family.type, ("",))):
                raise ValueError(sample.name + " does not belong to " + family.name)
            labels = ",".join('%s="%s"' % item for item in sorted(sample.labels.items()))
            key = sample.name + ("{" + labels + "}" if labels else "")
            if key in samples:
                raise ValueError("sample twice: " + key)
            samples[key] = {"family": family.name, "type": family.type, "value": sample.value}
    json.dump(samples, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (ValueError, TypeError, IndexError) as error:
        print("not valid Prometheus text: %s" % error, file=sys.stderr)
        sys.exit(1)
