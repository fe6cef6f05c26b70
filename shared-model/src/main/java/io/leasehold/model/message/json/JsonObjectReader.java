package io.leasehold.model.message.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the fields of one JSON object, reporting every problem to a {@link DecodeContext} instead
 * of stopping at the first. A field with a problem reads as a placeholder (0, {@code null}, empty);
 * callers build a value only when no problem was reported.
 */
final class JsonObjectReader {

  /** Reads one element of a list, or returns {@code null} after reporting its problems. */
  @FunctionalInterface
  interface ElementReader<T> {
    T read(JsonNode element, FieldPath path, DecodeContext context);
  }

  private final JsonNode node;
  private final FieldPath path;
  private final DecodeContext context;
  private final Set<String> knownFields;

  private JsonObjectReader(JsonNode node, FieldPath path, DecodeContext context, Set<String> knownFields) {
    this.node = node;
    this.path = path;
    this.context = context;
    this.knownFields = knownFields;
  }

  /** A reader over {@code node}, or {@code null} (after reporting) when it is not an object. */
  static JsonObjectReader open(JsonNode node, FieldPath path, DecodeContext context, Set<String> knownFields) {
    if (node == null || !node.isObject()) {
      context.report(path, node, node == null || node.isMissingNode()
          ? "required"
          : "expected an object, got " + DecodeContext.describeType(node));
      return null;
    }
    return new JsonObjectReader(node, path, context, knownFields);
  }

  /** Whether any problem was reported in the whole message so far. */
  boolean anyProblem() {
    return context.problemCount() > 0;
  }

  void report(FieldPath where, String renderedValue, String reason) {
    context.report(where, renderedValue, reason);
  }

  void report(FieldPath where, JsonNode value, String reason) {
    context.report(where, value, reason);
  }

  FieldPath path(String field) {
    return path.field(field);
  }

  /** The field's node, or {@code null} when it is absent or JSON {@code null}. */
  JsonNode optionalNode(String field) {
    assert knownFields.contains(field) : field;
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** The field's node; reports and returns {@code null} when it is absent or JSON {@code null}. */
  JsonNode requiredNode(String field) {
    assert knownFields.contains(field) : field;
    JsonNode value = node.get(field);
    if (value == null) {
      context.report(path(field), (JsonNode) null, "required");
      return null;
    }
    if (value.isNull()) {
      context.report(path(field), value, "required; must not be null");
      return null;
    }
    return value;
  }

  String string(String field, TextRule rule) {
    JsonNode value = requiredNode(field);
    return value == null ? null : checkString(field, value, rule);
  }

  Optional<String> optionalString(String field, TextRule rule) {
    JsonNode value = optionalNode(field);
    return value == null ? Optional.empty() : Optional.ofNullable(checkString(field, value, rule));
  }

  private String checkString(String field, JsonNode value, TextRule rule) {
    if (!value.isTextual()) {
      context.report(path(field), value, "expected a string, got " + DecodeContext.describeType(value));
      return null;
    }
    String text = value.textValue();
    String violation = rule.violation(text);
    if (violation != null) {
      context.report(path(field), value, violation);
      return null;
    }
    return text;
  }

  long longValue(String field, long min, long max) {
    JsonNode value = requiredNode(field);
    return value == null ? 0L : checkLong(field, value, min, max);
  }

  OptionalLong optionalLong(String field, long min, long max) {
    JsonNode value = optionalNode(field);
    return value == null ? OptionalLong.empty() : OptionalLong.of(checkLong(field, value, min, max));
  }

  int intValue(String field, int min, int max) {
    return (int) longValue(field, min, max);
  }

  private long checkLong(String field, JsonNode value, long min, long max) {
    if (!value.isIntegralNumber()) {
      context.report(path(field), value, "expected an integer, got " + DecodeContext.describeType(value));
      return 0L;
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      context.report(path(field), value, rangeReason(min, max));
      return 0L;
    }
    return value.longValue();
  }

  private static String rangeReason(long min, long max) {
    if (max == Long.MAX_VALUE) {
      return "must be >= " + min;
    }
    return "must be in [" + min + ", " + max + "]";
  }

  boolean booleanValue(String field) {
    JsonNode value = requiredNode(field);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      context.report(path(field), value, "expected a boolean, got " + DecodeContext.describeType(value));
      return false;
    }
    return value.booleanValue();
  }

  /**
   * The field's elements, each read by {@code reader}; an element with problems is a {@code null}
   * entry, so indices still match the input.
   */
  <T> List<T> list(String field, int maxSize, ElementReader<T> reader) {
    JsonNode value = requiredNode(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      context.report(path(field), value, "expected an array, got " + DecodeContext.describeType(value));
      return List.of();
    }
    if (value.size() > maxSize) {
      context.report(path(field), value, "has " + value.size() + " elements; at most " + maxSize + " allowed");
      return List.of();
    }
    FieldPath listPath = path(field);
    List<T> elements = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      elements.add(reader.read(value.get(i), listPath.element(i), context));
    }
    return elements;
  }

  /** Like {@link #list}, for a field that may be absent (then no elements). */
  <T> List<T> optionalList(String field, int maxSize, ElementReader<T> reader) {
    return optionalNode(field) == null ? List.of() : list(field, maxSize, reader);
  }

  /** Reports every field not in the known set, unless this message's version allows extras. */
  void finish() {
    if (context.ignoresUnknownFields()) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!knownFields.contains(name)) {
        context.report(path(name), node.get(name), "unknown field; expected one of " + sorted(knownFields));
      }
    }
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().toList().toString();
  }
}
