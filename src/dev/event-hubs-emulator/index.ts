// Public entry of the local Azure Event Hubs stand-in.
export type {
  EmulatorOptions,
  HubDefinition,
  PartitionInfo,
  RunningEmulator,
} from "./emulator-options.js";
export { startEventHubsEmulator } from "./start-emulator.js";
