// The Azure CLI commands for setting up Event Hubs and Defender's continuous export, names filled in.
export interface AzureNames {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly exportName: string;
}

export const DEFAULT_AZURE_NAMES: AzureNames = {
  subscription: "",
  resourceGroup: "vigil-rg",
  location: "westeurope",
  namespace: "vigil-defender-ns",
  eventHub: "defender-export",
  consumerGroup: "vigil",
  exportName: "vigil-defender-export",
};

/** Shell-quotes a value (single quotes; safe for any name a user types). */
export const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

export function setupCommands(n: AzureNames): string {
  const sub =
    n.subscription.trim() === "" ? "$(az account show --query id -o tsv)" : sh(n.subscription);
  const g = `--resource-group ${sh(n.resourceGroup)}`;
  const ns = `--namespace-name ${sh(n.namespace)}`;
  const hub = `--eventhub-name ${sh(n.eventHub)}`;
  return [
    `SUBSCRIPTION=${sub}`,
    `az account set --subscription "$SUBSCRIPTION"`,
    "",
    "# 1. Event Hubs namespace, hub and a consumer group for Vigil",
    `az group create --name ${sh(n.resourceGroup)} --location ${sh(n.location)}`,
    `az eventhubs namespace create ${g} --name ${sh(n.namespace)} --location ${sh(n.location)} --sku Standard`,
    `az eventhubs eventhub create ${g} ${ns} --name ${sh(n.eventHub)} --partition-count 4 --retention-time 24 --cleanup-policy Delete`,
    `az eventhubs eventhub consumer-group create ${g} ${ns} ${hub} --name ${sh(n.consumerGroup)}`,
    "",
    "# 2. A send-only policy for Defender, a listen-only policy for Vigil",
    `az eventhubs eventhub authorization-rule create ${g} ${ns} ${hub} --name defender-send --rights Send`,
    `az eventhubs eventhub authorization-rule create ${g} ${ns} ${hub} --name vigil-listen --rights Listen`,
    `SEND_CONNECTION=$(az eventhubs eventhub authorization-rule keys list ${g} ${ns} ${hub} --name defender-send --query primaryConnectionString -o tsv)`,
    `HUB_ID=$(az eventhubs eventhub show ${g} ${ns} --name ${sh(n.eventHub)} --query id -o tsv)`,
    "",
    "# 3. Point Defender for Cloud's continuous export at the hub (container image assessments and their findings)",
    `az security automation create ${g} --name ${sh(n.exportName)} --location ${sh(n.location)} \\`,
    `  --scopes "[{\\"description\\":\\"Vigil\\",\\"scopePath\\":\\"/subscriptions/$SUBSCRIPTION\\"}]" \\`,
    `  --sources '[{"eventSource":"Assessments"},{"eventSource":"SubAssessments"}]' \\`,
    `  --actions "[{\\"actionType\\":\\"EventHub\\",\\"eventHubResourceId\\":\\"$HUB_ID\\",\\"connectionString\\":\\"$SEND_CONNECTION\\",\\"sasPolicyName\\":\\"defender-send\\"}]"`,
    "",
    "# 4. The connection string Vigil reads with (paste it in the next step)",
    `az eventhubs eventhub authorization-rule keys list ${g} ${ns} ${hub} --name vigil-listen --query primaryConnectionString -o tsv`,
  ].join("\n");
}
