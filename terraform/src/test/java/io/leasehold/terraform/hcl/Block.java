package io.leasehold.terraform.hcl;

import java.util.List;

/**
 * A top-level block such as {@code module "global" { ... }}, located in the raw text because hcl4j
 * keeps no positions.
 *
 * @param attributes the arguments written directly in its body (not those of nested blocks)
 */
public record Block(String type, List<String> labels, int line, List<Attribute> attributes) {

    public String label(int index) {
        return index < labels.size() ? labels.get(index) : "";
    }

    /** How Terraform addresses the block in messages, e.g. {@code module "global"}. */
    public String address() {
        StringBuilder sb = new StringBuilder(type);
        labels.forEach(l -> sb.append(" \"").append(l).append('"'));
        return sb.toString();
    }
}
