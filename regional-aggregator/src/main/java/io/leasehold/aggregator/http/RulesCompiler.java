package io.leasehold.aggregator.http;

import io.leasehold.aggregator.core.QuotaPolicies;

/**
 * Turns a rules document (from the coordinator or {@code rules_file}) into the policies of this
 * region. Validates before anything is replaced (invariant 5): a bad document throws and the
 * rules in force stay.
 */
@FunctionalInterface
public interface RulesCompiler {

  /**
   * @throws io.leasehold.aggregator.AggregatorConfigException listing every problem of the document
   */
  QuotaPolicies compile(String document);
}
