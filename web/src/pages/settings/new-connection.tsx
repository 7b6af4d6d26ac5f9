// "Configure new connection": step 1 the Azure commands with the user's names, step 2 Vigil's form, test, create.
import { useState } from "preact/hooks";
import { ApiFailure } from "../../api/client";
import { createConnection, testConnection } from "../../api/connections";
import { CodeBlock } from "../../components/code-block";
import { Dialog } from "../../components/dialog";
import { type AzureNames, DEFAULT_AZURE_NAMES, setupCommands } from "./az-commands";
import { type ConnectionDraft, toRequest, validateDraft } from "./connection-form";

const NAME_FIELDS: readonly [keyof AzureNames, string][] = [
  ["subscription", "Subscription id (empty: the current one)"],
  ["resourceGroup", "Resource group"],
  ["location", "Location"],
  ["namespace", "Event Hubs namespace"],
  ["eventHub", "Event hub"],
  ["consumerGroup", "Consumer group"],
  ["exportName", "Continuous export name"],
];

function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  type?: "text" | "password";
  placeholder?: string;
}) {
  return (
    <div class={`field ${props.error === undefined ? "" : "invalid"}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={(props.type ?? "text") as "text"}
        value={props.value}
        placeholder={props.placeholder}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error === undefined ? undefined : `${props.id}-error`}
        onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
      />
      {props.error === undefined ? null : (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

export function NewConnectionDialog(props: { onClose: () => void; onCreated: () => void }) {
  const [step, setStep] = useState<1 | 2>(1);
  const [names, setNames] = useState<AzureNames>(DEFAULT_AZURE_NAMES);
  const [draft, setDraft] = useState<ConnectionDraft>({
    name: "defender-for-cloud",
    auth: "connectionString",
    connectionString: "",
    namespace: "",
    tenantId: "",
    clientId: "",
    clientSecret: "",
    eventHub: "",
    consumerGroup: "",
    startPosition: "earliest",
    bucket: "default_securityevents",
  });
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<{ tone: "ok" | "error" | "busy"; text: string } | undefined>(
    undefined,
  );
  const problems = validateDraft(draft);
  const shown = touched ? problems : {};
  const set = (key: keyof ConnectionDraft) => (value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const next = () => {
    setDraft((d) => ({
      ...d,
      namespace: d.namespace || names.namespace,
      eventHub: d.eventHub || names.eventHub,
      consumerGroup: d.consumerGroup || names.consumerGroup,
    }));
    setStep(2);
  };

  const act = async (kind: "test" | "create") => {
    setTouched(true);
    if (Object.keys(problems).length > 0) {
      setStatus({ tone: "error", text: "Fix the highlighted fields first." });
      return;
    }
    setStatus({ tone: "busy", text: kind === "test" ? "Testing the connection…" : "Creating…" });
    try {
      if (kind === "test") {
        const answer = await testConnection(toRequest(draft));
        const count = answer.partitionIds.length;
        setStatus({
          tone: "ok",
          text: `Connected: the event hub has ${count} partition${count === 1 ? "" : "s"}.`,
        });
      } else {
        await createConnection(toRequest(draft));
        props.onCreated();
      }
    } catch (error) {
      const notThere = error instanceof ApiFailure && error.status === 404;
      setStatus({
        tone: "error",
        text: notThere
          ? "This Vigil server does not manage Event Hubs connections yet: update Vigil, or import exports with `vigil import`."
          : (error as Error).message,
      });
    }
  };

  return (
    <Dialog title="Configure new connection" onClose={props.onClose} wide>
      <ol class="steps" aria-label="Steps">
        <li class={step === 1 ? "current" : "done"}>Create the Azure resources</li>
        <li class={step === 2 ? "current" : ""}>Connect Vigil</li>
      </ol>
      {step === 1 ? (
        <section>
          <p>
            Run these commands in Azure Cloud Shell or any shell with the Azure CLI (
            <code>az login</code> first). Change the names here and the commands follow.
          </p>
          <div class="grid-fields">
            {NAME_FIELDS.map(([key, label]) => (
              <Field
                key={key}
                id={`az-${key}`}
                label={label}
                value={names[key]}
                onInput={(value) => setNames((n) => ({ ...n, [key]: value }))}
              />
            ))}
          </div>
          <CodeBlock code={setupCommands(names)} label="Azure setup commands" />
          <div class="dialog-actions">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="button" class="primary" onClick={next}>
              Next: connect Vigil
            </button>
          </div>
        </section>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act("create");
          }}
          noValidate
        >
          <Field
            id="c-name"
            label="Connection name"
            value={draft.name}
            onInput={set("name")}
            error={shown.name}
          />
          <fieldset class="auth">
            <legend>How Vigil signs in to Event Hubs</legend>
            {(
              [
                ["connectionString", "Connection string (listen policy)"],
                ["servicePrincipal", "Service principal (Microsoft Entra ID)"],
                ["managedIdentity", "Managed identity (Vigil runs in Azure)"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} class="radio">
                <input
                  type="radio"
                  name="auth"
                  value={value}
                  checked={draft.auth === value}
                  onChange={() => setDraft((d) => ({ ...d, auth: value }))}
                />
                {label}
              </label>
            ))}
          </fieldset>
          {draft.auth === "connectionString" ? (
            <Field
              id="c-cs"
              label="Connection string"
              type="password"
              placeholder="Endpoint=sb://….servicebus.windows.net/;SharedAccessKeyName=vigil-listen;SharedAccessKey=…"
              value={draft.connectionString}
              onInput={set("connectionString")}
              error={shown.connectionString}
            />
          ) : (
            <Field
              id="c-ns"
              label="Namespace"
              value={draft.namespace}
              onInput={set("namespace")}
              error={shown.namespace}
            />
          )}
          {draft.auth === "servicePrincipal" ? (
            <div class="grid-fields">
              <Field
                id="c-tenant"
                label="Tenant id"
                value={draft.tenantId}
                onInput={set("tenantId")}
                error={shown.tenantId}
              />
              <Field
                id="c-client"
                label="Client id"
                value={draft.clientId}
                onInput={set("clientId")}
                error={shown.clientId}
              />
              <Field
                id="c-secret"
                label="Client secret"
                type="password"
                value={draft.clientSecret}
                onInput={set("clientSecret")}
                error={shown.clientSecret}
              />
            </div>
          ) : null}
          {draft.auth === "managedIdentity" ? (
            <Field
              id="c-client"
              label="User-assigned identity client id (optional)"
              value={draft.clientId}
              onInput={set("clientId")}
              error={shown.clientId}
            />
          ) : null}
          <div class="grid-fields">
            <Field
              id="c-hub"
              label="Event hub"
              value={draft.eventHub}
              onInput={set("eventHub")}
              error={shown.eventHub}
            />
            <Field
              id="c-cg"
              label="Consumer group"
              value={draft.consumerGroup}
              placeholder="$Default"
              onInput={set("consumerGroup")}
              error={shown.consumerGroup}
            />
            <Field id="c-bucket" label="Bucket" value={draft.bucket} onInput={set("bucket")} />
            <div class="field">
              <label for="c-start">Start from</label>
              <select
                id="c-start"
                value={draft.startPosition}
                onChange={(event) =>
                  setDraft((d) => ({
                    ...d,
                    startPosition: (event.currentTarget as HTMLSelectElement).value as
                      | "earliest"
                      | "latest",
                  }))
                }
              >
                <option value="earliest">The oldest retained event</option>
                <option value="latest">New events only</option>
              </select>
            </div>
          </div>
          {status === undefined ? null : (
            <p
              class={`status-line ${status.tone}`}
              role={status.tone === "error" ? "alert" : "status"}
            >
              {status.text}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" onClick={() => setStep(1)}>
              Back
            </button>
            <button
              type="button"
              onClick={() => void act("test")}
              disabled={status?.tone === "busy"}
            >
              Test connection
            </button>
            <button type="submit" class="primary" disabled={status?.tone === "busy"}>
              Create connection
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
