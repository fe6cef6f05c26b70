package io.leasehold.terraform.hcl;

/**
 * An argument {@code name = value} written directly in a block body.
 *
 * @param valueText the original text after {@code =} up to the end of that line, trimmed
 */
public record Attribute(String name, int line, String valueText) {

    /** The value when it is a plain string literal without interpolation, else {@code null}. */
    public String literalString() {
        if (valueText.length() >= 2 && valueText.startsWith("\"") && valueText.endsWith("\"")) {
            String inner = valueText.substring(1, valueText.length() - 1);
            if (!inner.contains("\"") && !inner.contains("${")) {
                return inner;
            }
        }
        return null;
    }
}
