"""`newswire kibana import`: the analysts' saved objects (deploy/kibana, shipped as pipeline.kibana) loaded into
Kibana through its saved-objects import API, overwriting by id so that importing twice changes nothing."""

from __future__ import annotations

import base64
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.config import mask
from pipeline.errors import NewswireError

# One file per concern, sent as one upload: the import API resolves references between objects of the same file,
# so the dashboard finds its visualisations and searches, and they find their data views, whatever was there before.
OBJECT_FILES = ("data-views.ndjson", "searches.ndjson", "visualizations.ndjson", "dashboards.ndjson")
KIBANA_VERSION = "8.19.21"  # the objects' format; Kibana must be this version or a later 8.x/9.x (imports go forward)
SPACE_ID = re.compile(r"^[a-z0-9_-]+$")  # what Kibana accepts as a space id
DEFAULT_PREFIX = "newswire-"  # the index prefix the data views in the files are written for


class KibanaError(NewswireError):
    """The saved objects could not be imported; the message is one line naming every object that failed."""


@dataclass(frozen=True)
class ImportResult:
    imported: int
    overwritten: int
    by_type: dict[str, int]

    def render(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.by_type.items()))
        return f"imported {self.imported} saved objects ({kinds}); {self.overwritten} replaced an existing one"


def objects_dir() -> Path:
    """The saved objects as installed: the package pipeline.kibana (deploy/kibana in an editable install)."""
    return Path(str(resources.files("pipeline.kibana")))


def load_objects(folder: Path | None = None) -> list[dict[str, Any]]:
    """Every saved object of the NDJSON files, in upload order; a line that is not a JSON object is an error."""
    folder = folder or objects_dir()
    objects = []
    for name in OBJECT_FILES:
        for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KibanaError(f"{name}:{number}: not JSON: {exc.msg}") from None
            if not isinstance(item, dict):
                raise KibanaError(f"{name}:{number}: not a saved object")
            objects.append(item)
    return objects


def for_prefix(objects: list[dict[str, Any]], index_prefix: str) -> list[dict[str, Any]]:
    """The objects with each data view pointed at `<index_prefix><kind>` (the files name the default `newswire-`
    aliases); ids stay as they are, so re-importing with another prefix re-points the same data views."""
    if index_prefix == DEFAULT_PREFIX:
        return objects
    changed = []
    for item in objects:
        title = item.get("attributes", {}).get("title", "")
        if item.get("type") == "index-pattern" and title.startswith(DEFAULT_PREFIX):
            kind = title.removeprefix(DEFAULT_PREFIX)
            item = {**item, "attributes": {**item["attributes"], "title": f"{index_prefix}{kind}"}}
        changed.append(item)
    return changed


def ndjson(objects: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects).encode("utf-8")


def multipart(content: bytes, filename: str = "newswire.ndjson") -> tuple[bytes, str]:
    """A multipart/form-data body with one `file` part (Kibana refuses a file whose name does not end in .ndjson)."""
    boundary = f"newswire-{uuid.uuid4().hex}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def import_endpoint(url: str, space: str | None = None) -> tuple[str, str | None, str | None]:
    """The import URL (space-prefixed, overwrite=true) and the user and password the URL carried, if any."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise KibanaError(f"the Kibana URL must be http(s)://host[:port][/base-path], not {mask(url)!r}")
    if space is not None and not SPACE_ID.match(space):
        raise KibanaError(f"space {space!r} is not a Kibana space id (lower-case letters, digits, '_' and '-')")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port:
        netloc += f":{port}"
    prefix = f"/s/{space}" if space and space != "default" else ""
    path = f"{parts.path.rstrip('/')}{prefix}/api/saved_objects/_import"
    endpoint = urllib.parse.urlunsplit((parts.scheme, netloc, path, "overwrite=true", ""))
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password else None
    return endpoint, user, password


def _describe(failure: dict[str, Any]) -> str:
    """`type/id (title): what went wrong`, from one entry of the import response's `errors`."""
    meta = failure.get("meta") or {}
    title = failure.get("title") or meta.get("title")
    name = f"{failure.get('type', '?')}/{failure.get('id', '?')}" + (f" ({title})" if title else "")
    error = failure.get("error") or {}
    kind = error.get("type", "error")
    if kind == "missing_references":
        missing = ", ".join(f"{r.get('type')}/{r.get('id')}" for r in error.get("references") or [])
        return f"{name}: missing references {missing}"
    detail = error.get("message") or error.get("reason") or ""
    return f"{name}: {kind}" + (f" {' '.join(str(detail).split())}" if detail else "")


def check_response(body: dict[str, Any], sent: list[dict[str, Any]]) -> ImportResult:
    """The import response as a result, or a KibanaError listing every object that failed."""
    errors = body.get("errors") or []
    count = body.get("successCount")
    if errors or body.get("success") is not True:
        listed = "; ".join(_describe(e) for e in errors) or "no error listed"
        raise KibanaError(f"Kibana imported {count or 0} of {len(sent)} saved objects; failed: {listed}")
    if count != len(sent):
        raise KibanaError(f"Kibana reports {count} saved objects imported, {len(sent)} were sent")
    results = body.get("successResults") or []
    return ImportResult(
        imported=count,
        overwritten=sum(1 for r in results if r.get("overwrite")),
        by_type=dict(Counter(str(o.get("type")) for o in sent)),
    )


def import_objects(
    url: str,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    space: str | None = None,
    ca_certs: Path | None = None,
    timeout: float = 60.0,
    folder: Path | None = None,
    index_prefix: str = DEFAULT_PREFIX,
) -> ImportResult:
    """POST every saved object to Kibana's `_import?overwrite=true` in one multipart upload.

    Authentication: `api_key` (an encoded Elasticsearch/Kibana API key, sent as `Authorization: ApiKey …`), else
    basic auth from `username`/`password` or the URL's `user:password@`. `space` imports into that Kibana space;
    `index_prefix` (NEWSWIRE_INDEX_PREFIX) is the one the data views must point at.
    """
    endpoint, url_user, url_password = import_endpoint(url, space)
    objects = for_prefix(load_objects(folder), index_prefix)
    body, content_type = multipart(ndjson(objects))
    headers = {"kbn-xsrf": "true", "Content-Type": content_type, "Accept": "application/json"}
    user, secret = username or url_user, password if username else url_password
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key.strip()}"
    elif user:
        token = base64.b64encode(f"{user}:{secret or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    context = ssl.create_default_context(cafile=str(ca_certs) if ca_certs else None)
    # No proxy from the environment: the import goes where the operator pointed it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    shown = mask(url)
    try:
        with opener.open(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            message = json.loads(raw).get("message") or exc.reason
        except (ValueError, AttributeError):
            message = exc.reason
        hint = " (check the API key or credentials)" if exc.code in (401, 403) else ""
        raise KibanaError(f"Kibana at {shown} refused the import: HTTP {exc.code} {' '.join(str(message).split())}"
                          f"{hint}") from None  # fmt: skip
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KibanaError(f"cannot reach Kibana at {shown}: {reason}") from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise KibanaError(f"Kibana at {shown} answered with something that is not JSON: {raw[:120]!r}") from None
    if not isinstance(answer, dict):
        raise KibanaError(f"Kibana at {shown} answered with an unexpected JSON value: {str(answer)[:120]}")
    return check_response(answer, objects)
