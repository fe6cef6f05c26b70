package io.leasehold.terraform.hcl;

import java.util.Map;

/**
 * A {@code variable} or {@code output} block: hcl4j's attributes plus where the block is written.
 */
public record Declaration(String name, HclFile file, int line, Map<String, Object> attributes) {

    public boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    /** The attribute as a non-blank string, or {@code null}. */
    public String nonBlankString(String attribute) {
        return attributes.get(attribute) instanceof String s && !s.isBlank() ? s : null;
    }
}
