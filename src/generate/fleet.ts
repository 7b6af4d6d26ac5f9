// The synthetic estate: tenant, subscriptions, registries, repositories, image digests, clusters, VMs.
import {
  ACR_NAMES,
  AWS_REGIONS,
  AZURE_REGIONS,
  CLUSTER_NAMES,
  COMPONENT_LANGUAGE,
  COMPONENTS,
  MCR_REPOSITORIES,
  REPO_SUFFIXES,
  SUBSCRIPTION_NAMES,
  TEAMS,
} from "./fleet-names.js";
import { OS_FLAVOR_WEIGHTS, OS_FLAVORS } from "./os-flavors.js";
import type { Ecosystem } from "./package-catalog.js";
import type { Prng } from "./prng.js";
import { DAY_MS, HOUR_MS } from "./time-format.js";
import { WeightedTable } from "./weighted-table.js";

export type RegistryCloud = "Azure" | "Aws" | "Gcp" | "Public";

export interface Subscription {
  readonly id: string;
  readonly name: string;
}

export interface Registry {
  readonly index: number;
  readonly cloud: RegistryCloud;
  /** `registryHost` as MDVM writes it. */
  readonly host: string;
  /** ACR name, AWS account id or GCP project id. */
  readonly name: string;
  readonly subscriptionIndex: number;
  readonly resourceGroup: string;
  readonly region: string;
  /** `acr`, `ecr`, `gar`, `gcr` or `mcr`. */
  readonly provider: string;
  /** AWS account id or GCP project number (`hierarchyId`). */
  readonly hierarchyId: string;
  readonly connectorId: string;
  readonly connectorName: string;
  /** Prefix of every repository name in this registry (GCP: project and AR repository). */
  readonly repositoryPrefix: string;
}

export interface Repository {
  readonly index: number;
  readonly registryIndex: number;
  /** Full `repositoryName` (with the registry's prefix). */
  readonly name: string;
  readonly team: string;
  readonly component: string;
  readonly language: Ecosystem | "";
  readonly osFlavorIndex: number;
  readonly imageIndexes: number[];
}

export interface Image {
  readonly index: number;
  readonly repositoryIndex: number;
  readonly registryIndex: number;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly pushedMs: number;
  readonly mediaType: string;
  /** 0 for the newest image of its repository. */
  readonly ageRank: number;
}

export interface Cluster {
  readonly name: string;
  readonly subscriptionIndex: number;
  readonly resourceGroup: string;
  /** Lower-cased form, as Kubernetes-side records write it. */
  readonly resourceId: string;
  /** Properly cased ARM id. */
  readonly armId: string;
}

export interface VirtualMachine {
  readonly name: string;
  readonly subscriptionIndex: number;
  readonly resourceGroup: string;
  readonly resourceId: string;
  readonly osFlavorIndex: number;
}

export interface Fleet {
  readonly tenantId: string;
  readonly subscriptions: readonly Subscription[];
  readonly registries: readonly Registry[];
  readonly repositories: readonly Repository[];
  readonly images: readonly Image[];
  readonly clusters: readonly Cluster[];
  readonly vms: readonly VirtualMachine[];
  /** Repository indexes per registry cloud (Public = mcr.microsoft.com). */
  readonly repositoriesByCloud: Readonly<Record<RegistryCloud, readonly number[]>>;
  /** Repository indexes per subscription (scanned registries only). */
  readonly repositoriesBySubscription: readonly (readonly number[])[];
}

export const REPOSITORY_COUNT = 300;

const LANGUAGES = new WeightedTable<Ecosystem>([
  ["python", 25],
  ["javascript", 22],
  ["go", 20],
  ["java", 18],
  ["dotnet", 10],
  ["ruby", 3],
]);
const OS_TABLE = new WeightedTable(OS_FLAVOR_WEIGHTS.map((w, i) => [i, w] as const));
const MEDIA_TYPES = new WeightedTable([
  ["application/vnd.docker.distribution.manifest.v2+json", 60],
  ["application/vnd.oci.image.manifest.v1+json", 35],
  ["application/vnd.oci.image.index.v1+json", 5],
] as const);

/** Index in OS_FLAVORS of the flavor with that `osVersion`. */
function flavorIndex(osVersion: string): number {
  const index = OS_FLAVORS.findIndex((f) => f.osVersion === osVersion);
  if (index < 0) throw new Error(`unknown OS flavor ${osVersion}`);
  return index;
}

function buildRegistries(prng: Prng, subscriptionCount: number): Registry[] {
  const registries: Registry[] = [];
  const add = (r: Omit<Registry, "index" | "subscriptionIndex">): void => {
    const index = registries.length;
    registries.push({ ...r, index, subscriptionIndex: index % subscriptionCount });
  };
  for (const name of prng.sample(ACR_NAMES, 6)) {
    add({
      cloud: "Azure",
      host: `${name}.azurecr.io`,
      name,
      resourceGroup: `${name}-rg`,
      region: prng.pick(AZURE_REGIONS),
      provider: "acr",
      hierarchyId: "",
      connectorId: "",
      connectorName: "",
      repositoryPrefix: "",
    });
  }
  const awsConnector = prng.guid();
  const regions = prng.sample(AWS_REGIONS, 4);
  for (let i = 0; i < 4; i++) {
    const account = prng.digits(12);
    const region = regions[i] as string;
    add({
      cloud: "Aws",
      host: `${account}.dkr.ecr.${region}.amazonaws.com`,
      name: account,
      resourceGroup: "security-connectors-rg",
      region,
      provider: "ecr",
      hierarchyId: account,
      connectorId: i < 2 ? awsConnector : prng.guid(),
      connectorName: i < 2 ? "aws-org-connector" : `aws-${account.slice(-4)}-connector`,
      repositoryPrefix: "",
    });
  }
  const garProject = `acme-prod-${prng.range(100_000, 999_999)}`;
  add({
    cloud: "Gcp",
    host: "us-central1-docker.pkg.dev",
    name: garProject,
    resourceGroup: "security-connectors-rg",
    region: "us-central1",
    provider: "gar",
    hierarchyId: prng.digits(12),
    connectorId: prng.guid(),
    connectorName: "gcp-prod-connector",
    repositoryPrefix: `${garProject}/containers/`,
  });
  const gcrProject = `acme-legacy-${prng.range(100_000, 999_999)}`;
  add({
    cloud: "Gcp",
    host: "gcr.io",
    name: gcrProject,
    resourceGroup: "security-connectors-rg",
    region: "us",
    provider: "gcr",
    hierarchyId: prng.digits(12),
    connectorId: prng.guid(),
    connectorName: "gcp-legacy-connector",
    repositoryPrefix: `${gcrProject}/`,
  });
  add({
    cloud: "Public",
    host: "mcr.microsoft.com",
    name: "mcr",
    resourceGroup: "",
    region: "global",
    provider: "mcr",
    hierarchyId: "",
    connectorId: "",
    connectorName: "",
    repositoryPrefix: "",
  });
  return registries;
}

/** Registry for a new repository: Azure about 55%, AWS 28%, GCP 17%, bigger registries first. */
function registryTable(registries: readonly Registry[]): WeightedTable<number> {
  const cloudShare: Record<RegistryCloud, number> = { Azure: 55, Aws: 28, Gcp: 17, Public: 0 };
  const entries: [number, number][] = [];
  for (const cloud of ["Azure", "Aws", "Gcp"] as const) {
    const members = registries.filter((r) => r.cloud === cloud);
    const weights = members.map((_, i) => 1 / (i + 1.5));
    const sum = weights.reduce((a, b) => a + b, 0);
    members.forEach((r, i) => {
      entries.push([r.index, (cloudShare[cloud] * (weights[i] as number)) / sum]);
    });
  }
  return new WeightedTable(entries);
}

function repositoryNames(prng: Prng): { name: string; team: string; component: string }[] {
  const seen = new Set<string>();
  const out: { name: string; team: string; component: string }[] = [];
  while (out.length < REPOSITORY_COUNT) {
    const team = prng.pick(TEAMS);
    const component = prng.pick(COMPONENTS);
    const roll = prng.int(20);
    const name =
      roll === 0
        ? component
        : roll < 3
          ? `${team}/${component}/${prng.pick(REPO_SUFFIXES)}`
          : `${team}/${component}`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, team, component });
  }
  return out;
}

function imageTags(prng: Prng, version: string, newest: boolean): string[] {
  const roll = prng.int(20);
  if (newest) return prng.chance(0.6) ? [version, "latest"] : [version, "stable"];
  if (roll < 2) return [];
  if (roll < 5) return [`main-${prng.hex(7)}`];
  if (roll < 7) return [version, version.split(".").slice(0, 2).join(".")];
  return [version];
}

function addImages(
  prng: Prng,
  images: Image[],
  repository: Repository,
  count: number,
  startMs: number,
): void {
  let major = prng.int(4);
  let minor = prng.int(30);
  let patch = 0;
  let pushedMs = startMs - (count * 12 + prng.int(60)) * DAY_MS;
  for (let k = 0; k < count; k++) {
    if (prng.chance(0.2)) {
      minor++;
      patch = 0;
    } else if (prng.chance(0.03)) {
      major++;
      minor = 0;
      patch = 0;
    } else patch++;
    pushedMs = Math.min(
      pushedMs + prng.range(2, 20) * DAY_MS + prng.int(24) * HOUR_MS,
      startMs - HOUR_MS,
    );
    const index = images.length;
    const ageRank = count - 1 - k;
    images.push({
      index,
      repositoryIndex: repository.index,
      registryIndex: repository.registryIndex,
      digest: `sha256:${prng.hex(64)}`,
      tags: imageTags(prng, `${major}.${minor}.${patch}`, ageRank === 0),
      pushedMs: pushedMs + prng.int(3_600_000),
      mediaType: MEDIA_TYPES.pick(prng),
      ageRank,
    });
    repository.imageIndexes.push(index);
  }
}

export function buildFleet(prng: Prng, startMs: number): Fleet {
  const tenantId = prng.guid();
  const subscriptions = SUBSCRIPTION_NAMES.map((name) => ({ id: prng.guid(), name }));
  const registries = buildRegistries(prng, subscriptions.length);
  const pickRegistry = registryTable(registries);
  const repositories: Repository[] = [];
  const images: Image[] = [];
  for (const { name, team, component } of repositoryNames(prng)) {
    const registryIndex = pickRegistry.pick(prng);
    const registry = registries[registryIndex] as Registry;
    const fixed = COMPONENT_LANGUAGE[component];
    const language = (fixed ?? LANGUAGES.pick(prng)) as Ecosystem | "";
    const repository: Repository = {
      index: repositories.length,
      registryIndex,
      name: `${registry.repositoryPrefix}${name}`,
      team,
      component,
      language,
      osFlavorIndex: OS_TABLE.pick(prng),
      imageIndexes: [],
    };
    repositories.push(repository);
    addImages(prng, images, repository, prng.range(6, 16), startMs);
  }
  const mcr = registries.find((r) => r.cloud === "Public") as Registry;
  for (const name of MCR_REPOSITORIES) {
    const repository: Repository = {
      index: repositories.length,
      registryIndex: mcr.index,
      name,
      team: "kube-system",
      component: name.split("/").pop() as string,
      language: prng.chance(0.7) ? "go" : "",
      osFlavorIndex: flavorIndex(prng.chance(0.6) ? "azure_linux_3" : "cbl_mariner_2"),
      imageIndexes: [],
    };
    repositories.push(repository);
    addImages(prng, images, repository, prng.range(2, 4), startMs);
  }
  const repositoriesByCloud: Record<RegistryCloud, number[]> = {
    Azure: [],
    Aws: [],
    Gcp: [],
    Public: [],
  };
  const repositoriesBySubscription: number[][] = subscriptions.map(() => []);
  for (const repository of repositories) {
    const registry = registries[repository.registryIndex] as Registry;
    repositoriesByCloud[registry.cloud].push(repository.index);
    if (registry.cloud !== "Public")
      (repositoriesBySubscription[registry.subscriptionIndex] as number[]).push(repository.index);
  }
  const clusters = CLUSTER_NAMES.map((name, i) => {
    const subscriptionIndex = i % subscriptions.length;
    const resourceGroup = `${name}-rg`;
    const sub = (subscriptions[subscriptionIndex] as Subscription).id;
    return {
      name,
      subscriptionIndex,
      resourceGroup,
      resourceId: `/subscriptions/${sub}/resourcegroups/${resourceGroup}/providers/microsoft.containerservice/managedclusters/${name}`,
      armId: `/subscriptions/${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    };
  });
  const vms: VirtualMachine[] = [];
  for (let i = 0; i < 40; i++) {
    const subscriptionIndex = prng.int(subscriptions.length);
    const team = prng.pick(TEAMS);
    const name = `vm-${team}-${String(i + 1).padStart(2, "0")}`;
    const resourceGroup = `${team.toUpperCase()}-VMS-RG`;
    const sub = (subscriptions[subscriptionIndex] as Subscription).id;
    vms.push({
      name,
      subscriptionIndex,
      resourceGroup,
      resourceId: `/subscriptions/${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`,
      osFlavorIndex: prng.chance(0.5)
        ? flavorIndex("ubuntu_linux_22.04")
        : prng.int(OS_FLAVORS.length),
    });
  }
  return {
    tenantId,
    subscriptions,
    registries,
    repositories,
    images,
    clusters,
    vms,
    repositoriesByCloud,
    repositoriesBySubscription,
  };
}
