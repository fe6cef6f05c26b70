package io.leasehold.terraform.hcl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@code module "name" { ... }} block and the arguments it passes. */
public record ModuleCall(String name, HclFile file, Block block) {

    /** Arguments Terraform itself interprets; everything else must be a variable of the child. */
    public static final Set<String> META_ARGUMENTS = Set.of("source", "version", "providers", "count", "for_each", "depends_on");

    public int line() {
        return block.line();
    }

    /** The source as written, when it is a plain string. */
    public Optional<String> source() {
        return block.attributes().stream().filter(a -> a.name().equals("source"))
                .map(Attribute::literalString).filter(s -> s != null).findFirst();
    }

    /** Whether the source is a path inside this repository rather than a registry or remote address. */
    public boolean hasLocalSource() {
        return source().map(s -> s.startsWith("./") || s.startsWith("../")).orElse(false);
    }

    /** The input variables this call sets. */
    public List<Attribute> inputs() {
        return block.attributes().stream().filter(a -> !META_ARGUMENTS.contains(a.name())).toList();
    }
}
