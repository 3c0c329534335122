// Starts `provisio lsp` for .prv files: every language feature comes from the server.
const path = require("path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration("provisio");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const args = ["lsp"];
  for (const dir of config.get("policyPath", [])) args.push("--policy-path", path.resolve(folder, dir));
  return { command: config.get("path", "provisio"), args, options: { cwd: folder } };
}

const clientOptions = { documentSelector: [{ scheme: "file", language: "provisio" }] };

async function activate(context) {
  client = new LanguageClient("provisio", "Provisio", serverOptions(), clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("provisio")) return;
      await client.stop();
      client = new LanguageClient("provisio", "Provisio", serverOptions(), clientOptions);
      await client.start();
    }),
  );
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
