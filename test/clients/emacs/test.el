;;; test.el --- Drives the strap eglot sample in `emacs --batch'  -*- lexical-binding: t; -*-

;; Run by test/clients/emacs.test.js:
;;   emacs --batch -Q -l client-samples/emacs/strap-eglot.el -l test/clients/emacs/test.el
;; with STRAP_TEST_FILE (a temp copy of examples/broken.bootstrap.yaml) and
;; STRAP_TEST_RESULT (where the JSON report goes).
;;
;; Idle timers never fire in batch mode, so this drives what they would do:
;; `post-command-hook' (where `eglot-ensure' connects), `flymake-start' (where
;; eglot hands its diagnostics to flymake) and `accept-process-output' loops.

(require 'cl-lib)
(require 'json)

(defvar strap-test--steps nil)
(defvar strap-test--file (or (getenv "STRAP_TEST_FILE") (error "STRAP_TEST_FILE not set")))
(defvar strap-test--result (or (getenv "STRAP_TEST_RESULT") (error "STRAP_TEST_RESULT not set")))
(defvar strap-test--timeout (string-to-number (or (getenv "STRAP_TEST_WAIT_S") "20")))

(defun strap-test--step (name detail)
  (push (list (cons 'name name) (cons 'detail detail)) strap-test--steps))

(defun strap-test--finish (ok error-message)
  (with-temp-file strap-test--result
    (insert (json-encode (list (cons 'ok (if ok t :json-false))
                               (cons 'error error-message)
                               (cons 'steps (vconcat (reverse strap-test--steps)))))))
  (kill-emacs (if ok 0 1)))

(defun strap-test--wait (what predicate)
  "Pump process output (and flymake) until PREDICATE holds."
  (let ((deadline (+ (float-time) strap-test--timeout))
        done)
    (while (and (not (setq done (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless done (error "Timed out waiting for %s" what))
    done))

(defun strap-test--lsp-diag (diag)
  (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))

(defun strap-test--cycles ()
  "The build-cycle diagnostics flymake has, by position.
Calls `flymake-start' first: that is what runs eglot's backend, which hands
flymake the diagnostics the server published."
  (flymake-start)
  (sort (cl-remove-if-not (lambda (d) (equal (plist-get (strap-test--lsp-diag d) :code) "build-cycle"))
                          (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun strap-test--describe (diags)
  (vconcat
   (mapcar (lambda (d)
             (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                   (cons 'text (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
                   (cons 'type (symbol-name (flymake-diagnostic-type d)))
                   (cons 'code (plist-get (strap-test--lsp-diag d) :code))))
           diags)))

(defun strap-test--file-text ()
  (with-temp-buffer
    (insert-file-contents strap-test--file)
    (buffer-string)))

(defun strap-test--run ()
  (strap-test--step "emacs" (format "%s eglot %s" emacs-version
                                    (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))) "?")))
  (find-file strap-test--file)
  (cl-assert (eq major-mode 'strap-yaml-mode) nil "the sample did not open the file in strap-yaml-mode: %s" major-mode)

  ;; 1. The sample's mode hook called `eglot-ensure', which connects from
  ;;    `post-command-hook' (after the command that opened the file).
  (run-hooks 'post-command-hook)
  (strap-test--wait "eglot to connect" (lambda () (and (eglot-current-server) eglot--managed-mode)))
  (let ((server (eglot-current-server)))
    (strap-test--step "connected" (list (cons 'command (vconcat (process-command (jsonrpc--process server))))
                                        (cons 'modes (vconcat (mapcar #'symbol-name (eglot--major-modes server))))
                                        (cons 'language-id (eglot--language-id server)))))

  ;; 2. Diagnostics reach flymake: build-cycle on every entry of both cycles.
  (strap-test--wait "four build-cycle diagnostics" (lambda () (= (length (strap-test--cycles)) 4)))
  (let ((cycles (strap-test--cycles)))
    (strap-test--step "diagnostics" (strap-test--describe cycles))
    (cl-assert (cl-every (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error)) cycles) nil "build-cycle should be an error"))

  ;; 3. Settings: the sample's workspace configuration reaches the server.
  (let ((original strap-eglot-settings))
    (strap-eglot-update-settings '(:severity (:build-cycle "warning")))
    (strap-test--wait "build-cycle downgraded to a warning"
                      (lambda () (let ((c (strap-test--cycles)))
                                   (and (= (length c) 4) (eq (flymake-diagnostic-type (car c)) 'eglot-warning)))))
    (strap-eglot-update-settings original)
    (strap-test--wait "build-cycle back to an error"
                      (lambda () (let ((c (strap-test--cycles)))
                                   (and (= (length c) 4) (eq (flymake-diagnostic-type (car c)) 'eglot-error)))))
    (strap-test--step "settings" "severity override applied and reverted"))

  ;; 4. The quick fix the way a user runs it: point on the first cycle entry,
  ;;    M-x eglot-code-actions, RET on the default (eglot's default is the
  ;;    preferred action).
  (let* ((first (car (strap-test--cycles)))
         offered default)
    (goto-char (flymake-diagnostic-beg first))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &optional _pred _require _initial _hist def &rest _)
                 (setq offered (mapcar #'car collection) default def)
                 def))
              ((symbol-function 'y-or-n-p) (lambda (&rest _) (error "Eglot asked to confirm an edit"))))
      ;; A keyboard event, so eglot prompts with completing-read rather than a popup menu.
      (let ((last-nonmenu-event ?\r))
        (eglot-code-actions (point) nil nil t)))
    (strap-test--step "code actions" (list (cons 'offered (vconcat offered)) (cons 'chosen default)))
    (cl-assert default nil "no code action offered")
    (save-buffer)
    (let ((text (strap-test--file-text)))
      (strap-test--step "written after first fix" text)
      (cl-assert (string-match-p "build-depends-bootstrap1" text) nil "no build-depends-bootstrap1 on disk")))

  ;; 5. That cycle's diagnostics clear, the other's stay.
  (strap-test--wait "the fixed cycle to clear" (lambda () (= (length (strap-test--cycles)) 2)))
  (strap-test--step "diagnostics after first fix" (strap-test--describe (strap-test--cycles)))

  ;; 6. The other cycle by hand: textDocument/codeAction with the flymake
  ;;    diagnostic's LSP data, the preferred action's edit applied with
  ;;    `eglot--apply-workspace-edit' (eglot 1.9 cannot resolve actions).
  (let* ((second (car (strap-test--cycles)))
         (actions (progn
                    (goto-char (flymake-diagnostic-beg second))
                    (jsonrpc-request (eglot-current-server) :textDocument/codeAction
                                     (list :textDocument (eglot--TextDocumentIdentifier)
                                           :range (list :start (eglot--pos-to-lsp-position (flymake-diagnostic-beg second))
                                                        :end (eglot--pos-to-lsp-position (flymake-diagnostic-end second)))
                                           :context (list :diagnostics (vector (strap-test--lsp-diag second)))))))
         (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
    (cl-assert preferred nil "no preferred action for the second cycle")
    (cl-assert (plist-get preferred :edit) nil "the preferred action has no edit")
    (strap-test--step "second preferred action" (plist-get preferred :title))
    (eglot--apply-workspace-edit (plist-get preferred :edit))
    (save-buffer))
  (strap-test--wait "every build-cycle diagnostic to clear" (lambda () (null (strap-test--cycles))))
  (strap-test--step "written after second fix" (strap-test--file-text))

  ;; 7. Completion inside a dependency list: type ", " in openssl's list,
  ;;    ask `completion-at-point' functions (eglot's) for the candidates.
  (goto-char (point-min))
  (re-search-forward "^  openssl:\n    build-depends: \\[gcc")
  (insert ", ")
  (let* ((capf (eglot-completion-at-point))
         (candidates (and capf (all-completions "" (nth 2 capf)))))
    (strap-test--step "completion" (list (cons 'line (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
                                         (cons 'candidates (vconcat (mapcar #'substring-no-properties candidates)))))
    (cl-assert (member "tzdata" candidates) nil "completion lacks tzdata: %S" candidates)
    (cl-assert (not (member "gcc" candidates)) nil "completion offers gcc, already listed"))
  (delete-char -2)

  ;; 8. Go to definition (M-.): glibc in gcc's build-depends -> the `glibc:' key.
  (goto-char (point-min))
  (re-search-forward "^    build-depends: \\[gl")
  (let* ((xrefs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
         (targets (mapcar (lambda (x)
                            (let ((loc (xref-item-location x)))
                              (list (cons 'file (xref-location-group loc))
                                    (cons 'line (xref-location-line loc)))))
                          xrefs)))
    (strap-test--step "definition" (vconcat targets))
    (cl-assert (= (length targets) 1) nil "expected one definition")
    (save-excursion
      (goto-char (point-min))
      (re-search-forward "^  glibc:")
      (cl-assert (= (alist-get 'line (car targets)) (line-number-at-pos)) nil "definition on the wrong line")))

  (set-buffer-modified-p nil))

(condition-case err
    (progn (strap-test--run) (strap-test--finish t nil))
  (error (strap-test--finish nil (error-message-string err))))

;;; test.el ends here
