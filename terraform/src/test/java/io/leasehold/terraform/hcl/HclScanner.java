package io.leasehold.terraform.hcl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lexer for the parts of HCL that decide structure: brackets, quoted strings, template
 * interpolations ({@code ${ }} and {@code %{ }}), heredocs and comments. hcl4j accepts unbalanced
 * input (a stray {@code }}, {@code [1, 2 }}, an unterminated string), so this scanner is the
 * balance check; it also yields a masked copy of the text for reference checks.
 */
public final class HclScanner {

    private static final Pattern HEREDOC_START = Pattern.compile("<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \\t]*\\r?\\n");

    private enum Kind { BRACE, BRACKET, PAREN, INTERPOLATION, STRING, HEREDOC }

    private record Frame(Kind kind, int line, int column, String marker) {
        boolean isCode() {
            return kind != Kind.STRING && kind != Kind.HEREDOC;
        }

        String describe() {
            return switch (kind) {
                case BRACE -> "'{'";
                case BRACKET -> "'['";
                case PAREN -> "'('";
                case INTERPOLATION -> "interpolation '" + marker + "'";
                case STRING -> "string";
                case HEREDOC -> "heredoc <<" + marker;
            };
        }

        String where() {
            return "line " + line + ", column " + column;
        }
    }

    private final String text;
    private final StringBuilder code;
    private final Deque<Frame> open = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int column = 1;
    private boolean atHeredocLineStart;

    private HclScanner(String text) {
        this.text = text;
        this.code = new StringBuilder(text.length());
    }

    public static ScannedSource scan(String text) {
        return new HclScanner(text).run();
    }

    private ScannedSource run() {
        SyntaxError error = null;
        while (error == null && pos < text.length()) {
            Frame top = open.peek();
            if (top == null || top.isCode()) {
                error = stepCode(top);
            } else if (top.kind() == Kind.STRING) {
                error = stepString(top);
            } else {
                stepHeredoc(top);
            }
        }
        if (error == null && !open.isEmpty()) {
            error = unclosedAtEnd(open.peek());
        }
        if (error != null) {
            code.append(text, pos, text.length());
        }
        return new ScannedSource(code.toString(), Optional.ofNullable(error));
    }

    private SyntaxError stepCode(Frame top) {
        char c = text.charAt(pos);
        if (c == '#' || text.startsWith("//", pos)) {
            blankUntilEndOfLine();
            return null;
        }
        if (text.startsWith("/*", pos)) {
            int end = text.indexOf("*/", pos + 2);
            if (end < 0) {
                return new SyntaxError(line, column, "block comment opened at " + here() + " is never closed (no '*/')");
            }
            blank(end + 2 - pos);
            return null;
        }
        if (c == '"') {
            open.push(new Frame(Kind.STRING, line, column, null));
            keep(1);
            return null;
        }
        if (c == '<' && startHeredoc()) {
            return null;
        }
        switch (c) {
            case '{' -> open.push(new Frame(Kind.BRACE, line, column, null));
            case '[' -> open.push(new Frame(Kind.BRACKET, line, column, null));
            case '(' -> open.push(new Frame(Kind.PAREN, line, column, null));
            case '}', ']', ')' -> {
                SyntaxError error = close(top, c);
                if (error != null) {
                    return error;
                }
            }
            default -> { }
        }
        keep(1);
        return null;
    }

    private SyntaxError close(Frame top, char closer) {
        if (top == null) {
            return new SyntaxError(line, column, "'" + closer + "' closes nothing: no bracket is open here");
        }
        boolean matches = switch (top.kind()) {
            case BRACE, INTERPOLATION -> closer == '}';
            case BRACKET -> closer == ']';
            case PAREN -> closer == ')';
            default -> false;
        };
        if (!matches) {
            return new SyntaxError(line, column,
                    "'" + closer + "' does not close " + top.describe() + " opened at " + top.where());
        }
        open.pop();
        return null;
    }

    private boolean startHeredoc() {
        Matcher m = HEREDOC_START.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            return false;
        }
        open.push(new Frame(Kind.HEREDOC, line, column, m.group(2)));
        blank(m.end() - pos);
        atHeredocLineStart = true;
        return true;
    }

    private SyntaxError stepString(Frame string) {
        char c = text.charAt(pos);
        if (c == '\n') {
            return new SyntaxError(string.line(), string.column(),
                    "string opened at " + string.where() + " is not closed before the end of its line");
        }
        if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) != '\n') {
            blank(2);
        } else if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
            blank(3);
        } else if (text.startsWith("${", pos) || text.startsWith("%{", pos)) {
            openInterpolation();
        } else if (c == '"') {
            open.pop();
            keep(1);
        } else {
            blank(1);
        }
        return null;
    }

    private void stepHeredoc(Frame heredoc) {
        if (atHeredocLineStart) {
            atHeredocLineStart = false;
            int end = text.indexOf('\n', pos);
            int lineEnd = end < 0 ? text.length() : end;
            // HCL accepts leading whitespace before the closing marker of both <<EOT and <<-EOT.
            if (text.substring(pos, lineEnd).strip().equals(heredoc.marker())) {
                blank(lineEnd - pos);
                open.pop();
                return;
            }
        }
        char c = text.charAt(pos);
        if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
            blank(3);
        } else if (text.startsWith("${", pos) || text.startsWith("%{", pos)) {
            openInterpolation();
        } else if (c == '\n') {
            keep(1);
            atHeredocLineStart = true;
        } else {
            blank(1);
        }
    }

    private void openInterpolation() {
        open.push(new Frame(Kind.INTERPOLATION, line, column, text.substring(pos, pos + 2)));
        keep(2);
    }

    private SyntaxError unclosedAtEnd(Frame frame) {
        String message = switch (frame.kind()) {
            case HEREDOC -> frame.describe() + " opened at line " + frame.line()
                    + " is never closed (no line consisting of " + frame.marker() + ")";
            case STRING -> "string opened at " + frame.where() + " is never closed";
            default -> frame.describe() + " opened at " + frame.where() + " is never closed";
        };
        return new SyntaxError(frame.line(), frame.column(), message);
    }

    private String here() {
        return "line " + line + ", column " + column;
    }

    private void blankUntilEndOfLine() {
        int end = text.indexOf('\n', pos);
        blank((end < 0 ? text.length() : end) - pos);
    }

    private void keep(int count) {
        for (int i = 0; i < count; i++) {
            char c = text.charAt(pos);
            code.append(c);
            advance(c);
        }
    }

    private void blank(int count) {
        for (int i = 0; i < count; i++) {
            char c = text.charAt(pos);
            code.append(c == '\n' || c == '\r' ? c : ' ');
            advance(c);
        }
    }

    private void advance(char c) {
        pos++;
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
}
