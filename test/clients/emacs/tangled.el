;;; tangled.el --- The tangled file in the strap eglot sample  -*- lexical-binding: t; -*-

;; Run by test/clients/emacs.test.js:
;;   emacs --batch -Q -l client-samples/emacs/strap-eglot.el -l test/clients/emacs/tangled.el
;; with STRAP_TEST_FILE (a temp copy of test/clients/fixtures/tangled.bootstrap.yaml,
;; where gcc is in two cycles) and STRAP_TEST_RESULT. Records the cycle
;; diagnostics, runs `eglot-code-actions' at the first one and takes its
;; default (the preferred action), saves, and records the diagnostics once
;; they settle. The JavaScript side judges them.

(require 'cl-lib)
(require 'json)

(defvar strap-tangled--steps nil)
(defvar strap-tangled--file (or (getenv "STRAP_TEST_FILE") (error "STRAP_TEST_FILE not set")))
(defvar strap-tangled--result (or (getenv "STRAP_TEST_RESULT") (error "STRAP_TEST_RESULT not set")))
(defvar strap-tangled--timeout (string-to-number (or (getenv "STRAP_TEST_WAIT_S") "20")))
(defconst strap-tangled--settle 1.5 "Seconds the diagnostics must stay put.")

(defun strap-tangled--step (name detail)
  (push (list (cons 'name name) (cons 'detail detail)) strap-tangled--steps))

(defun strap-tangled--finish (ok error-message)
  (with-temp-file strap-tangled--result
    (insert (json-encode (list (cons 'ok (if ok t :json-false))
                               (cons 'error error-message)
                               (cons 'steps (vconcat (reverse strap-tangled--steps)))))))
  (kill-emacs (if ok 0 1)))

(defun strap-tangled--lsp-diag (diag)
  (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))

(defun strap-tangled--cycles ()
  (flymake-start)
  (sort (cl-remove-if-not (lambda (d) (equal (plist-get (strap-tangled--lsp-diag d) :code) "build-cycle"))
                          (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun strap-tangled--describe (diags)
  (vconcat
   (mapcar (lambda (d)
             (let ((beg (flymake-diagnostic-beg d)))
               (list (cons 'line (1- (line-number-at-pos beg)))
                     (cons 'col (save-excursion (goto-char beg) (current-column)))
                     (cons 'message (plist-get (strap-tangled--lsp-diag d) :message)))))
           diags)))

(defun strap-tangled--settle (what predicate)
  "Pump process output until PREDICATE holds and the cycle list stays put."
  (let ((deadline (+ (float-time) strap-tangled--timeout))
        (last nil) (since (float-time)) done)
    (while (and (not done) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (let ((now (strap-tangled--describe (strap-tangled--cycles))))
        (unless (equal now last) (setq last now since (float-time))))
      (setq done (and (funcall predicate) (>= (- (float-time) since) strap-tangled--settle))))
    (unless done (error "Timed out waiting for %s" what))))

(defun strap-tangled--run ()
  (find-file strap-tangled--file)
  (run-hooks 'post-command-hook)
  (strap-tangled--settle "eglot to connect and publish" (lambda () (and (eglot-current-server) (strap-tangled--cycles))))
  (let* ((before (strap-tangled--cycles))
         (first (car before))
         offered default)
    (strap-tangled--step "diagnostics" (strap-tangled--describe before))
    (goto-char (flymake-diagnostic-beg first))
    (let ((at (aref (strap-tangled--describe (list first)) 0)))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &optional _pred _require _initial _hist def &rest _)
                   (setq offered (mapcar #'car collection) default def)
                   def))
                ((symbol-function 'y-or-n-p) (lambda (&rest _) (error "Eglot asked to confirm an edit"))))
        (let ((last-nonmenu-event ?\r))
          (eglot-code-actions (point) nil nil t)))
      (strap-tangled--step "code actions" (list (cons 'offered (vconcat offered)) (cons 'chosen default) (cons 'at at))))
    (cl-assert default nil "no code action offered")
    (save-buffer)
    (strap-tangled--settle "the diagnostics after the fix"
                           (lambda () (not (equal (strap-tangled--describe (strap-tangled--cycles))
                                                  (strap-tangled--describe before)))))
    (strap-tangled--step "written" (with-temp-buffer (insert-file-contents strap-tangled--file) (buffer-string)))
    (strap-tangled--step "diagnostics after fix" (strap-tangled--describe (strap-tangled--cycles)))))

(condition-case err
    (progn (strap-tangled--run) (strap-tangled--finish t nil))
  (error (strap-tangled--finish nil (error-message-string err))))
