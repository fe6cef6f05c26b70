package io.leasehold.model.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/,                /,                  true",
      "/,                '',                 true",
      "/,                /a,                 false",
      "/**,              /,                  true",
      "/**,              /a/b/c,             true",
      "/api,             /api,               true",
      "/api,             /api/,              true",
      "/api,             /api?x=1,           true",
      "/api,             /apix,              false",
      "/api,             /API,               false",
      "/api,             /api/x,             false",
      "/api/*,           /api/x,             true",
      "/api/*,           /api/x/,            true",
      "/api/*,           /api,               false",
      "/api/*,           /api/x/y,           false",
      "/api/**,          /api,               true",
      "/api/**,          /api/x/y/z,         true",
      "/api/**,          /apix/y,            false",
      "/api/**/edit,     /api/edit,          true",
      "/api/**/edit,     /api/a/b/edit,      true",
      "/api/**/edit,     /api/a/b/edit/x,    false",
      "/api/**/edit,     /api/edit/edit,     true",
      "/*/users/*,       /v1/users/42,       true",
      "/*/users/*,       /v1/users,          false",
      "/**/x/**/y,       /a/x/b/x/c/y,       true",
      "/**/x/**/y,       /a/x/b/x/c/z,       false",
      "/a/*/**,          /a,                 false",
      "/a/*/**,          /a/b,               true",
      "/a/b,             //a///b//,          true",
      "/search,          /search?q=a/b,      true",
  })
  void matchesSegmentGlobs(String glob, String path, boolean expected) {
    assertThat(PathPattern.compile(glob).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "/,            /",
      "/api/,        /api",
      "//api//v1,    /api/v1",
      "/api/**/**,   /api/**",
      "/**/*/**,     /**/*/**",
  })
  void normalizesGlobs(String glob, String normalized) {
    assertThat(PathPattern.normalize(glob)).isEqualTo(normalized);
    assertThat(PathPattern.compile(glob).glob()).isEqualTo(normalized);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "api       | is not a path glob (expected an absolute path such as /api/**)",
      "/a b      | contains a space, which a path glob does not allow",
      "/a#b      | contains '#', which a path glob does not allow",
      "/a/***    | has the segment \"***\": '*' and '**' must be whole segments",
  })
  void explainsInvalidGlobs(String glob, String problem) {
    assertThat(PathPattern.problem(glob)).isEqualTo(problem);
  }
}
