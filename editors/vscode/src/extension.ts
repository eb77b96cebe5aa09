// VS Code entry point: contributes the mermaid plugin to the built-in Markdown preview
// (package.json: "markdown.markdownItPlugins": true) and keeps one `merrow daemon` for it.
import type MarkdownIt from 'markdown-it';
import * as path from 'node:path';
import * as vscode from 'vscode';

import { mermaidPlugin } from './markdownItPlugin';
import { defaultSettings, MermaidPreview, PreviewSettings } from './preview';

function readSettings(): PreviewSettings {
  const config = vscode.workspace.getConfiguration('merrow');
  let command = config.get<string>('path', defaultSettings.command).trim() || 'merrow';
  // A relative path with a slash (./build/merrow) is meant from the workspace, not from
  // wherever the extension host happens to run.
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (command.includes('/') && !path.isAbsolute(command) && folder) {
    command = path.join(folder.uri.fsPath, command);
  }
  return {
    ...defaultSettings,
    command,
    theme: config.get<string>('theme', defaultSettings.theme),
    darkTheme: config.get<string>('darkTheme', defaultSettings.darkTheme),
    background: config.get<string>('background', defaultSettings.background),
    timeoutMs: config.get<number>('timeoutMs', defaultSettings.timeoutMs),
  };
}

function refreshPreview(): void {
  void vscode.commands.executeCommand('markdown.preview.refresh');
}

export function activate(context: vscode.ExtensionContext) {
  const preview = new MermaidPreview(readSettings(), refreshPreview);
  context.subscriptions.push(
    { dispose: () => preview.dispose() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('merrow')) {
        preview.configure(readSettings());
        refreshPreview();
      }
    }),
    vscode.commands.registerCommand('merrow.restartDaemon', () => {
      preview.restart();
      refreshPreview();
    }),
  );
  return {
    extendMarkdownIt(md: MarkdownIt): MarkdownIt {
      return md.use(mermaidPlugin, { diagrams: preview });
    },
  };
}

export function deactivate(): void {
  // The preview is disposed through context.subscriptions.
}
