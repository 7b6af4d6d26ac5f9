// Delete confirmation: removes the connection from Vigil, then shows the Azure clean-up commands the server returns.
import { useState } from "preact/hooks";
import { type Connection, deleteConnection } from "../../api/connections";
import { CodeBlock } from "../../components/code-block";
import { Dialog } from "../../components/dialog";

/** The server's commands with the placeholders the user filled in (`<resource-group>`, `<automation-name>`). */
export function fillCleanup(
  commands: readonly string[],
  names: { resourceGroup: string; automationName: string },
): string {
  const fill = (text: string, placeholder: string, value: string) =>
    value.trim() === "" ? text : text.replaceAll(placeholder, value.trim());
  return commands
    .map((command) =>
      fill(
        fill(command, "<resource-group>", names.resourceGroup),
        "<automation-name>",
        names.automationName,
      ),
    )
    .join("\n");
}

export function DeleteConnectionDialog(props: {
  connection: Connection;
  onClose: () => void;
  /** Called once the connection is gone (the dialog stays open with the clean-up commands). */
  onDeleted: () => void;
}) {
  const { connection } = props;
  const [cleanup, setCleanup] = useState<readonly string[] | undefined>(undefined);
  const [resourceGroup, setResourceGroup] = useState("");
  const [automationName, setAutomationName] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await deleteConnection(connection.id);
      setCleanup(answer.azureCleanup);
      props.onDeleted();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (cleanup !== undefined)
    return (
      <Dialog title={`Connection “${connection.name}” deleted`} onClose={props.onClose} wide>
        <p role="status">
          Vigil no longer reads <code>{connection.eventHub}</code> and has forgotten its
          checkpoints. Events already stored stay until their bucket's retention removes them.
        </p>
        <p>
          Now clean up in Azure (Cloud Shell, or any shell after <code>az login</code>). Fill in
          your names and the commands follow; the first command finds the continuous export.
        </p>
        <div class="grid-fields">
          <div class="field">
            <label for="d-rg">Resource group</label>
            <input
              id="d-rg"
              value={resourceGroup}
              placeholder="<resource-group>"
              onInput={(e) => setResourceGroup((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <label for="d-export">Continuous export (automation) name</label>
            <input
              id="d-export"
              value={automationName}
              placeholder="<automation-name>"
              onInput={(e) => setAutomationName((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        </div>
        <CodeBlock
          label="Azure clean-up commands"
          code={fillCleanup(cleanup, { resourceGroup, automationName })}
        />
        <div class="dialog-actions">
          <button type="button" class="primary" onClick={props.onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  return (
    <Dialog title={`Delete connection “${connection.name}”`} onClose={props.onClose} wide>
      <p>
        Vigil stops reading <code>{connection.eventHub}</code> on{" "}
        <code>{connection.namespace}</code> (consumer group <code>{connection.consumerGroup}</code>)
        and forgets its checkpoints. Events already stored stay until their bucket's retention
        removes them.
      </p>
      <p>
        Nothing changes in Azure: once the connection is deleted, this dialog gives you the Azure
        CLI commands to remove the continuous export and what it wrote to.
      </p>
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={() => void remove()} disabled={busy}>
          Delete connection
        </button>
      </div>
    </Dialog>
  );
}
