package io.leasehold.aggregator.http;

import io.leasehold.aggregator.AggregatorConfigException;
import io.leasehold.aggregator.core.QuotaPolicies;
import io.leasehold.aggregator.core.RuleSetPolicies;
import io.leasehold.model.rules.ConfigProblem;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.util.List;

/** The production {@link RulesCompiler}: the shared rules parser, resolved for this region. */
public final class RuleDocumentCompiler implements RulesCompiler {
  private final String region;
  private final List<String> regions;

  /**
   * @param regions every region of the deployment (see {@link RuleSetPolicies#of})
   * @throws IllegalArgumentException when {@code regions} is empty or lacks {@code region}
   */
  public RuleDocumentCompiler(String region, List<String> regions) {
    RuleSetPolicies.requireDeploymentRegions(region, regions);
    this.region = region;
    this.regions = List.copyOf(regions);
  }

  @Override
  public QuotaPolicies compile(String document) {
    ConfigResult<RuleSet> result = RuleConfig.parseYaml(document); // JSON is YAML too
    if (!result.isValid()) {
      throw new AggregatorConfigException(result.problems().stream().map(ConfigProblem::toString).toList());
    }
    return RuleSetPolicies.of(result.value(), region, regions);
  }
}
