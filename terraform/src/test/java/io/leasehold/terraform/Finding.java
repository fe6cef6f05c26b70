package io.leasehold.terraform;

/**
 * One problem a check found: the file (relative to the checked tree, '/' separators), the 1-based
 * line (0 when the problem concerns a whole file or directory) and what is wrong.
 */
public record Finding(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
