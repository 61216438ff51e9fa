"""The example Kubernetes manifests validate against the Kubernetes schemas (offline), and wire a live
host's termination to a drain."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "k8s"


def documents() -> list[dict]:
    return [doc for path in sorted(DEPLOY.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def test_the_manifests_validate_strictly_against_the_kubernetes_schema():
    docs = documents()
    assert len(docs) >= 8
    for doc in docs:
        kubernetes_validate.validate(doc, "1.37.0", strict=True)  # raises on any schema error


def test_live_hosts_drain_before_they_stop_and_are_evicted_one_at_a_time():
    docs = {(d["kind"], d["metadata"]["name"]): d for d in documents()}
    pod = docs[("Deployment", "evercast-live")]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["command"] == ["evercast", "worker", "--queues", "live"]
    assert "evercast live drain" in " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
    assert pod["terminationGracePeriodSeconds"] > 60  # the drain's own bound (EVERCAST_FLEET__DRAIN_TIMEOUT_S)
    assert docs[("PodDisruptionBudget", "evercast-live")]["spec"]["maxUnavailable"] == 1
    queues = {d["spec"]["template"]["spec"]["containers"][0]["command"][3] for (kind, _), d in docs.items()
              if kind == "Deployment" and d["spec"]["template"]["spec"]["containers"][0]["command"][1] == "worker"}
    assert queues == {"cpu", "gpu", "io", "live"}
