package io.leasehold.model.rules.parse;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/** The two Jackson mappers rule configuration is read and written with (thread-safe, shared). */
public final class ConfigMappers {

  public static final ObjectMapper JSON = configure(JsonMapper.builder()).build();

  public static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
          // YAML 1.1 reads yes/no/on/off as booleans: a region "no" or a header value "on" would change type
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // with minimized quotes a header value "123" would be written bare and read back as a number
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .stringQuotingChecker(new QuoteNumberLikeStrings())
          .build()))
      .build();

  private ConfigMappers() {}

  /**
   * Jackson's reader takes YAML 1.1 number forms ({@code 0._9}, {@code 1_000}, {@code 0x1F},
   * {@code 1:20}) as numbers, but its writer leaves some of them bare; an id or header value of
   * that shape would come back as a number. Quote every string that begins like a number.
   */
  private static final class QuoteNumberLikeStrings extends StringQuotingChecker.Default {
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[.0-9][0-9A-Za-z_.:+-]*");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(
      B builder) {
    return builder
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  }
}
