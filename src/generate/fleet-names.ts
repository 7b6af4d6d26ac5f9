// Name material for the synthetic estate: teams, components, registry names, regions, clusters.

export const TEAMS = [
  "payments",
  "platform",
  "identity",
  "checkout",
  "billing",
  "search",
  "catalog",
  "orders",
  "shipping",
  "notifications",
  "analytics",
  "data",
  "ml",
  "web",
  "mobile",
  "gateway",
  "auth",
  "inventory",
  "pricing",
  "reporting",
  "risk",
  "fraud",
  "support",
  "marketing",
  "infra",
] as const;

export const COMPONENTS = [
  "api",
  "worker",
  "web",
  "frontend",
  "backend",
  "scheduler",
  "ingest",
  "consumer",
  "producer",
  "gateway",
  "cron",
  "migrations",
  "admin",
  "grpc-server",
  "events",
  "sync",
  "exporter",
  "nginx-ingress",
  "redis",
  "postgres-backup",
  "otel-collector",
  "fluent-bit",
  "envoy",
  "keycloak",
  "kafka-connect",
  "spark-job",
  "model-server",
  "feature-store",
  "batch",
  "cache",
] as const;

export const REPO_SUFFIXES = ["v2", "gpu", "legacy", "canary", "arm64", "debug"] as const;

/** Components whose implementation language is fixed by what they are. */
export const COMPONENT_LANGUAGE: Readonly<Record<string, string>> = {
  "nginx-ingress": "go",
  redis: "",
  "postgres-backup": "go",
  "otel-collector": "go",
  "fluent-bit": "",
  envoy: "",
  keycloak: "java",
  "kafka-connect": "java",
  "spark-job": "java",
  "model-server": "python",
  "feature-store": "python",
};

export const ACR_NAMES = [
  "contosoprod",
  "contosodev",
  "fabrikamshared",
  "paymentsprod",
  "platformacr",
  "dataplatform",
  "mlmodelsprod",
  "edgeimages",
] as const;

export const AWS_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
] as const;

export const AZURE_REGIONS = ["westeurope", "eastus", "northeurope", "eastus2", "uksouth"] as const;

export const SUBSCRIPTION_NAMES = [
  "prod-platform",
  "prod-apps",
  "staging",
  "dev",
  "data-ml",
  "shared-services",
] as const;

export const CLUSTER_NAMES = [
  "aks-prod-weu-01",
  "aks-prod-eus-01",
  "aks-prod-neu-02",
  "aks-staging-weu",
  "aks-dev-shared",
  "aks-data-ml",
] as const;

/** Microsoft-published images every AKS cluster runs in kube-system. */
export const MCR_REPOSITORIES = [
  "oss/kubernetes/coredns",
  "oss/v2/kubernetes/metrics-server",
  "aks/msi/addon-token-adapter",
  "azuremonitor/containerinsights/ciprod",
  "oss/kubernetes/kube-proxy",
  "oss/kubernetes-csi/azuredisk-csi",
  "oss/calico/node",
  "azure-policy/policy-kubernetes-addon-prod",
] as const;

/** Registries that Defender does not scan (the source of "Unscanned" coverage gaps). */
export const UNSUPPORTED_REGISTRIES = [
  "docker.io",
  "quay.io",
  "ghcr.io",
  "registry.k8s.io",
  "public.ecr.aws",
  "harbor.internal.contoso.com",
] as const;

export const UNSUPPORTED_REPOSITORIES = [
  "library/nginx",
  "bitnami/redis",
  "prometheus/node-exporter",
  "jetstack/cert-manager-controller",
  "ingress-nginx/controller",
  "grafana/grafana",
  "library/busybox",
  "argoproj/argocd",
] as const;
