package io.leasehold.terraform.checks;

import io.leasehold.terraform.hcl.HclFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references in the masked code of a file, so that text in comments, descriptions and heredoc
 * bodies never counts while interpolations do.
 */
final class References {

    // Not preceded by an identifier character or '.', so "each.var.x" or "myvar.x" do not match.
    private static final Pattern VARIABLE = Pattern.compile("(?<![A-Za-z0-9_.-])var\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern MODULE_OUTPUT = Pattern.compile(
            "(?<![A-Za-z0-9_.-])module\\.([A-Za-z_][A-Za-z0-9_-]*)(\\[[^\\]\\n]*\\])?\\.([A-Za-z_][A-Za-z0-9_-]*)");

    record VariableReference(String name, int line) {}

    record ModuleOutputReference(String module, String output, int line, String text) {}

    private References() {
    }

    static List<VariableReference> variables(HclFile file) {
        List<VariableReference> found = new ArrayList<>();
        Matcher m = VARIABLE.matcher(file.code());
        while (m.find()) {
            found.add(new VariableReference(m.group(1), file.lineAt(m.start())));
        }
        return found;
    }

    static List<ModuleOutputReference> moduleOutputs(HclFile file) {
        List<ModuleOutputReference> found = new ArrayList<>();
        Matcher m = MODULE_OUTPUT.matcher(file.code());
        while (m.find()) {
            found.add(new ModuleOutputReference(m.group(1), m.group(3), file.lineAt(m.start()), m.group()));
        }
        return found;
    }
}
