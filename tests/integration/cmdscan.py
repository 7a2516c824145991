#!/usr/bin/python3
"""Lists the external commands that shell and Python scripts call, for
tests/integration/deps.sh.

usage: cmdscan.py BUILTINS_FILE FILE...

BUILTINS_FILE holds bash's builtins and keywords, one a line (deps.sh
writes it with `compgen -b -k`). Prints one line per call found:

    cmd NAME FILE:LINE      a command run by a shell script
    guard NAME FILE:LINE    a `command -v NAME` test (the script asks first)
    import NAME FILE:LINE   a top-level Python module imported

A shell file is read as bash: quotes, $( ), ` `, <( ), ${ }, $(( )),
comments, here-documents, `case` patterns, [[ ]] and (( )) are taken into
account, and the command of every simple command is reported, also inside
substitutions and after the wrappers below. Names of functions defined in
any of the files, variables (a variable set to a plain name or an absolute
path counts as that command), relative paths (the project's own programs)
and builtins are left out. A here-document is read as shell when its
delimiter is SH, as Python when it is PY, and else as data. Python files
(and PY here-documents) are read for their imports and for the programs
they start (subprocess, os.system, os.exec*).
"""
import ast
import os
import re
import sys

# Wrappers: the command they run is found after this many arguments (not
# counting options that start with "-"). Project helpers that take a
# command are here too.
WRAPPERS = {
    "exec": 0, "nice": 0, "nohup": 0, "sudo": 0, "env": 0, "xargs": 0, "time": 0,
    "setsid": 0, "stdbuf": 0, "timeout": 1, "ionice": 0, "flock": 1,
    # tests/integration/lib.sh, scripts/stack.sh and the suites' own
    "check": 1, "start": 2, "stack_run": 1, "wait_for": 1,
}
KEYWORDS_BEFORE_COMMAND = {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "coproc"}
ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")
FUNC_DEF = re.compile(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_:-]*)\s*\(\)\s*\{?", re.M)
FUNC_DEF2 = re.compile(r"^\s*function\s+([A-Za-z_][A-Za-z0-9_:-]*)\b", re.M)
VAR_SET = re.compile(r"""(?:^|[\s;])(?:local\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^\s"';]*)\2(?=[\s;]|$)""", re.M)


class Word:
    """One shell word: its text with quotes removed (substitutions kept as
    a marker), whether any of it was quoted or expanded, and its line."""

    def __init__(self, line):
        self.text = ""
        self.line = line
        self.quoted = False
        self.expanded = False
        self.raw = ""


class ShellScanner:
    def __init__(self, path, text, builtins, functions, variables, report, line0=0):
        self.path, self.s, self.i = path, text, 0
        self.builtins, self.functions, self.variables = builtins, functions, variables
        self.report = report
        self.line0 = line0
        self.heredocs = []      # (delimiter, strip_tabs) waiting for the next newline

    def line(self):
        return self.line0 + self.s.count("\n", 0, self.i) + 1

    def peek(self, n=0):
        j = self.i + n
        return self.s[j] if j < len(self.s) else ""

    # ---- here-documents ---------------------------------------------------------
    def read_heredocs(self):
        """At a newline: consumes the bodies of the pending here-documents."""
        for delim, strip in self.heredocs:
            start = self.i
            body_line = self.line()
            lines = []
            while self.i < len(self.s):
                end = self.s.find("\n", self.i)
                if end < 0:
                    end = len(self.s)
                ln = self.s[self.i:end]
                self.i = end + 1
                if (ln.lstrip("\t") if strip else ln) == delim:
                    break
                lines.append(ln)
            body = "\n".join(lines) + "\n"
            kind = "sh" if delim == "SH" else "py" if delim == "PY" else None
            if kind == "sh":
                ShellScanner(self.path, body, self.builtins, self.functions, self.variables,
                             self.report, body_line - 1).scan()
            elif kind == "py":
                scan_python(self.path, body, self.report, body_line - 1)
            del start
        self.heredocs = []

    # ---- words --------------------------------------------------------------------
    def skip_blanks(self):
        while True:
            c = self.peek()
            if c in (" ", "\t"):
                self.i += 1
            elif c == "\\" and self.peek(1) == "\n":
                self.i += 2
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def subst(self, closer):
        """After "$(" or "<(" or "`": scans a command list up to its closer."""
        if closer == "`":
            end = self.i
            while end < len(self.s) and self.s[end] != "`":
                end += 2 if self.s[end] == "\\" else 1
            ShellScanner(self.path, self.s[self.i:end], self.builtins, self.functions,
                         self.variables, self.report, self.line() - 1).scan()
            self.i = end + 1
            return
        self.scan_list(")")
        if self.peek() == ")":
            self.i += 1

    def skip_balanced(self, open_, close):
        depth = 1
        while self.i < len(self.s) and depth:
            c = self.s[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "'" and open_ == "{":
                self.i = self.s.find("'", self.i + 1) + 1 or len(self.s)
                continue
            if c == "$" and self.peek(1) == "(" and self.peek(2) != "(":
                self.i += 2
                self.subst(")")
                continue
            if c == open_:
                depth += 1
            elif c == close:
                depth -= 1
            self.i += 1

    def dollar(self, w):
        """At "$": a substitution, an expansion or a plain "$"."""
        n1, n2 = self.peek(1), self.peek(2)
        w.expanded = True
        if n1 == "(" and n2 == "(":
            self.i += 3
            self.skip_balanced("(", ")")
            if self.peek() == ")":
                self.i += 1
            w.text += "$((…))"
        elif n1 == "(":
            self.i += 2
            self.subst(")")
            w.text += "$(…)"
        elif n1 == "{":
            start = self.i
            self.i += 2
            self.skip_balanced("{", "}")
            w.text += self.s[start:self.i]
        elif n1 == "'":
            self.i += 2
            while self.i < len(self.s) and self.s[self.i] != "'":
                self.i += 2 if self.s[self.i] == "\\" else 1
            self.i += 1
            w.quoted = True
        else:
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*|[0-9#?$!@*-])?", self.s[self.i:])
            w.text += m.group(0)
            self.i += len(m.group(0))

    def word(self):
        """Reads one word at the current position (blanks skipped)."""
        w = Word(self.line())
        start = self.i
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\n;&|<>()":
                if c in "<>" and self.peek(1) == "(" and not w.text:
                    break
                if c == "(" and w.text.endswith(("=", "@", "?", "*", "+", "!")):
                    # an array assignment x=( ... ) or an extglob
                    self.i += 1
                    self.skip_balanced("(", ")")
                    w.text += "(…)"
                    continue
                break
            if c == "\\":
                w.text += self.peek(1)
                w.quoted = True
                self.i += 2
            elif c == "'":
                end = self.s.find("'", self.i + 1)
                end = len(self.s) if end < 0 else end
                w.text += self.s[self.i + 1:end]
                w.quoted = True
                self.i = end + 1
            elif c == '"':
                w.quoted = True
                self.i += 1
                while self.i < len(self.s) and self.s[self.i] != '"':
                    d = self.s[self.i]
                    if d == "\\":
                        w.text += self.peek(1)
                        self.i += 2
                    elif d == "$":
                        self.dollar(w)
                    elif d == "`":
                        self.i += 1
                        self.subst("`")
                        w.expanded = True
                    else:
                        w.text += d
                        self.i += 1
                self.i += 1
            elif c == "$":
                self.dollar(w)
            elif c == "`":
                self.i += 1
                self.subst("`")
                w.expanded = True
                w.text += "`…`"
            else:
                w.text += c
                self.i += 1
        w.raw = self.s[start:self.i]
        return w

    def redirection(self):
        """At "<" or ">" (possibly after a fd number): consumes the operator
        and its target; notes a here-document."""
        m = re.match(r"[0-9]*(<<<|<<-|<<|>>|<>|<&|>&|>\||&>>|&>|<|>)", self.s[self.i:])
        op = m.group(1)
        self.i += len(m.group(0))
        self.skip_blanks()
        if op in ("<&", ">&") and re.match(r"[0-9-]", self.peek()):
            self.word()
            return
        if self.peek() in ("<", ">") and self.peek(1) == "(":
            self.i += 2
            self.subst(")")
            return
        target = self.word()
        if op in ("<<", "<<-"):
            self.heredocs.append((target.text, op == "<<-"))

    # ---- commands -------------------------------------------------------------------
    def command_name(self, w):
        """What a command word names: (kind, name) or None to skip it."""
        t = w.text
        if not t:
            return None
        if t.startswith("$") and re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", t):
            value = self.variables.get(re.sub(r"[${}]", "", t))
            if value is None:
                return None
            t = value
        elif "$" in t or "…" in t or "`" in t:
            return None
        if "/" in t:
            if not t.startswith("/"):
                return None         # the project's own programs, by relative path
            return os.path.basename(t)
        return t

    def scan_list(self, closer=None):
        """Simple commands up to closer (")" of a substitution) or the end."""
        while self.i < len(self.s):
            self.skip_blanks()
            c = self.peek()
            if not c:
                return
            if closer and c == closer:
                return
            if c == "\n":
                self.i += 1
                self.read_heredocs()
                continue
            if c in ";&|":
                if self.s.startswith(";;", self.i):
                    return          # end of a case branch: the caller goes on
                self.i += 1
                continue
            if c == ")":
                self.i += 1         # the end of a ( subshell ) or a case pattern
                continue
            if c == "(":
                if self.peek(1) == "(":
                    self.i += 2
                    self.skip_balanced("(", ")")
                    if self.peek() == ")":
                        self.i += 1
                else:
                    self.i += 1
                    self.scan_list(")")
                    if self.peek() == ")":
                        self.i += 1
                continue
            self.simple_command(closer)

    def simple_command(self, closer):
        words = []
        while self.i < len(self.s):
            self.skip_blanks()
            c = self.peek()
            if not c or c in "\n;&|)" or (c == "(" and words):
                if c == "(" and words and self.peek(1) == ")":
                    # name() { ...: a function definition
                    self.i += 2
                    return
                break
            if c == "(" and not words:
                return
            if re.match(r"[0-9]*(<|>)", self.s[self.i:]) and not (c in "<>" and self.peek(1) == "("):
                m = re.match(r"[0-9]+", self.s[self.i:])
                if not m or self.s[self.i + len(m.group(0))] in "<>":
                    self.redirection()
                    continue
            if c in "<>" and self.peek(1) == "(":
                self.i += 2
                self.subst(")")
                continue
            w = self.word()
            if not w.raw:
                self.i += 1
                continue
            words.append(w)
            # a keyword that takes no command after it ends the command here
            if len(words) == 1 and not w.quoted and w.text in ("case",):
                self.case_statement()
                return
            if len(words) == 1 and not w.quoted and w.text in ("for", "select"):
                self.skip_to_do()
                return
            if len(words) == 1 and not w.quoted and w.text == "[[":
                self.skip_until_word("]]")
                return
        self.handle(words)

    def skip_to_do(self):
        """After `for`: the loop words are data (their substitutions run)."""
        while self.i < len(self.s):
            self.skip_blanks()
            c = self.peek()
            if c in ";\n":
                self.i += 1
                if c == "\n":
                    self.read_heredocs()
                return
            if c == "(" and self.peek(1) == "(":
                self.i += 2
                self.skip_balanced("(", ")")
                self.i += 1
                continue
            w = self.word()
            if not w.raw:
                self.i += 1
            if w.text == "do":
                return

    def skip_until_word(self, end):
        while self.i < len(self.s):
            self.skip_blanks()
            if self.peek() == "\n":
                self.i += 1
                continue
            w = self.word()
            if not w.raw:
                self.i += 1
            if w.text == end and not w.quoted:
                return

    def case_statement(self):
        """After `case`: the word, `in`, then pattern) commands ;; ... esac."""
        self.word()                 # the subject (its substitutions run)
        self.skip_blanks()
        self.word()                 # in
        while self.i < len(self.s):
            # patterns up to ")"
            while self.i < len(self.s):
                self.skip_blanks()
                c = self.peek()
                if c == "\n":
                    self.i += 1
                    continue
                if c in "(|":
                    self.i += 1
                    continue
                if c == ")":
                    self.i += 1
                    break
                w = self.word()
                if not w.raw:
                    self.i += 1
                if w.text == "esac" and not w.quoted:
                    return
            self.scan_list()
            if self.s.startswith(";;", self.i):
                self.i += 2
                if self.peek() == "&":
                    self.i += 1

    def handle(self, words):
        i = 0
        while i < len(words) and (ASSIGN.match(words[i].raw) or (
                not words[i].quoted and words[i].text in KEYWORDS_BEFORE_COMMAND)):
            i += 1
        while i < len(words):
            w = words[i]
            if not w.quoted and w.text in ("fi", "done", "esac", "}", "then", "else", "do", "{"):
                i += 1
                continue
            name = self.command_name(w)
            if name is None:
                return
            if name in ("command", "builtin"):
                rest = words[i + 1:]
                if rest and rest[0].text in ("-v", "-V"):
                    for r in rest[1:]:
                        n = self.command_name(r)
                        if n:
                            self.report("guard", n, self.path, r.line)
                    return
                i += 1
                continue
            if name in self.functions and name not in WRAPPERS:
                return
            if name in self.builtins and name not in WRAPPERS:
                if name == "exec":
                    pass
                else:
                    return
            if name not in self.builtins and name not in self.functions:
                self.report("cmd", name, self.path, w.line)
            if name in WRAPPERS:
                skip = WRAPPERS[name]
                i += 1
                while i < len(words):
                    t = words[i].text
                    if t.startswith("-") and not words[i].quoted:
                        i += 1
                        if name in ("timeout", "nice", "ionice", "stdbuf") and t in ("-s", "-k", "-n", "-c") and i < len(words):
                            i += 1
                        continue
                    if name == "env" and ASSIGN.match(words[i].raw):
                        i += 1
                        continue
                    if skip:
                        skip -= 1
                        i += 1
                        continue
                    break
                continue
            return

    def scan(self):
        self.scan_list()
        self.read_heredocs()


def scan_python(path, text, report, line0=0):
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        report("error", "python-syntax", path, line0 + (e.lineno or 0))
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                report("import", a.name.split(".")[0], path, line0 + node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            report("import", node.module.split(".")[0], path, line0 + node.lineno)
        elif isinstance(node, ast.Call):
            f = node.func
            fname = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if fname in ("run", "call", "check_call", "check_output", "Popen", "system",
                         "execv", "execvp", "execl", "execlp", "create_subprocess_exec",
                         "create_subprocess_shell") and node.args:
                a = node.args[0]
                if isinstance(a, (ast.List, ast.Tuple)) and a.elts:
                    a = a.elts[0]
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    report("cmd", os.path.basename(a.value.split()[0]), path, line0 + node.lineno)


def is_python(path, text):
    return path.endswith(".py") or re.match(r"#!\S*python", text) is not None


def main():
    builtins = set(open(sys.argv[1]).read().split())
    files = sys.argv[2:]
    texts = {}
    for f in files:
        try:
            texts[f] = open(f, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
    functions, variables = set(), {}
    for f, t in texts.items():
        if is_python(f, t):
            continue
        functions |= set(FUNC_DEF.findall(t)) | set(FUNC_DEF2.findall(t))
        for name, _q, value in VAR_SET.findall(t):
            if value and (NAME.match(value) or (value.startswith("/") and "$" not in value)):
                variables.setdefault(name, value)
            elif value:
                variables[name] = None if name not in variables else variables[name]
    out = []

    def report(kind, name, path, line):
        out.append("%s %s %s:%d" % (kind, name, path, line))

    for f, t in texts.items():
        if is_python(f, t):
            scan_python(f, t, report)
        else:
            ShellScanner(f, t, builtins, functions, variables, report).scan()
    print("\n".join(out))


if __name__ == "__main__":
    main()
