// The strap language server for Zed: runs `strap lsp --stdio` (or the
// `lsp.strap.binary` of the settings) and answers workspace/configuration
// with `lsp.strap.settings`.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct StrapExtension;

impl zed::Extension for StrapExtension {
    fn new() -> Self {
        StrapExtension
    }

    fn language_server_command(&mut self, language_server_id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string(), "--stdio".to_string()]);
        let command = binary
            .and_then(|b| b.path)
            .or_else(|| worktree.which("strap"))
            .ok_or_else(|| "strap is not on PATH: install it, or set lsp.strap.binary.path to bin/strap.js of a strap checkout".to_string())?;
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_workspace_configuration(&mut self, language_server_id: &LanguageServerId, worktree: &zed::Worktree) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings))
    }
}

zed::register_extension!(StrapExtension);
