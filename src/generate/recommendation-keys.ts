// Defender recommendation (assessment) keys and display names, from the input spec's §4 table.

export const KEYS = {
  azureRegistryQualys: "dbd0cb49-b563-45e7-9724-889e799fa648",
  azureRuntimeQualys: "41503391-efa5-47ee-9282-4eff6131462c",
  azureRegistryMdvm: "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5",
  azureRuntimeMdvm: "c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5",
  awsRegistryMdvm: "c27441ae-775c-45be-8ffa-655de37362ce",
  awsRuntimeMdvm: "682b2595-d045-4cff-b5aa-46624eb2dd8f",
  gcpRegistryMdvm: "5cc3a2c1-8397-456f-8792-fe9d0d4c9145",
  gcpRuntimeMdvm: "e538731a-80c8-4317-a119-13075e002516",
  azureRegistry2024: "33422d8f-ab1e-42be-bc9a-38685bb567b9",
  awsRegistry2024: "2a139383-ec7e-462a-90ac-b1b60e87d576",
  gcpRegistry2024: "24e37609-dcf5-4a3b-b2b0-b7d76f2e4e04",
  azureContainers2024: "c5045ea3-afc6-4006-ab8f-86c8574dbf3d",
  awsContainers2024: "8749bb43-cd24-4cf9-848c-2a50f632043c",
  gcpContainers2024: "1b3abfa4-9e53-46f1-9627-51f2957f8bba",
  /** Machines should have vulnerability findings resolved (MDVM, servers; not a container finding). */
  machinesMdvm: "ffff0522-1e88-47fc-8382-2a80ba848f5d",
} as const;

export const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  [KEYS.azureRegistryQualys]:
    "Container registry images should have vulnerability findings resolved (powered by Qualys)",
  [KEYS.azureRegistryMdvm]:
    "Azure registry container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)",
  [KEYS.azureRuntimeMdvm]:
    "Azure running container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)",
  [KEYS.awsRegistryMdvm]:
    "AWS registry container images should have vulnerability findings resolved (powered by Microsoft Defender Vulnerability Management)",
  [KEYS.gcpRegistryMdvm]:
    "GCP registry container images should have vulnerability findings resolved (powered by Microsoft Defender Vulnerability Management)",
  [KEYS.azureRegistry2024]:
    "Container images in Azure registry should have vulnerability findings resolved",
  [KEYS.azureContainers2024]:
    "[Preview] Containers running in Azure should have vulnerability findings resolved",
  [KEYS.machinesMdvm]: "Machines should have vulnerability findings resolved",
};

export function displayNameOf(key: string): string {
  return DISPLAY_NAMES[key] ?? "Vulnerabilities should be remediated";
}
