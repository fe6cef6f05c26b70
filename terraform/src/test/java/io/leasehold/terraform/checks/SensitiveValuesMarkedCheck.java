package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Declaration;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Variables and outputs whose names say they hold a credential (ending in {@code token},
 * {@code password}, {@code secret} or {@code private_key}) are {@code sensitive = true}, so plans
 * and logs never show them. Names such as {@code admin_token_secret_arn} refer to a secret rather
 * than hold it and do not end in such a word.
 */
public final class SensitiveValuesMarkedCheck implements TreeCheck {

    private static final Pattern CREDENTIAL = Pattern.compile("(^|_)(tokens?|passwords?|passwd|secrets?|private_key)$");

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            dir.variables().values().forEach(v -> check("variable", v, findings));
            dir.outputs().values().forEach(o -> check("output", o, findings));
        }
        return findings;
    }

    static boolean carriesCredential(String name) {
        return CREDENTIAL.matcher(name).find();
    }

    private static void check(String kind, Declaration declaration, List<Finding> findings) {
        if (carriesCredential(declaration.name()) && !Boolean.TRUE.equals(declaration.attributes().get("sensitive"))) {
            findings.add(new Finding(declaration.file().path(), declaration.line(), kind + " \"" + declaration.name()
                    + "\" carries a credential but is not marked sensitive = true"));
        }
    }
}
