;;; strap-eglot.el --- The strap language server in Emacs, through eglot  -*- lexical-binding: t; -*-

;; Works with Emacs 28 and eglot 1.9 (Debian 12: emacs-nox, elpa-eglot,
;; elpa-yaml-mode) and with later Emacs/eglot.
;;
;; Load it from your init file:
;;
;;   (load "/path/to/strap/client-samples/emacs/strap-eglot.el")
;;
;; What it does:
;; - opens bootstrap files (bootstrap.{yaml,yml,json,jsonc} and
;;   *.bootstrap.{yaml,yml,json,jsonc}) in `strap-yaml-mode' / `strap-json-mode',
;;   thin modes derived from `yaml-mode' and from `json-mode', `js-json-mode' or
;;   `js-mode' (whichever exists), so that strap manages those files and no
;;   other YAML or JSON buffer of the project (eglot manages every buffer of
;;   the modes of a server's entry);
;; - adds an `eglot-server-programs' entry running `strap lsp --stdio' for
;;   them, and starts eglot there (`eglot-ensure');
;; - sends `strap-eglot-settings' as the `strap' section of the workspace
;;   configuration (both `workspace/configuration' and
;;   `workspace/didChangeConfiguration'), unless you set
;;   `eglot-workspace-configuration' yourself (e.g. in .dir-locals.el);
;; - adds the commands `strap-show-plan' and `strap-show-graph'.
;;
;; Diagnostics show through flymake, completion through `completion-at-point'
;; (M-TAB or C-M-i), the cycle-breaking quick fixes through
;; `eglot-code-actions' (the preferred one is the default), definitions
;; through M-. and references through M-?.

;;; Code:

;; With `emacs -Q' (or before package.el ran) Debian's elpa-* packages are not
;; activated yet: activate them so eglot 1.9 and yaml-mode are found.
(unless (and (locate-library "eglot") (locate-library "yaml-mode"))
  (require 'package)
  (dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
    (when (file-directory-p dir)
      (add-to-list 'package-directory-list dir t)))
  (package-activate-all))

(require 'eglot)
(require 'js)
(require 'json-mode nil t)              ; MELPA's json-mode, when installed

;; Emacs 28 has no YAML mode; Debian's elpa-yaml-mode provides `yaml-mode'.
;; Without it, a bare fallback keeps the server usable (no highlighting).
(unless (require 'yaml-mode nil t)
  (define-derived-mode yaml-mode text-mode "YAML"
    "Fallback YAML mode (install yaml-mode for highlighting and indentation)."
    (setq-local comment-start "# ")
    (setq-local comment-start-skip "#+ *")
    (setq-local indent-tabs-mode nil)))

(defgroup strap nil
  "The strap language server for bootstrap config files."
  :group 'tools
  :prefix "strap-")

(defconst strap-eglot--directory
  (file-name-directory (or load-file-name buffer-file-name default-directory))
  "Where this file is: client-samples/emacs/ of a strap checkout.")

(defun strap-eglot-default-command ()
  "The command that starts the server.
The checkout's bin/strap.js when this file sits in client-samples/emacs/ of a
strap checkout (and node is installed), else `strap' from PATH."
  (let ((repo-bin (expand-file-name "../../bin/strap.js" strap-eglot--directory)))
    (if (and (file-readable-p repo-bin) (executable-find "node"))
        (list (executable-find "node") repo-bin "lsp" "--stdio")
      (list "strap" "lsp" "--stdio"))))

(defcustom strap-eglot-command nil
  "Command line of the strap language server, a list of strings.
nil means `strap-eglot-default-command'."
  :type '(choice (const :tag "Default" nil) (repeat string)))

(defcustom strap-eglot-settings
  '(:severity (:bootstrap-set-unused "hint")
    :inlayHints (:enable t)
    :debounceMs 150)
  "The `strap' section of the workspace configuration, as a plist.
Keys: :severity (a plist of diagnostic code to \"error\", \"warning\",
\"information\", \"hint\" or \"off\"), :files (a vector of globs), :inlayHints
(:enable t or :json-false), :debounceMs, :projectRoot."
  :type 'plist)

(defcustom strap-eglot-auto-start t
  "Whether to start eglot in every bootstrap file."
  :type 'boolean)

(defconst strap-eglot-file-regexp
  "\\(?:\\`\\|/\\)\\(?:[^/]+\\.\\)?bootstrap\\.\\(?:ya?ml\\|jsonc?\\)\\'"
  "File names of bootstrap files.")

(defconst strap-eglot--json-regexp
  "\\(?:\\`\\|/\\)\\(?:[^/]+\\.\\)?bootstrap\\.jsonc?\\'")

(defconst strap-eglot--yaml-regexp
  "\\(?:\\`\\|/\\)\\(?:[^/]+\\.\\)?bootstrap\\.ya?ml\\'")

(defalias 'strap-eglot--json-parent-mode
  (cond ((fboundp 'json-mode) 'json-mode)
        ((fboundp 'js-json-mode) 'js-json-mode)
        (t 'js-mode))
  "The JSON mode bootstrap JSON files derive from.")

;;;###autoload
(define-derived-mode strap-yaml-mode yaml-mode "YAML[strap]"
  "YAML mode for bootstrap files, managed by the strap language server.")

;;;###autoload
(define-derived-mode strap-json-mode strap-eglot--json-parent-mode "JSON[strap]"
  "JSON (with comments) mode for bootstrap files, managed by the strap language server."
  (setq-local comment-start "// ")
  (setq-local comment-end ""))

(add-to-list 'auto-mode-alist (cons strap-eglot--yaml-regexp 'strap-yaml-mode))
(add-to-list 'auto-mode-alist (cons strap-eglot--json-regexp 'strap-json-mode))

(defun strap-eglot--contact (&optional _interactive)
  "The eglot contact: the server command line."
  (or strap-eglot-command (strap-eglot-default-command)))

;; One entry for the modes bootstrap files open in. Listed first, so it wins
;; over the defaults (strap-json-mode may derive from js-mode, which eglot
;; otherwise gives to typescript-language-server).
(add-to-list 'eglot-server-programs
             '(((strap-yaml-mode :language-id "yaml")
                (strap-json-mode :language-id "json"))
               . strap-eglot--contact))

(defun strap-eglot--workspace-configuration (_server)
  "Workspace configuration with the `strap' section from `strap-eglot-settings'."
  (list :strap strap-eglot-settings))

;; Eglot reads `eglot-workspace-configuration' both when answering
;; workspace/configuration and for didChangeConfiguration (sent on connect).
;; Keep a value the user set (globally or in .dir-locals.el).
(unless (default-value 'eglot-workspace-configuration)
  (setq-default eglot-workspace-configuration #'strap-eglot--workspace-configuration))

(defun strap-eglot-update-settings (settings)
  "Set `strap-eglot-settings' to SETTINGS and tell every strap server."
  (setq strap-eglot-settings settings)
  (dolist (server (strap-eglot--servers))
    (eglot-signal-didChangeConfiguration server)))

(defun strap-eglot--servers ()
  "Running eglot servers that manage strap modes."
  (let (servers)
    (maphash (lambda (_project list)
               (dolist (server list)
                 (when (memq 'strap-yaml-mode (eglot--major-modes server))
                   (push server servers))))
             eglot--servers-by-project)
    servers))

(defun strap-eglot--maybe-start ()
  "Start eglot in this bootstrap file, when `strap-eglot-auto-start'."
  (when (and strap-eglot-auto-start buffer-file-name)
    (eglot-ensure)))

(add-hook 'strap-yaml-mode-hook #'strap-eglot--maybe-start)
(add-hook 'strap-json-mode-hook #'strap-eglot--maybe-start)

(defun strap-eglot--command (command arguments)
  "Run the server's COMMAND with ARGUMENTS; return its text."
  (let ((result (jsonrpc-request (eglot--current-server-or-lose)
                                 :workspace/executeCommand
                                 (list :command command :arguments arguments))))
    (unless (stringp result)
      (user-error "strap: no bootstrap file analysed"))
    result))

(defun strap-eglot--show (name text)
  "Show TEXT in a read-only buffer called NAME."
  (with-current-buffer (get-buffer-create name)
    (let ((inhibit-read-only t))
      (erase-buffer)
      (insert text)
      (goto-char (point-min)))
    (special-mode)
    (display-buffer (current-buffer))))

(defun strap-show-plan (&optional format)
  "Show the bootstrap plan of this buffer's workspace.
FORMAT is \"text\" (the default), \"json\", \"mermaid\" or \"dot\"."
  (interactive
   (list (and current-prefix-arg
              (completing-read "Format: " '("text" "json" "mermaid" "dot") nil t))))
  (strap-eglot--show "*strap plan*"
                     (strap-eglot--command "strap.showPlan"
                                           (vector (eglot--path-to-uri buffer-file-name)
                                                   (or format "text")))))

(defun strap-show-graph (&optional cycles-only)
  "Show the build graph (Mermaid) of this buffer's workspace.
With a prefix argument (CYCLES-ONLY), only the cycles."
  (interactive "P")
  (strap-eglot--show "*strap graph*"
                     (strap-eglot--command "strap.showGraph"
                                           (vector (eglot--path-to-uri buffer-file-name)
                                                   (list :format "mermaid"
                                                         :cyclesOnly (if cycles-only t :json-false))))))

(provide 'strap-eglot)
;;; strap-eglot.el ends here
