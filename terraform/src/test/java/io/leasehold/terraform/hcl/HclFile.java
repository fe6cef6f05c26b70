package io.leasehold.terraform.hcl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HCL file seen three ways: its text, its masked code ({@link HclScanner}) with the top-level
 * blocks found in it, and hcl4j's parse (evaluated values, no positions).
 */
public final class HclFile {

    private static final Pattern BLOCK_HEADER =
            Pattern.compile("[ \\t]*([A-Za-z_][A-Za-z0-9_-]*)((?:[ \\t]+\"[^\"\\n]*\")*)[ \\t]*\\{");
    private static final Pattern ATTRIBUTE = Pattern.compile("[ \\t]*([A-Za-z_][A-Za-z0-9_-]*)[ \\t]*=(?![=>])");
    private static final Pattern LABEL = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern HCL4J_LINE = Pattern.compile("line:? (\\d+)");

    private final String path;
    private final String text;
    private final boolean variablesFile;
    private final ScannedSource scanned;
    private final int[] lineStarts;
    private final List<Block> blocks;
    private final Map<String, Object> parsed;
    private final String parseError;

    private HclFile(String path, String text, boolean variablesFile) {
        this.path = path;
        this.text = text;
        this.variablesFile = variablesFile;
        this.scanned = HclScanner.scan(text);
        this.lineStarts = lineStarts(text);
        this.blocks = variablesFile ? List.of() : topLevelBlocks();
        Map<String, Object> result = null;
        String error = null;
        try {
            result = variablesFile ? Hcl4j.parseVariables(text) : Hcl4j.parseConfiguration(text);
        } catch (Exception | StackOverflowError e) {
            error = Hcl4j.describe(e);
        }
        this.parsed = result == null ? null : Collections.unmodifiableMap(result);
        this.parseError = error;
    }

    /** Reads and analyses {@code file}; {@code displayPath} is how findings name it. */
    public static HclFile load(Path file, String displayPath) {
        try {
            String name = file.getFileName().toString();
            boolean variables = name.endsWith(".tfvars") || name.endsWith(".tfvars.example");
            return new HclFile(displayPath, Files.readString(file), variables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Analyses text held in memory (tests). */
    public static HclFile of(String displayPath, String text) {
        return new HclFile(displayPath, text, displayPath.endsWith(".tfvars"));
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** Whether this is a {@code .tfvars} file rather than configuration. */
    public boolean isVariablesFile() {
        return variablesFile;
    }

    public ScannedSource scanned() {
        return scanned;
    }

    /** The masked code: comments and literal text blanked, same offsets and lines as {@link #text()}. */
    public String code() {
        return scanned.code();
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    /** Arguments at the top level of the file: the assignments of a {@code .tfvars} file. */
    public List<Attribute> topLevelAttributes() {
        return attributes(0, code().length(), true);
    }

    /** The line of the block with this type and labels, or 0 when the raw scan does not find it. */
    public int lineOf(String type, String... labels) {
        return blocks.stream()
                .filter(b -> b.type().equals(type) && b.labels().equals(List.of(labels)))
                .mapToInt(Block::line).findFirst().orElse(0);
    }

    /** hcl4j's evaluated view, empty when it could not parse the file (see {@link #parseError()}). */
    public Optional<Map<String, Object>> parsed() {
        return Optional.ofNullable(parsed);
    }

    public Optional<String> parseError() {
        return Optional.ofNullable(parseError);
    }

    /** The line hcl4j names in its error message, or 1. */
    public int parseErrorLine() {
        if (parseError == null) {
            return 0;
        }
        Matcher m = HCL4J_LINE.matcher(parseError);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /** 1-based line of a character offset. */
    public int lineAt(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<Block> topLevelBlocks() {
        String code = code();
        List<Block> found = new ArrayList<>();
        int depth = 0;
        boolean lineStart = true;
        for (int i = 0; i < code.length(); i++) {
            if (lineStart && depth == 0) {
                Matcher header = BLOCK_HEADER.matcher(code).region(i, code.length());
                if (header.lookingAt()) {
                    int open = header.end() - 1;
                    int close = matchingClose(code, open);
                    found.add(new Block(header.group(1), labels(header.start(2), header.end(2)), lineAt(header.start(1)),
                            attributes(open + 1, close, false)));
                    i = close;
                    lineStart = false;
                    continue;
                }
            }
            char c = code.charAt(i);
            depth += depthChange(c);
            lineStart = c == '\n';
        }
        return List.copyOf(found);
    }

    private List<String> labels(int start, int end) {
        List<String> labels = new ArrayList<>();
        Matcher m = LABEL.matcher(text).region(start, end);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    private List<Attribute> attributes(int bodyStart, int bodyEnd, boolean startsAtLineStart) {
        String code = code();
        List<Attribute> found = new ArrayList<>();
        int depth = 0;
        boolean lineStart = startsAtLineStart;
        for (int i = bodyStart; i < bodyEnd; i++) {
            if (lineStart && depth == 0) {
                Matcher m = ATTRIBUTE.matcher(code).region(i, bodyEnd);
                if (m.lookingAt()) {
                    found.add(new Attribute(m.group(1), lineAt(m.start(1)), valueText(m.end())));
                }
            }
            char c = code.charAt(i);
            depth += depthChange(c);
            lineStart = c == '\n';
        }
        return List.copyOf(found);
    }

    /** The original text of a value from {@code start} to the end of its line, without a trailing comment. */
    private String valueText(int start) {
        String code = code();
        int lineEnd = code.indexOf('\n', start);
        int end = lineEnd < 0 ? code.length() : lineEnd;
        while (end > start && Character.isWhitespace(code.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end).strip();
    }

    /** Offset of the bracket closing the one at {@code open}, or the end of the text if unbalanced. */
    private static int matchingClose(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            depth += depthChange(code.charAt(i));
            if (depth == 0) {
                return i;
            }
        }
        return code.length() - 1;
    }

    private static int depthChange(char c) {
        return switch (c) {
            case '{', '[', '(' -> 1;
            case '}', ']', ')' -> -1;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return path;
    }
}
