"""The support agent's tools: their OpenAI function-calling schemas and their local implementations."""

import json
import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# Sent to the model as the request's "tools" field.
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order by its id.",
            "parameters": {
                "type": "object",
                "properties": {
                    "order_id": {"type": "string", "description": "The order id, e.g. A1001."}
                },
                "required": ["order_id"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "refund_policy",
            "description": "Get the shop's refund policy.",
            "parameters": {"type": "object", "properties": {}},
        },
    },
]


def lookup_order(order_id):
    """The order with this id as a dict, or {"error": ...} when there is none."""
    wanted = str(order_id).strip().lstrip("#").upper()
    with open(os.path.join(DATA_DIR, "orders.json"), encoding="utf-8") as f:
        orders = json.load(f)
    for order in orders:
        if order["id"].upper() == wanted:
            return order
    return {"error": "no order with id " + str(order_id)}


def refund_policy():
    """The refund policy text."""
    with open(os.path.join(DATA_DIR, "policy.md"), encoding="utf-8") as f:
        return {"policy": f.read()}


IMPLEMENTATIONS = {
    "lookup_order": lookup_order,
    "refund_policy": refund_policy,
}


def call(name, arguments):
    """Runs tool `name` with `arguments` (a dict) and returns its result as the text sent back to the model.

    Mistakes the model made (an unknown tool, missing or unexpected arguments) come back as an error object, so
    the model can see them and try again; they do not stop the agent.
    """
    implementation = IMPLEMENTATIONS.get(name)
    if implementation is None:
        result = {"error": "unknown tool " + repr(name) + "; available: " + ", ".join(sorted(IMPLEMENTATIONS))}
    else:
        try:
            result = implementation(**arguments)
        except TypeError as e:
            result = {"error": "bad arguments for " + name + ": " + str(e)}
    return json.dumps(result, ensure_ascii=False)
