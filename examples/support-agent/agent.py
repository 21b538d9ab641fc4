"""A small tool-using support agent.

Reads one JSON object on stdin: {"id": "...", "input": "the customer's message", "attributes": {...}}
Prints one JSON object on stdout: {"output": "the final answer"} and exits 0.
On any error it writes a message to stderr and exits non-zero.

Model calls go to an OpenAI-compatible chat-completions endpoint:
  OPENAI_BASE_URL  e.g. https://api.openai.com/v1 (POST {base}/chat/completions)
  OPENAI_API_KEY   sent as "Authorization: Bearer <key>"
"""

import json
import os
import socket
import sys
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the agent's repository

import tools  # noqa: E402  (after the line above on purpose)

HERE = os.path.dirname(os.path.abspath(__file__))
HTTP_TIMEOUT_SECONDS = 45


class AgentError(Exception):
    """A failure that ends the run: its message goes to stderr."""


def read_file(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def load_config():
    try:
        config = json.loads(read_file("config.json"))
    except (OSError, ValueError) as e:
        raise AgentError("cannot read config.json: " + str(e))
    if not isinstance(config.get("model"), str) or not config["model"]:
        raise AgentError("config.json: 'model' must be a non-empty string")
    max_steps = config.get("maxSteps", 4)
    if not isinstance(max_steps, int) or max_steps < 1:
        raise AgentError("config.json: 'maxSteps' must be a whole number of at least 1")
    config["maxSteps"] = max_steps
    return config


def chat(base_url, api_key, body):
    """POSTs body to {base_url}/chat/completions and returns the first choice's message."""
    url = base_url.rstrip("/") + "/chat/completions"
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Bearer " + api_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            payload = response.read()
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace")[:500]
        raise AgentError("HTTP %d from POST %s: %s" % (e.code, url, detail.strip() or e.reason))
    except urllib.error.URLError as e:
        raise AgentError("cannot reach %s: %s" % (url, e.reason))
    except (socket.timeout, TimeoutError):
        raise AgentError("no answer from %s within %d s" % (url, HTTP_TIMEOUT_SECONDS))
    try:
        reply = json.loads(payload)
        return reply["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise AgentError("unexpected reply from %s: %s" % (url, payload[:500].decode("utf-8", "replace")))


def run_tool_call(call):
    """Executes one tool call of the model and returns the role=tool message answering it."""
    function = call.get("function") or {}
    name = function.get("name", "")
    raw = function.get("arguments") or "{}"
    try:
        arguments = json.loads(raw)
    except ValueError:
        arguments = None
    if not isinstance(arguments, dict):
        content = json.dumps({"error": "arguments must be a JSON object, got: " + str(raw)[:200]})
    else:
        content = tools.call(name, arguments)
    return {"role": "tool", "tool_call_id": call.get("id", ""), "content": content}


def answer(question, config, base_url, api_key):
    messages = [
        {"role": "system", "content": read_file("prompt.md")},
        {"role": "user", "content": question},
    ]
    body = {
        "model": config["model"],
        "messages": messages,
        "tools": tools.TOOLS,
    }
    if "temperature" in config:
        body["temperature"] = config["temperature"]

    for _ in range(config["maxSteps"]):
        message = chat(base_url, api_key, body)
        calls = message.get("tool_calls") or []
        if not calls:
            return message.get("content") or ""
        # Keep the assistant's turn as it was, then answer every call it made.
        messages.append({"role": "assistant", "content": message.get("content"), "tool_calls": calls})
        for call in calls:
            messages.append(run_tool_call(call))

    # Out of steps: one last call in which the model may not use tools, so it answers with what it has.
    body["tool_choice"] = "none"
    message = chat(base_url, api_key, body)
    return message.get("content") or ""


def main():
    try:
        case = json.loads(sys.stdin.read())
    except ValueError as e:
        print("agent: stdin is not a JSON object: " + str(e), file=sys.stderr)
        return 2
    if not isinstance(case, dict) or not isinstance(case.get("input"), str):
        print("agent: stdin must be a JSON object with a string 'input'", file=sys.stderr)
        return 2

    base_url = os.environ.get("OPENAI_BASE_URL", "").strip()
    api_key = os.environ.get("OPENAI_API_KEY", "").strip()
    if not base_url or not api_key:
        print("agent: OPENAI_BASE_URL and OPENAI_API_KEY must both be set", file=sys.stderr)
        return 2

    try:
        output = answer(case["input"], load_config(), base_url, api_key)
    except AgentError as e:
        print("agent: case %s: %s" % (case.get("id", "?"), e), file=sys.stderr)
        return 1
    print(json.dumps({"output": output}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
