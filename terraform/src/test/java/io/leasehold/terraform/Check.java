package io.leasehold.terraform;

import io.leasehold.terraform.checks.BalanceCheck;
import io.leasehold.terraform.checks.Hcl4jParseCheck;
import io.leasehold.terraform.checks.ModuleArgumentsDeclaredCheck;
import io.leasehold.terraform.checks.ModuleOutputsExistCheck;
import io.leasehold.terraform.checks.NoProviderBlocksInModulesCheck;
import io.leasehold.terraform.checks.OutputsDescribedCheck;
import io.leasehold.terraform.checks.RequiredProvidersCheck;
import io.leasehold.terraform.checks.RequiredVariablesPassedCheck;
import io.leasehold.terraform.checks.SecureRedisCheck;
import io.leasehold.terraform.checks.SensitiveValuesMarkedCheck;
import io.leasehold.terraform.checks.TfvarsDeclaredCheck;
import io.leasehold.terraform.checks.TreeCheck;
import io.leasehold.terraform.checks.VariableReferencesDeclaredCheck;
import io.leasehold.terraform.checks.VariablesTypedAndDescribedCheck;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.List;
import java.util.Locale;

/**
 * What the Terraform validation verifies instead of {@code terraform validate} (no terraform binary
 * runs in CI). Each check has a deliberately broken fixture under
 * {@code src/test/resources/broken/<fixtureName>/} on which it must fail.
 */
public enum Check {
    BALANCE("brackets, strings, interpolations, heredocs and block comments are closed in every file",
            new BalanceCheck()),
    HCL4J_PARSE("hcl4j parses every file", new Hcl4jParseCheck()),
    REQUIRED_PROVIDERS("versions.tf pins Terraform and every provider the module uses",
            new RequiredProvidersCheck()),
    NO_PROVIDER_BLOCKS_IN_MODULES("child modules configure no provider", new NoProviderBlocksInModulesCheck()),
    VARIABLES_TYPED_AND_DESCRIBED("every variable has a type and a description",
            new VariablesTypedAndDescribedCheck()),
    OUTPUTS_DESCRIBED("every output has a description and a value", new OutputsDescribedCheck()),
    SENSITIVE_VALUES_MARKED("variables and outputs that carry tokens, passwords or secrets are sensitive",
            new SensitiveValuesMarkedCheck()),
    SECURE_REDIS("ElastiCache Redis encrypts at rest and in transit, requires AUTH, fails over across AZs",
            new SecureRedisCheck()),
    VARIABLE_REFERENCES_DECLARED("every var.X is declared in its module", new VariableReferencesDeclaredCheck()),
    MODULE_ARGUMENTS_DECLARED("every argument passed to a module is a variable of that module",
            new ModuleArgumentsDeclaredCheck()),
    REQUIRED_VARIABLES_PASSED("every variable without a default is passed by each caller",
            new RequiredVariablesPassedCheck()),
    MODULE_OUTPUTS_EXIST("every module.M.O names a module call and one of its outputs",
            new ModuleOutputsExistCheck()),
    TFVARS_DECLARED("every assignment in a .tfvars file sets a declared variable", new TfvarsDeclaredCheck());

    private final String description;
    private final TreeCheck implementation;

    Check(String description, TreeCheck implementation) {
        this.description = description;
        this.implementation = implementation;
    }

    public String description() {
        return description;
    }

    /** The fixture directory name, e.g. {@code secure-redis}. */
    public String fixtureName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public List<Finding> run(TerraformTree tree) {
        return implementation.run(tree);
    }
}
