"""Export the catalogue for partners who do not use Python: one JSON Schema per event (envelope and
payload together) and an AsyncAPI 3 document. Run: python -m interra_contracts.export docs/events
"""

import json
import sys
from pathlib import Path

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from interra_contracts.envelope import EnvelopeSchema
from interra_contracts.events import CATALOGUE, EventSpec, exchange_for

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _converter():
    plugin = MarshmallowPlugin()
    spec = APISpec("interra-events", "1", "3.1.0", plugins=[plugin])
    return plugin.converter, spec


def _self_contained(schema: dict, spec: APISpec) -> dict:
    """Nested payload parts (a date in a list) as $defs of the one file, not refs to an OpenAPI
    document that partners do not have."""
    defs = spec.to_dict().get("components", {}).get("schemas", {})
    if defs:
        schema = {**schema, "$defs": defs}
    return json.loads(json.dumps(schema).replace('"#/components/schemas/', '"#/$defs/'))


def event_json_schema(spec: EventSpec) -> dict:
    """The JSON Schema of a whole message (envelope with this event's payload)."""
    converter, api_spec = _converter()
    convert = converter.schema2jsonschema
    envelope = convert(EnvelopeSchema)
    envelope["properties"]["type"] = {"const": spec.type}
    envelope["properties"]["version"] = {"const": spec.version}
    envelope["properties"]["source"] = {"enum": list(spec.sources)}
    envelope["properties"]["data"] = convert(spec.schema)
    envelope["additionalProperties"] = False
    return _self_contained(
        {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": f"urn:interra:event:{spec.type}:v{spec.version}",
            "title": f"{spec.type} v{spec.version}",
            "description": spec.summary,
            **envelope,
        },
        api_spec,
    )


def asyncapi_document() -> dict:
    """An AsyncAPI 3.0 description: one channel per (exchange, event type), publish operations."""
    channels, operations, messages = {}, {}, {}
    for spec in CATALOGUE:
        name = f"{spec.type}V{spec.version}"
        messages[name] = {
            "name": spec.type,
            "title": f"{spec.type} v{spec.version}",
            "summary": spec.summary,
            "contentType": "application/json",
            "payload": {"$ref": f"{spec.type}.v{spec.version}.schema.json"},
        }
        for source in spec.sources:
            channel = f"{source}.{spec.type}"
            channels[channel] = {
                "address": spec.type,
                "messages": {name: {"$ref": f"#/components/messages/{name}"}},
                "bindings": {
                    "amqp": {
                        "is": "routingKey",
                        "exchange": {
                            "name": exchange_for(source),
                            "type": "topic",
                            "durable": True,
                            "autoDelete": False,
                            "vhost": "/",
                        },
                    }
                },
            }
            operations[f"{source}Publishes{spec.type}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel}"},
                "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Interra platform events",
            "version": "1.0.0",
            "description": "Events published by the Interra services on RabbitMQ. Exchanges are "
            "topic exchanges named <service>.events; the routing key is the event type. No event "
            "carries a name, e-mail address or phone number.",
        },
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "localhost:5672", "protocol": "amqp", "protocolVersion": "0.9.1"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def render() -> dict[str, str]:
    """Every exported file name mapped to its exact text."""
    files = {f"{spec.type}.v{spec.version}.schema.json": event_json_schema(spec) for spec in CATALOGUE}
    files["asyncapi.json"] = asyncapi_document()
    return {name: json.dumps(doc, indent=2, sort_keys=True) + "\n" for name, doc in files.items()}


def main(argv: list[str]) -> int:
    target = Path(argv[1] if len(argv) > 1 else "docs/events")
    target.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (target / name).write_text(text)
    print(f"wrote {len(render())} files to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
