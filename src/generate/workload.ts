// Where a running image runs: cluster, namespace, controller, pod and container names.
import type { Cluster, Fleet, Repository } from "./fleet.js";
import type { Prng } from "./prng.js";
import { WeightedTable } from "./weighted-table.js";

export interface Workload {
  readonly cluster: Cluster;
  readonly namespace: string;
  /** Lower-case as in `kubernetesDetails` (`replicaset`, `daemonset`, …). */
  readonly controllerKind: string;
  readonly controllerName: string;
  readonly podName: string;
  readonly containerName: string;
  readonly containerId: string;
}

const CONTROLLER_KINDS = new WeightedTable([
  ["replicaset", 70],
  ["daemonset", 10],
  ["statefulset", 10],
  ["job", 5],
  ["cronjob", 5],
] as const);

const POD_CHARS = "bcdfghjklmnpqrstvwxz2456789";

function podSuffix(prng: Prng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += POD_CHARS[prng.int(POD_CHARS.length)];
  return out;
}

export function pickWorkload(prng: Prng, fleet: Fleet, repository: Repository): Workload {
  const cluster = fleet.clusters[prng.skewed(fleet.clusters.length, 1.3)] as Cluster;
  const base =
    repository.team === "kube-system"
      ? repository.component
      : `${repository.team}-${repository.component}`;
  const controllerKind = CONTROLLER_KINDS.pick(prng);
  const wildcard = prng.chance(0.5);
  const hash = podSuffix(prng, 10);
  let controllerName = base;
  let podName = `${base}-${podSuffix(prng, 5)}`;
  if (controllerKind === "replicaset") {
    controllerName = wildcard ? `${base}-*` : `${base}-${hash}`;
    podName = wildcard ? `${base}-*-*` : `${base}-${hash}-${podSuffix(prng, 5)}`;
  } else if (controllerKind === "statefulset") {
    podName = `${base}-${prng.int(3)}`;
  } else if (wildcard) {
    podName = `${base}-*`;
  }
  return {
    cluster,
    namespace: repository.team,
    controllerKind,
    controllerName,
    podName,
    containerName: repository.component,
    containerId: prng.hex(64),
  };
}
