// Delete confirmation: removes the connection from Vigil and shows the Azure clean-up commands.
import { useState } from "preact/hooks";
import { type Connection, deleteConnection } from "../../api/connections";
import { CodeBlock } from "../../components/code-block";
import { Dialog } from "../../components/dialog";
import { cleanupCommands, DEFAULT_AZURE_NAMES } from "./az-commands";

export function DeleteConnectionDialog(props: {
  connection: Connection;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { connection } = props;
  const [resourceGroup, setResourceGroup] = useState(DEFAULT_AZURE_NAMES.resourceGroup);
  const [exportName, setExportName] = useState(DEFAULT_AZURE_NAMES.exportName);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await deleteConnection(connection.id);
      props.onDeleted();
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Delete connection “${connection.name}”`} onClose={props.onClose} wide>
      <p>
        Vigil stops reading <code>{connection.eventHub}</code> and forgets its checkpoints. Events
        already stored stay until their bucket's retention removes them.
      </p>
      <p>
        Then clean up in Azure. If you used other names than the setup dialog's, adjust them here:
      </p>
      <div class="grid-fields">
        <div class="field">
          <label for="d-rg">Resource group</label>
          <input
            id="d-rg"
            value={resourceGroup}
            onInput={(e) => setResourceGroup((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="d-export">Continuous export name</label>
          <input
            id="d-export"
            value={exportName}
            onInput={(e) => setExportName((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      <CodeBlock
        label="Azure clean-up commands"
        code={cleanupCommands({
          resourceGroup,
          exportName,
          namespace: connection.namespace.replace(/\.servicebus\.windows\.net$/, ""),
          eventHub: connection.eventHub,
          consumerGroup: connection.consumerGroup,
        })}
      />
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
